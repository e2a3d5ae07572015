// A discount code's description in other languages than the shop's default (en), like the catalogue's
// *_translations: a row exists only for another locale, and an empty description falls back to the base one.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('discount_code_translations', (t) => {
    t.integer('discount_code_id').notNullable().references('id').inTable('discount_codes').onDelete('CASCADE');
    t.string('locale', 8).notNullable();
    t.string('description', 200).notNullable().defaultTo('');
    t.primary(['discount_code_id', 'locale']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('discount_code_translations');
}
