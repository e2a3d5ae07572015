// Sign-ups waiting for their emailed link: the account is created only when the address is confirmed.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('signup_requests', (t) => {
    t.increments('id').primary();
    // The canonical form (accounts/email-address.ts); not unique: whoever follows a link first gets the account.
    t.string('email', 254).notNullable().index();
    t.string('name', 120).notNullable();
    t.string('password_hash', 255).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    // Where the visitor was going when they signed up (a path on this site).
    t.string('return_to', 500).notNullable().defaultTo('/account');
    t.bigInteger('expires_at').notNullable().index();
    t.bigInteger('used_at').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}
