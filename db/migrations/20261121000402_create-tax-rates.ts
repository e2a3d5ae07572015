// Tax rates by destination: a country, optionally narrowed to a region ('' is the whole country).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tax_rates', (t) => {
    t.increments('id').primary();
    // ISO 3166-1 alpha-2 in capitals.
    t.string('country', 2).notNullable();
    t.string('region', 100).notNullable().defaultTo('');
    // Basis points: 2000 = 20 %.
    t.integer('rate_bp').notNullable();
    t.unique(['country', 'region']);
    t.check('?? between 0 and 10000', ['rate_bp'], 'tax_rates_rate_check');
  });
}
