// The amount refunded on an order so far (cancel or refunds), never more than its total.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => {
    t.integer('refunded_cents').notNullable().defaultTo(0);
  });
}
