// Order lines: each variant as sold, with its name, SKU, options and prices copied at the time of sale.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('order_lines', (t) => {
    t.increments('id').primary();
    t.integer('order_id').unsigned().notNullable().references('id').inTable('orders').onDelete('CASCADE');
    // Kept for restocking and reports; the copied fields below are what the customer bought.
    t.integer('variant_id').unsigned().nullable().references('id').inTable('variants').onDelete('SET NULL');
    t.integer('product_id').unsigned().nullable().references('id').inTable('products').onDelete('SET NULL');
    t.string('product_name', 160).notNullable();
    t.string('sku', 64).notNullable();
    t.string('options_label', 200).notNullable().defaultTo('');
    t.integer('quantity').notNullable();
    t.integer('unit_price_cents').notNullable();
    t.integer('line_subtotal_cents').notNullable();
    t.integer('line_discount_cents').notNullable();
    t.integer('line_tax_cents').notNullable();
    t.integer('line_total_cents').notNullable();
    t.check('?? between 1 and 99', ['quantity'], 'order_lines_quantity_check');
    t.index(['order_id']);
  });
}
