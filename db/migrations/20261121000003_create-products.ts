// Products: what the shop sells; prices and stock live on their variants.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('products', (t) => {
    t.increments('id').primary();
    t.integer('category_id').unsigned().nullable().references('id').inTable('categories').onDelete('SET NULL');
    t.string('slug', 160).notNullable().unique();
    t.string('name', 160).notNullable();
    t.text('description').notNullable().defaultTo('');
    t.string('status', 16).notNullable().defaultTo('draft');
    t.boolean('featured').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("?? in ('draft', 'active', 'archived')", ['status'], 'products_status_check');
    t.index(['status', 'category_id']);
    t.index(['created_at']);
  });
}
