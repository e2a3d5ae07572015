// Every change of a variant's stock, with its reason: the ledger explains the stock on hand.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('inventory_ledger', (t) => {
    t.increments('id').primary();
    t.integer('variant_id').unsigned().notNullable().references('id').inTable('variants').onDelete('CASCADE');
    t.integer('change').notNullable();
    t.integer('stock_after').notNullable();
    t.string('reason', 20).notNullable();
    t.integer('order_id').unsigned().nullable().references('id').inTable('orders').onDelete('SET NULL');
    t.integer('actor_user_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('note', 300).notNullable().defaultTo('');
    t.bigInteger('created_at').notNullable();
    t.check("?? in ('initial', 'received', 'damaged', 'correction', 'order', 'cancel', 'refund')", ['reason'], 'inventory_ledger_reason_check');
    t.index(['variant_id', 'id']);
  });
}
