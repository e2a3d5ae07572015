// Full-text search over products: the one place where SQLite (FTS5) and PostgreSQL (tsvector) differ.
import type { Knex } from 'knex';
import { isPostgres } from '../db';
import { foldText, indexText, wordForms } from './search-text';
import { insertDocuments, querySql, type ProductSearchText } from './search-postgres';
import { BASE_LOCALE } from './translations';
import { isLocale } from '../i18n';

export { foldText, searchTerms } from './search-text';

/**
 * A subquery of (product_id, rank) for products matching every term, as a prefix of a word or of one of its
 * stems ("bathrobes" finds "Bathrobe", "bath" finds "Bathrobe"); a lower rank is a better match on both
 * databases. Name and SKU weigh more than the description. PostgreSQL stems with its `english` and `french`
 * configurations (search-postgres.ts); SQLite's FTS5 holds the stems computed by the same Snowball algorithms.
 */
export function matchingProducts(db: Knex, terms: string[]): Knex.QueryBuilder {
  if (isPostgres(db)) {
    const query = querySql(terms);
    return db
      .select('product_id', db.raw(`-ts_rank(document, ${query.sql}) as rank`, query.bindings))
      .from('product_search')
      .whereRaw(`document @@ (${query.sql})`, query.bindings);
  }
  const alternatives = terms.map((t) => wordForms(t));
  // Each form is letters and digits only, so wrapping it in double quotes is an exact FTS5 string.
  const match = alternatives.map((forms) => `(${forms.map((f) => `"${f}"*`).join(' OR ')})`).join(' AND ');
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
  // The translations are indexed with the base text, so a product is found by its name in either language
  // ("tablier" and "apron" alike), each word with its stems.
  const translated = new Map<number, { locale: string; name: string; description: string }[]>();
  for (const r of (await db('product_translations')
    .modify((q) => {
      if (productIds) q.whereIn('product_id', productIds);
    })
    .select('product_id', 'locale', 'name', 'description')) as { product_id: number | string; locale: string; name: string | null; description: string | null }[]) {
    const id = Number(r.product_id);
    translated.set(id, [...(translated.get(id) ?? []), { locale: r.locale, name: r.name ?? '', description: r.description ?? '' }]);
  }
  const rows: IndexRow[] = products.map((p: { id: number; name: string; description: string }) => {
    const other = translated.get(Number(p.id)) ?? [];
    return {
      id: p.id,
      name: indexText([p.name, ...other.map((o) => o.name)].join(' ')),
      description: indexText([p.description, ...other.map((o) => o.description)].join(' ')),
      skus: foldText((skus.get(p.id) ?? []).join(' ')),
    };
  });

  const ids = productIds ?? rows.map((r) => r.id);
  if (productIds) {
    for (let i = 0; i < ids.length; i += 500) await db('product_search').whereIn('product_id', ids.slice(i, i + 500)).delete();
  } else {
    await db('product_search').delete();
  }
  if (isPostgres(db)) {
    await insertDocuments(
      db,
      products.map((p: { id: number; name: string; description: string }) => {
        const text: ProductSearchText = { names: { [BASE_LOCALE]: p.name }, descriptions: { [BASE_LOCALE]: p.description }, skus: skus.get(p.id) ?? [] };
        for (const t of translated.get(Number(p.id)) ?? []) {
          if (!isLocale(t.locale) || t.locale === BASE_LOCALE) continue;
          text.names[t.locale] = t.name;
          text.descriptions[t.locale] = t.description;
        }
        return { id: p.id, text };
      }),
    );
  } else {
    for (let i = 0; i < rows.length; i += 100) {
      await db('product_search').insert(
        rows.slice(i, i + 100).map((r) => ({ product_id: r.id, name: r.name, sku: r.skus, description: r.description })),
      );
    }
  }
}
