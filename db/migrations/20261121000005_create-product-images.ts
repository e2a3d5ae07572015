// Product images: ordered, with alt text; the file lives in the upload directory.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('product_images', (t) => {
    t.increments('id').primary();
    t.integer('product_id').unsigned().notNullable().references('id').inTable('products').onDelete('CASCADE');
    t.string('file', 200).notNullable();
    t.integer('width').notNullable();
    t.integer('height').notNullable();
    t.string('alt', 300).notNullable().defaultTo('');
    t.integer('position').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['product_id', 'position']);
  });
}
