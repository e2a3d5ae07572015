// Catalogue content per language: translation rows for products, categories, images' alt text and option names/values, read with
// a fallback to the base rows (the shop's default language, en). Only locales other than the default have rows.
import type { Knex } from 'knex';
import { toInt } from '../lib/rows';
import type { Locale } from '../i18n';

/** The language of the base rows (products.name, categories.name, ...). */
export const BASE_LOCALE: Locale = 'en';

export interface ContentText {
  name: string;
  description: string;
}

export interface ProductTranslation extends ContentText {
  metaDescription: string;
  slug: string | null;
}

export interface CategoryTranslation extends ContentText {
  slug: string | null;
}

/** The translation wins field by field when it is not empty; otherwise the base text shows. */
export function withFallback<T extends Record<string, unknown>>(base: T, translated: Partial<Record<keyof T, unknown>> | undefined): T {
  if (!translated) return base;
  const out: Record<string, unknown> = { ...base };
  for (const key of Object.keys(base)) {
    const value = translated[key as keyof T];
    if (typeof value === 'string' && value.trim() !== '') out[key] = value;
  }
  return out as T;
}

function productTranslationFromRow(r: Record<string, unknown>): ProductTranslation {
  return {
    name: (r.name as string) ?? '',
    description: (r.description as string) ?? '',
    metaDescription: (r.meta_description as string) ?? '',
    slug: (r.slug as string | null) || null,
  };
}

/** Translations of many products into one locale (none for the base locale). */
export async function productTranslations(db: Knex, productIds: number[], locale: Locale): Promise<Map<number, ProductTranslation>> {
  if (locale === BASE_LOCALE || productIds.length === 0) return new Map();
  const rows = await db('product_translations').whereIn('product_id', [...new Set(productIds)]).andWhere('locale', locale).select('product_id', 'name', 'description', 'meta_description', 'slug');
  return new Map(rows.map((r: Record<string, unknown>) => [toInt(r.product_id), productTranslationFromRow(r)]));
}

/** Translations of every category into one locale. */
export async function categoryTranslations(db: Knex, locale: Locale): Promise<Map<number, CategoryTranslation>> {
  if (locale === BASE_LOCALE) return new Map();
  const rows = await db('category_translations').where('locale', locale).select('category_id', 'name', 'description', 'slug');
  return new Map(
    rows.map((r: Record<string, unknown>) => [toInt(r.category_id), { name: (r.name as string) ?? '', description: (r.description as string) ?? '', slug: (r.slug as string | null) || null }]),
  );
}

/** Product images' alternative text in one locale, by image id (none for the base locale; empty ones left out). */
export async function imageAlts(db: Knex, imageIds: number[], locale: Locale): Promise<Map<number, string>> {
  if (locale === BASE_LOCALE || imageIds.length === 0) return new Map();
  const rows = await db('image_translations').whereIn('image_id', [...new Set(imageIds)]).andWhere('locale', locale).select('image_id', 'alt');
  return new Map(rows.filter((r: { alt: string }) => r.alt.trim() !== '').map((r: { image_id: unknown; alt: string }) => [toInt(r.image_id), r.alt]));
}

export interface OptionDictionary {
  names: Map<string, string>;
  values: Map<string, string>;
}

const EMPTY_OPTIONS: OptionDictionary = { names: new Map(), values: new Map() };

/** Every option name and value translated into one locale, by source text. */
export async function optionDictionary(db: Knex, locale: Locale): Promise<OptionDictionary> {
  if (locale === BASE_LOCALE) return EMPTY_OPTIONS;
  const rows = await db('option_translations').where('locale', locale).select('kind', 'source', 'text');
  const dict: OptionDictionary = { names: new Map(), values: new Map() };
  for (const r of rows as { kind: string; source: string; text: string }[]) {
    if (r.text.trim() === '') continue;
    (r.kind === 'name' ? dict.names : dict.values).set(r.source, r.text);
  }
  return dict;
}

/** A variant's option values as a shopper of this language reads them (same keys; values translated or as stored). */
export function translateOptionValues(options: Record<string, string>, dict: OptionDictionary): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) out[key] = dict.values.get(value) ?? value;
  return out;
}

/** An option's name in this language, or null when it has no translation. */
export function translateOptionName(name: string, dict: OptionDictionary): string | null {
  return dict.names.get(name) ?? null;
}

/** A shipping method's name per method id in one locale. */
export async function shippingMethodNames(db: Knex, locale: Locale): Promise<Map<number, string>> {
  if (locale === BASE_LOCALE) return new Map();
  const rows = await db('shipping_method_translations').where('locale', locale).select('shipping_method_id', 'name');
  return new Map(rows.filter((r: { name: string }) => r.name.trim() !== '').map((r: { shipping_method_id: unknown; name: string }) => [toInt(r.shipping_method_id), r.name]));
}

// ---------------------------------------------------------------------------------------------------
// Slugs in every language, for links between languages (hreflang, /fr/ URLs) and for finding a product by any.

export type SlugsByLocale = Record<Locale, string>;

/** A product's slug in each language (the base slug where a language has none); null when there is no product. */
export async function productSlugs(db: Knex, productId: number): Promise<SlugsByLocale | null> {
  const base = await db('products').where('id', productId).first('slug');
  if (!base) return null;
  const rows = await db('product_translations').where('product_id', productId).whereNotNull('slug').select('locale', 'slug');
  return slugsFrom(base.slug as string, rows);
}

/** A category's slug in each language (the base slug where a language has none); null when there is no category. */
export async function categorySlugs(db: Knex, categoryId: number): Promise<SlugsByLocale | null> {
  const base = await db('categories').where('id', categoryId).first('slug');
  if (!base) return null;
  const rows = await db('category_translations').where('category_id', categoryId).whereNotNull('slug').select('locale', 'slug');
  return slugsFrom(base.slug as string, rows);
}

function slugsFrom(base: string, rows: { locale: string; slug: string }[]): SlugsByLocale {
  const slugs: SlugsByLocale = { en: base, fr: base };
  for (const r of rows) if ((r.locale === 'en' || r.locale === 'fr') && r.slug) slugs[r.locale] = r.slug;
  return slugs;
}

/**
 * The product a slug names in any language: the base slug first, then a translated one (the given locale's
 * first). Null when none; visibility is the caller's business.
 */
export async function productIdBySlug(db: Knex, slug: string, prefer: Locale = BASE_LOCALE): Promise<number | null> {
  const base = await db('products').where('slug', slug).first('id');
  if (base) return toInt(base.id);
  const rows = await db('product_translations').where('slug', slug).select('product_id', 'locale');
  const row = rows.find((r: { locale: string }) => r.locale === prefer) ?? rows[0];
  return row ? toInt(row.product_id) : null;
}

/** The category a slug names in any language, as productIdBySlug. */
export async function categoryIdBySlug(db: Knex, slug: string, prefer: Locale = BASE_LOCALE): Promise<number | null> {
  const base = await db('categories').where('slug', slug).first('id');
  if (base) return toInt(base.id);
  const rows = await db('category_translations').where('slug', slug).select('category_id', 'locale');
  const row = rows.find((r: { locale: string }) => r.locale === prefer) ?? rows[0];
  return row ? toInt(row.category_id) : null;
}
