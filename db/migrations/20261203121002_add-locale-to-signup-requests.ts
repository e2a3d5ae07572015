// The language a sign-up was asked in, so the account gets it even when the emailed link is opened in another one.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('signup_requests', (t) => {
    // 'en' | 'fr'; null (requests from before): the shop's default language.
    t.string('locale', 2).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('signup_requests', (t) => {
    t.dropColumn('locale');
  });
}
