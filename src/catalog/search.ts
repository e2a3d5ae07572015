// Full-text search over products: the one place where SQLite (FTS5) and PostgreSQL (tsvector) differ.
import type { Knex } from 'knex';
import { isPostgres } from '../db';

const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 32;

/** Lower case without diacritics, so "Café" and "cafe" meet on both databases. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * The words of a shopper's query. Everything that is not a letter or a digit separates words, so quotes,
 * SQL and FTS operators (OR, NEAR, *, ^, :) are plain text and never reach the query language.
 */
export function searchTerms(query: string): string[] {
  const words = foldText(query).match(/[\p{L}\p{N}]+/gu) ?? [];
  const unique: string[] = [];
  for (const word of words) {
    const term = word.slice(0, MAX_TERM_LENGTH);
    if (!unique.includes(term)) unique.push(term);
    if (unique.length === MAX_TERMS) break;
  }
  return unique;
}

/**
 * A subquery of (product_id, rank) for products matching every term as a prefix; a lower rank is a
 * better match on both databases. Name and SKU weigh more than the description.
 */
export function matchingProducts(db: Knex, terms: string[]): Knex.QueryBuilder {
  if (isPostgres(db)) {
    const tsquery = terms.map((t) => `${t}:*`).join(' & ');
    return db
      .select('product_id', db.raw("-ts_rank(document, to_tsquery('simple', ?)) as rank", [tsquery]))
      .from('product_search')
      .whereRaw("document @@ to_tsquery('simple', ?)", [tsquery]);
  }
  // Each term is letters and digits only, so wrapping it in double quotes is an exact FTS5 string.
  const match = terms.map((t) => `"${t}"*`).join(' ');
  return db
    .select('product_id', db.raw('bm25(product_search, 0, 10.0, 8.0, 1.0) as rank'))
    .from('product_search')
    .whereRaw('product_search match ?', [match]);
}

interface IndexRow {
  id: number;
  name: string;
  description: string;
  skus: string;
}

/** Rebuilds the search rows of the given products (all when no ids): call after any catalog write. */
export async function reindexProducts(db: Knex, productIds?: number[]): Promise<void> {
  const products = await db('products')
    .modify((q) => {
      if (productIds) q.whereIn('id', productIds);
    })
    .select('id', 'name', 'description');
  const variants = await db('variants')
    .modify((q) => {
      if (productIds) q.whereIn('product_id', productIds);
    })
    .select('product_id', 'sku');
  const skus = new Map<number, string[]>();
  for (const v of variants) {
    const list = skus.get(v.product_id) ?? [];
    list.push(v.sku);
    skus.set(v.product_id, list);
  }
  const rows: IndexRow[] = products.map((p: { id: number; name: string; description: string }) => ({
    id: p.id,
    name: foldText(p.name),
    description: foldText(p.description),
    skus: foldText((skus.get(p.id) ?? []).join(' ')),
  }));

  const ids = productIds ?? rows.map((r) => r.id);
  if (productIds) {
    for (let i = 0; i < ids.length; i += 500) await db('product_search').whereIn('product_id', ids.slice(i, i + 500)).delete();
  } else {
    await db('product_search').delete();
  }
  if (isPostgres(db)) {
    for (const r of rows) {
      await db.raw(
        `insert into product_search (product_id, document) values (?, setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'C'))`,
        [r.id, r.name, r.skus, r.description],
      );
    }
  } else {
    for (let i = 0; i < rows.length; i += 100) {
      await db('product_search').insert(
        rows.slice(i, i + 100).map((r) => ({ product_id: r.id, name: r.name, sku: r.skus, description: r.description })),
      );
    }
  }
}
