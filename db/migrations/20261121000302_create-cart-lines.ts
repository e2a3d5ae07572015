// Cart lines: a variant and a quantity from 1 to 99; prices are never stored here, always read fresh.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cart_lines', (t) => {
    t.increments('id').primary();
    t.integer('cart_id').unsigned().notNullable().references('id').inTable('carts').onDelete('CASCADE');
    t.integer('variant_id').unsigned().notNullable().references('id').inTable('variants').onDelete('CASCADE');
    t.integer('quantity').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['cart_id', 'variant_id']);
    t.check('?? between 1 and 99', ['quantity'], 'cart_lines_quantity_check');
  });
}
