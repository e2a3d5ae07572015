// Payments: the charge that paid an order, as the processor reported it; only the card's brand and last four digits.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payments', (t) => {
    t.increments('id').primary();
    // Null for a charge that never became an order (it lost a race for the last unit, or the code ran out):
    // such a row records the refund, and its unique charge_id stops an order from claiming a refunded charge.
    t.integer('order_id').unsigned().nullable().references('id').inTable('orders').onDelete('CASCADE');
    t.string('provider', 32).notNullable();
    t.string('charge_id', 100).notNullable();
    t.string('status', 16).notNullable();
    t.integer('amount_cents').notNullable();
    t.string('currency', 3).notNullable();
    t.string('brand', 16).notNullable();
    t.string('last4', 4).notNullable();
    // ms since epoch
    t.bigInteger('created_at').notNullable();
    t.unique(['provider', 'charge_id']);
    t.index(['order_id']);
    // refunding: an orphaned charge whose refund was asked for; refund_failed: staff must refund it by hand.
    t.check("?? in ('succeeded', 'partially_refunded', 'refunded', 'refunding', 'refund_failed')", ['status'], 'payments_status_check');
  });
}
