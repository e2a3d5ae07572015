// discount_codes.description: what shoppers read beside the code where it is applied, in the shop's default language.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('discount_codes', (t) => {
    // Empty: the code shows on its own.
    t.string('description', 200).notNullable().defaultTo('');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('discount_codes', (t) => {
    t.dropColumn('description');
  });
}
