// The customer's language, for what the shop sends to the account (password reset, sign-up notices) wherever it is asked from.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    // 'en' | 'fr'; null (accounts from before, and those made in the back office): the shop's default language.
    t.string('locale', 2).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('locale');
  });
}
