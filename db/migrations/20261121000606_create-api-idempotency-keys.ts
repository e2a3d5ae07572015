// Idempotency keys of the REST API (POST /api/v1/orders): the first answer to a key, replayed to its retries for 24 h.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_idempotency_keys', (t) => {
    t.increments('id').primary();
    /** Whose key it is: "user:<id>" for accounts, "cart:<id>" for a guest's session cart. Keys of different callers never meet. */
    t.string('scope', 100).notNullable();
    /** sha256 hex of the Idempotency-Key header: the key itself is a secret of the client. */
    t.string('key_hash', 64).notNullable();
    /** HMAC (keyed by the key) of the canonical JSON body: tells a retry from a different request. */
    t.string('body_hash', 64).notNullable();
    /** HTTP status of the first answer; null while the first request is still running. */
    t.integer('status').nullable();
    /** The first answer's JSON body, replayed as it was. */
    t.text('response_json').nullable();
    t.bigInteger('created_at').notNullable().index();
    /** A running request holds the key until then; past it, a retry may take over (a crashed process never answers). */
    t.bigInteger('locked_until').notNullable();
    t.unique(['scope', 'key_hash']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_idempotency_keys');
}
