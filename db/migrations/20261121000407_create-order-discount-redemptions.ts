// Who used which discount code on which order: counted for per-customer limits.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('order_discount_redemptions', (t) => {
    t.increments('id').primary();
    t.integer('discount_code_id').unsigned().notNullable().references('id').inTable('discount_codes').onDelete('CASCADE');
    t.integer('user_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
    // Lower-cased, so a guest's redemptions count against the same address when they come back.
    t.string('email', 254).notNullable();
    t.integer('order_id').unsigned().notNullable().references('id').inTable('orders').onDelete('CASCADE');
    // ms since epoch
    t.bigInteger('created_at').notNullable();
    t.unique(['order_id']);
    t.index(['discount_code_id', 'user_id']);
    t.index(['discount_code_id', 'email']);
  });
}
