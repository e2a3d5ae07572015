// Product images' alternative text in other languages than the shop's default (en), beside the base alt on
// product_images; readers fall back to the base alt where a language has none.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('image_translations', (t) => {
    t.integer('image_id').notNullable().references('id').inTable('product_images').onDelete('CASCADE');
    t.string('locale', 8).notNullable();
    t.string('alt', 300).notNullable();
    t.primary(['image_id', 'locale']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('image_translations');
}
