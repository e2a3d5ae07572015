// Webhook events from a payment processor, one row per event id: a redelivered event is recognised and not acted on twice.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payment_webhook_events', (t) => {
    /** The processor ('stripe'): event ids are unique only within one processor. */
    t.string('provider', 40).notNullable();
    t.string('event_id', 255).notNullable();
    /** What the shop read from it (payment_succeeded, payment_failed, payment_expired, ignored). */
    t.string('kind', 40).notNullable();
    /** The event as the shop read it (JSON, no card data): enough to act on it again by hand. */
    t.text('event_json').notNullable();
    t.bigInteger('received_at').notNullable();
    /** Set once the shop has acted on it; null while a delivery is being handled or after one failed. */
    t.bigInteger('processed_at').nullable();
    t.primary(['provider', 'event_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('payment_webhook_events');
}
