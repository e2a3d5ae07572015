// Whether an order's prices included VAT (the shop setting when it was placed): its amounts are stored as charged,
// and this says how to read them, so an order placed before the shop switched keeps rendering as it was.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => {
    // false for every order placed before: tax was added on top of tax-exclusive prices then.
    t.boolean('prices_include_tax').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => {
    t.dropColumn('prices_include_tax');
  });
}
