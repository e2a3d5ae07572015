// Personal API tokens: an app signs in as its account with `Authorization: Bearer`; only a hash is kept.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_tokens', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('name', 60).notNullable();
    /** sha256 hex of the whole token: tokens are 32 random bytes, so a fast hash is enough. */
    t.string('token_hash', 64).notNullable().unique();
    /** The first characters, shown in the list so the owner can tell tokens apart. */
    t.string('prefix', 16).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_used_at').nullable();
    t.bigInteger('revoked_at').nullable();
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_tokens');
}
