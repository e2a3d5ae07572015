// Full-text search on PostgreSQL through its own text-search configurations: each language's text is stemmed by
// the configuration of its language (`english`, `french`: Snowball, with their stop words), and every word is
// also kept whole (`simple`), so a prefix being typed ("runni") or a stop word ("en", "the") still matches.
// Accents and French elisions are removed before PostgreSQL sees the text (`plainText`), on the document and the
// query alike, so "theiere" finds "Théière" without the unaccent extension.
import type { Knex } from 'knex';
import type { Locale } from '../i18n';
import { foldText, plainText } from './search-text';

/** PostgreSQL's text-search configuration for each language of the catalogue. */
export const TEXT_SEARCH_CONFIG: Record<Locale, string> = { en: 'english', fr: 'french' };

/** A product's text per language: its base row in the shop's language and each translation in its own. */
export interface ProductSearchText {
  names: Partial<Record<Locale, string>>;
  descriptions: Partial<Record<Locale, string>>;
  skus: string[];
}

/** The tsvector expression (and its bindings) of one product: names and SKUs weigh A, descriptions C. */
export function documentSql(text: ProductSearchText): { sql: string; bindings: string[] } {
  const parts: string[] = [];
  const bindings: string[] = [];
  const weighted = (byLocale: Partial<Record<Locale, string>>, extraSimple: string, weight: 'A' | 'C') => {
    const all = Object.values(byLocale).map((t) => plainText(t ?? '')).filter((t) => t !== '');
    const vectors = ["to_tsvector('simple', ?)"];
    bindings.push([...all, extraSimple].filter((t) => t !== '').join(' '));
    for (const [locale, value] of Object.entries(byLocale) as [Locale, string | undefined][]) {
      const plain = plainText(value ?? '');
      if (plain === '') continue;
      vectors.push(`to_tsvector('${TEXT_SEARCH_CONFIG[locale]}', ?)`);
      bindings.push(plain);
    }
    parts.push(`setweight(${vectors.join(' || ')}, '${weight}')`);
  };
  weighted(text.names, foldText(text.skus.join(' ')), 'A');
  weighted(text.descriptions, '', 'C');
  return { sql: parts.join(' || '), bindings };
}

/**
 * The tsquery of a shopper's terms (letters and digits only, from searchTerms): every term must match, as a
 * prefix of a whole word or of its stem in either language.
 */
export function querySql(terms: string[]): { sql: string; bindings: string[] } {
  const configs = ['simple', ...Object.values(TEXT_SEARCH_CONFIG)];
  const sql = terms.map(() => `(${configs.map((c) => `to_tsquery('${c}', ?)`).join(' || ')})`).join(' && ');
  return { sql, bindings: terms.flatMap((t) => configs.map(() => `${t}:*`)) };
}

/** Writes the search rows of these products (their old rows are already gone). */
export async function insertDocuments(db: Knex, rows: { id: number; text: ProductSearchText }[]): Promise<void> {
  for (const r of rows) {
    const doc = documentSql(r.text);
    await db.raw(`insert into product_search (product_id, document) values (?, ${doc.sql})`, [r.id, ...doc.bindings]);
  }
}
