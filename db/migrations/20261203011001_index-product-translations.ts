// Search in both languages: the index rows of existing products are rewritten with their translations (the French
// name and description beside the English, each word with its stems), so "tablier" finds the Linen Apron.
// Self-contained on purpose: it writes the columns product_search has at this point of the schema.
import type { Knex } from 'knex';
import { foldText, indexText } from '../../src/catalog/search-text';

export async function up(knex: Knex): Promise<void> {
  const products: { id: number; name: string; description: string }[] = await knex('products').select('id', 'name', 'description');
  const skus = new Map<number, string[]>();
  for (const v of (await knex('variants').select('product_id', 'sku')) as { product_id: number; sku: string }[]) {
    skus.set(Number(v.product_id), [...(skus.get(Number(v.product_id)) ?? []), v.sku]);
  }
  const translated = new Map<number, { name: string; description: string }[]>();
  for (const r of (await knex('product_translations').select('product_id', 'name', 'description')) as { product_id: number; name: string | null; description: string | null }[]) {
    translated.set(Number(r.product_id), [...(translated.get(Number(r.product_id)) ?? []), { name: r.name ?? '', description: r.description ?? '' }]);
  }
  await knex('product_search').delete();
  for (const p of products) {
    const other = translated.get(Number(p.id)) ?? [];
    const name = indexText([p.name, ...other.map((o) => o.name)].join(' '));
    const sku = foldText((skus.get(Number(p.id)) ?? []).join(' '));
    const description = indexText([p.description, ...other.map((o) => o.description)].join(' '));
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
