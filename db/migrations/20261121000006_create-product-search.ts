// Full-text index of products: FTS5 on SQLite, tsvector + GIN on PostgreSQL (kept by catalog/search.ts).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.schema.createTable('product_search', (t) => {
      t.integer('product_id').primary().references('id').inTable('products').onDelete('CASCADE');
      t.specificType('document', 'tsvector').notNullable();
    });
    await knex.raw('create index product_search_document_idx on product_search using gin (document)');
  } else {
    await knex.raw(
      "create virtual table product_search using fts5(product_id unindexed, name, sku, description, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    );
  }
}
