// Shipping methods checkout offers: a price in cents and the rules that make it free.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('shipping_methods', (t) => {
    t.increments('id').primary();
    t.string('code', 32).notNullable().unique();
    t.string('name', 120).notNullable();
    t.integer('price_cents').notNullable();
    // Free when the pre-discount subtotal reaches this; null: never free by amount.
    t.integer('free_above_cents').nullable();
    t.boolean('free_for_members').notNullable().defaultTo(false);
    t.integer('position').notNullable().defaultTo(0);
    t.boolean('active').notNullable().defaultTo(true);
    t.check('?? >= 0', ['price_cents'], 'shipping_methods_price_check');
    t.check('?? is null or ?? >= 0', ['free_above_cents', 'free_above_cents'], 'shipping_methods_free_above_check');
  });
}
