// Orders: what a customer bought, the totals as charged and where it goes; prices are copied, never joined.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('orders', (t) => {
    t.increments('id').primary();
    // Public and random ('EMP-' + 10 base32 characters): a stranger cannot guess another order's number.
    t.string('number', 20).notNullable().unique();
    // Null for a guest; an order outlives a deleted account (it is the shop's record of a sale).
    t.integer('user_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
    // The cart the order came from (no foreign key: carts come and go); a replayed checkout must come from it.
    t.integer('cart_id').nullable();
    t.string('email', 254).notNullable();
    t.string('status', 16).notNullable().defaultTo('paid');
    t.string('currency', 3).notNullable();
    t.integer('subtotal_cents').notNullable();
    t.integer('discount_cents').notNullable();
    t.integer('shipping_cents').notNullable();
    t.integer('tax_cents').notNullable();
    t.integer('total_cents').notNullable();
    t.integer('tax_rate_bp').notNullable();
    t.string('discount_code', 64).nullable();
    t.string('shipping_method', 32).notNullable();
    t.string('ship_name', 120).notNullable();
    t.string('ship_line1', 200).notNullable();
    t.string('ship_line2', 200).notNullable().defaultTo('');
    t.string('ship_postal_code', 20).notNullable();
    t.string('ship_city', 100).notNullable();
    t.string('ship_region', 100).notNullable().defaultTo('');
    t.string('ship_country', 2).notNullable();
    t.string('ship_phone', 40).notNullable().defaultTo('');
    // sha256 (hex) of the token in a guest's order link; the token itself is never stored.
    t.string('access_token_hash', 64).notNullable();
    // sha256 (hex) of the checkout's one-time token: the unique index is what makes placing an order idempotent.
    t.string('idempotency_key_hash', 64).notNullable().unique();
    // ms since epoch, like every time the order code writes (one representation on both dialects).
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.check("?? in ('paid', 'fulfilled', 'shipped', 'delivered', 'cancelled', 'refunded')", ['status'], 'orders_status_check');
    t.check(
      '?? >= 0 and ?? >= 0 and ?? >= 0 and ?? >= 0 and ?? >= 0',
      ['subtotal_cents', 'discount_cents', 'shipping_cents', 'tax_cents', 'total_cents'],
      'orders_amounts_check',
    );
    t.index(['user_id', 'created_at']);
  });
}
