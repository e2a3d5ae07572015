// How many units of a line were returned and refunded: a refund by line may never exceed what was sold.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('order_lines', (t) => {
    t.integer('refunded_quantity').notNullable().defaultTo(0);
  });
}
