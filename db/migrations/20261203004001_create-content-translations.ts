// Catalogue content in other languages than the shop's default (en): the base rows keep the default language and
// a translation row exists only for another locale. Readers fall back to the base text for anything missing.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('product_translations', (t) => {
    t.integer('product_id').notNullable().references('id').inTable('products').onDelete('CASCADE');
    t.string('locale', 8).notNullable();
    t.string('name', 160).notNullable().defaultTo('');
    t.text('description').notNullable().defaultTo('');
    t.string('meta_description', 320).notNullable().defaultTo('');
    // Null: no slug of its own in this language (the default one serves). Unique per locale.
    t.string('slug', 160).nullable();
    t.primary(['product_id', 'locale']);
    t.unique(['locale', 'slug']);
  });
  await knex.schema.createTable('category_translations', (t) => {
    t.integer('category_id').notNullable().references('id').inTable('categories').onDelete('CASCADE');
    t.string('locale', 8).notNullable();
    t.string('name', 120).notNullable().defaultTo('');
    t.text('description').notNullable().defaultTo('');
    t.string('slug', 120).nullable();
    t.primary(['category_id', 'locale']);
    t.unique(['locale', 'slug']);
  });
  await knex.schema.createTable('shipping_method_translations', (t) => {
    t.integer('shipping_method_id').notNullable().references('id').inTable('shipping_methods').onDelete('CASCADE');
    t.string('locale', 8).notNullable();
    t.string('name', 120).notNullable();
    t.primary(['shipping_method_id', 'locale']);
  });
  // variants.options is free text ({"size": "Large", "colour": "Sage"}): its names and values translate by text.
  await knex.schema.createTable('option_translations', (t) => {
    t.string('locale', 8).notNullable();
    t.string('kind', 8).notNullable();
    t.string('source', 120).notNullable();
    t.string('text', 120).notNullable();
    t.primary(['locale', 'kind', 'source']);
    t.check("?? in ('name', 'value')", ['kind'], 'option_translations_kind_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('option_translations');
  await knex.schema.dropTable('shipping_method_translations');
  await knex.schema.dropTable('category_translations');
  await knex.schema.dropTable('product_translations');
}
