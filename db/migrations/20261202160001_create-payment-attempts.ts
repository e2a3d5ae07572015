// Payment attempts: one row per try at paying a cart, committed before the processor is called, so no charge is ever taken without a trace.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payment_attempts', (t) => {
    t.increments('id').primary();
    // Public and random: it names the attempt in links and in the back office without revealing a count.
    t.string('reference', 40).notNullable().unique();
    // The processor's idempotency key: a retry with it (after a crash, a timeout, a double submit) never charges twice.
    t.string('processor_key', 255).notNullable().unique();
    // sha256 of the checkout token: the order written for this attempt carries the same hash.
    t.string('checkout_key_hash', 64).notNullable().index();
    t.integer('cart_id').unsigned().nullable().references('id').inTable('carts').onDelete('SET NULL');
    t.integer('user_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('provider', 32).notNullable();
    t.integer('amount_cents').notNullable();
    t.string('currency', 3).notNullable();
    // pending -> succeeded | failed | refund_pending; refund_pending -> refunded | refund_failed. Only forward.
    t.string('status', 32).notNullable();
    t.string('charge_id', 100).nullable();
    t.string('brand', 16).nullable();
    t.string('last4', 4).nullable();
    t.string('decline_reason', 32).nullable();
    t.integer('order_id').unsigned().nullable().references('id').inTable('orders').onDelete('SET NULL');
    // JSON: the quote (lines, totals, method, code), email, address, expected total: enough to write the order without the shopper.
    t.text('snapshot').notNullable();
    // A reconciler run holds the row until then (ms since epoch), so two instances never handle it at once.
    t.bigInteger('claimed_until').nullable();
    // ms since epoch
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['status', 'created_at']);
    t.check("?? in ('pending', 'succeeded', 'failed', 'refund_pending', 'refunded', 'refund_failed')", ['status'], 'payment_attempts_status_check');
  });
  // One cart, one payment: at most one attempt per cart may be pending. A partial index reads the same on both dialects.
  await knex.raw("create unique index payment_attempts_one_pending_per_cart on payment_attempts (cart_id) where status = 'pending'");
}
