// The processor's own name for an attempt's payment (a Stripe Checkout Session id), stored before the shopper is sent to its page.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payment_attempts', (t) => {
    // Null for card payments and until the hosted page is created; the shopper's return and the lookups use it.
    t.string('processor_reference', 255).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payment_attempts', (t) => t.dropColumn('processor_reference'));
}
