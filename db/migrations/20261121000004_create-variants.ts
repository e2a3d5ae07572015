// Variants: the buyable SKUs of a product, each with options, a price in cents and stock on hand.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('variants', (t) => {
    t.increments('id').primary();
    t.integer('product_id').unsigned().notNullable().references('id').inTable('products').onDelete('CASCADE');
    t.string('sku', 64).notNullable().unique();
    // JSON object of option name -> value, e.g. {"size":"M","colour":"Blue"}; text so both dialects agree.
    t.text('options').notNullable().defaultTo('{}');
    t.integer('price_cents').notNullable();
    t.integer('stock').notNullable().defaultTo(0);
    t.integer('position').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // The database itself refuses to oversell, whatever the code above it does.
    t.check('?? >= 0', ['stock'], 'variants_stock_check');
    t.check('?? >= 0', ['price_cents'], 'variants_price_check');
    t.index(['product_id']);
  });
}
