// Shop-wide settings in one row (id 1): how prices are entered, and (added by later migrations) the seller's
// identity printed on invoices. A row is always there, so readers never guess defaults.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('shop_settings', (t) => {
    t.integer('id').primary();
    // false: prices are entered and shown without VAT and tax is added at checkout (selling to businesses).
    t.boolean('prices_include_tax').notNullable().defaultTo(false);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex('shop_settings').insert({ id: 1, prices_include_tax: false });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('shop_settings');
}
