// Payment refunds: each refund asked of the processor, recorded as pending before the call and confirmed only by its answer.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payment_refunds', (t) => {
    t.increments('id').primary();
    t.string('reference', 40).notNullable().unique();
    // The processor's idempotency key: asking again (after a crash or a timeout) never refunds twice.
    t.string('processor_key', 255).notNullable().unique();
    // An order's refund (cancel, return) or an attempt's whose order could not be written; at least one is set.
    t.integer('order_id').unsigned().nullable().references('id').inTable('orders').onDelete('SET NULL');
    t.integer('attempt_id').unsigned().nullable().references('id').inTable('payment_attempts').onDelete('SET NULL');
    t.string('provider', 32).notNullable();
    t.string('charge_id', 100).notNullable();
    t.integer('amount_cents').notNullable();
    t.string('currency', 3).notNullable();
    // pending -> succeeded | failed. Only forward.
    t.string('status', 16).notNullable();
    t.string('failure_reason', 32).nullable();
    t.bigInteger('claimed_until').nullable();
    // ms since epoch
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['order_id']);
    t.index(['status', 'created_at']);
    t.check("?? in ('pending', 'succeeded', 'failed')", ['status'], 'payment_refunds_status_check');
  });
}
