// The carrier's tracking number, set when a clerk ships the order.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => {
    t.string('tracking_number', 100).nullable();
  });
}
