// Categories, nested one level (a category may have a parent).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('categories', (t) => {
    t.increments('id').primary();
    t.integer('parent_id').unsigned().nullable().references('id').inTable('categories').onDelete('SET NULL');
    t.string('slug', 120).notNullable().unique();
    t.string('name', 120).notNullable();
    t.text('description').notNullable().defaultTo('');
    t.integer('position').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['parent_id']);
  });
}
