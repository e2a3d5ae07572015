// Search learns word endings: the index rows of existing products are rewritten with each word's stems
// (catalog/search-text.ts), so "bathrobes" finds "Bathrobe" in a shop created before this version.
// Self-contained on purpose: it writes the columns product_search has at this point of the schema.
import type { Knex } from 'knex';
import { foldText, indexText } from '../../src/catalog/search-text';

export async function up(knex: Knex): Promise<void> {
  const products: { id: number; name: string; description: string }[] = await knex('products').select('id', 'name', 'description');
  const skus = new Map<number, string[]>();
  for (const v of (await knex('variants').select('product_id', 'sku')) as { product_id: number; sku: string }[]) {
    skus.set(v.product_id, [...(skus.get(v.product_id) ?? []), v.sku]);
  }
  await knex('product_search').delete();
  for (const p of products) {
    const name = indexText(p.name);
    const sku = foldText((skus.get(p.id) ?? []).join(' '));
    const description = indexText(p.description);
    if (knex.client.config.client === 'pg') {
      await knex.raw(
        `insert into product_search (product_id, document) values (?, setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'C'))`,
        [p.id, name, sku, description],
      );
    } else {
      await knex('product_search').insert({ product_id: p.id, name, sku, description });
    }
  }
}
