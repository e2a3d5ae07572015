// Back-office rules for catalogue content in French: a product's French fields beside its English ones (slug
// unique per language, and never another product's English slug), the products still missing French, and the
// French of every option name and value the variants use.
import { reindexProducts } from '../../catalog/search';
import type { Knex } from 'knex';
import type { MessageKey } from '../../i18n';
import { recordAudit, type Actor } from '../../audit/service';
import { isUniqueViolation } from '../../lib/db-errors';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { text, type Form } from '../../lib/forms';
import { parseJsonObject } from '../../lib/rows';
import { slugify } from './service';

/** The languages other than the base one (en) that content is translated into. */
export const CONTENT_LOCALES = ['fr'] as const;
export type ContentLocale = (typeof CONTENT_LOCALES)[number];

export interface ProductTranslationInput {
  name: string;
  description: string;
  metaDescription: string;
  /** Null: no slug of its own (the English one serves). */
  slug: string | null;
}

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LIMITS = { name: 160, metaDescription: 320, slug: 160, description: 20_000 };

/** The form's French fields as typed, to show again. */
export function translationFormValues(form: Form): { name: string; description: string; metaDescription: string; slug: string } {
  return { name: text(form, 'name'), description: text(form, 'description'), metaDescription: text(form, 'metaDescription'), slug: text(form, 'slug') };
}

/** How long each translated field may be, and what a clerk reads when one is too long. */
export interface TranslationLimits {
  name: number;
  nameTooLong: MessageKey;
  slug: number;
  description: number;
}

const PRODUCT_LIMITS: TranslationLimits = { name: LIMITS.name, nameTooLong: 'adminCatalog.error.nameTooLong', slug: LIMITS.slug, description: LIMITS.description };

/**
 * The name, description and slug of a translation form, checked with the same rules for every kind of content.
 * Every field may stay empty (the English shows); a slug left empty while a name is given is made from the name.
 * Wrong fields are added to `errors`.
 */
export function parseTranslatedText(v: { name: string; description: string; slug: string }, limits: TranslationLimits, errors: Record<string, MessageKey>): { name: string; description: string; slug: string | null } {
  const name = v.name.trim();
  const description = v.description.replace(/\r\n/g, '\n').trim();
  if (name.length > limits.name) errors.name = limits.nameTooLong;
  if (description.length > limits.description) errors.description = 'adminTranslations.error.descriptionTooLong';
  const slug = v.slug.trim() || (name ? slugify(name).slice(0, limits.slug).replace(/-+$/, '') : '');
  if (slug && (!SLUG_PATTERN.test(slug) || slug.length > limits.slug)) errors.slug = 'adminCatalog.error.slugInvalid';
  return { name, description, slug: slug || null };
}

/** French fields of a product from the form (see parseTranslatedText), with its meta description. */
export function parseProductTranslation(form: Form): ProductTranslationInput {
  const v = translationFormValues(form);
  const errors: Record<string, MessageKey> = {};
  const text = parseTranslatedText(v, PRODUCT_LIMITS, errors);
  const metaDescription = v.metaDescription.trim();
  if (metaDescription.length > LIMITS.metaDescription) errors.metaDescription = 'adminTranslations.error.metaTooLong';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { name: text.name, description: text.description, metaDescription, slug: text.slug };
}

export async function loadProductTranslation(db: Knex, productId: number, locale: ContentLocale): Promise<ProductTranslationInput> {
  const row = await db('product_translations').where({ product_id: productId, locale }).first('name', 'description', 'meta_description', 'slug');
  return { name: row?.name ?? '', description: row?.description ?? '', metaDescription: row?.meta_description ?? '', slug: row?.slug ?? null };
}

export function translationValues(t: ProductTranslationInput): Record<string, string> {
  return { name: t.name, description: t.description, metaDescription: t.metaDescription, slug: t.slug ?? '' };
}

const SLUG_TAKEN = () => new ValidationError({ slug: 'adminCatalog.error.slugTaken' });

/** Where a kind of content keeps its base slugs and its translated ones, and what a clerk reads on a clash. */
export interface SlugOwners {
  base: string;
  translations: string;
  key: string;
  taken: MessageKey;
}

const PRODUCT_SLUGS: SlugOwners = { base: 'products', translations: 'product_translations', key: 'product_id', taken: 'adminCatalog.error.slugTaken' };

/**
 * A translated slug must be unique among this language's slugs and must not be another row's base slug: the base
 * slug wins the lookup, so the translated address would lead elsewhere. Its own base slug is fine.
 */
export async function assertTranslatedSlugFree(trx: Knex, owners: SlugOwners, locale: ContentLocale, slug: string, id: number): Promise<void> {
  const clash =
    (await trx(owners.translations).where({ locale, slug }).whereNot(owners.key, id).first(owners.key)) ??
    (await trx(owners.base).where('slug', slug).whereNot('id', id).first('id'));
  if (clash) throw new ValidationError({ slug: owners.taken });
}

/** Saves a product's French (an all-empty form removes the row: everything falls back to English). */
export async function saveProductTranslation(db: Knex, actor: Actor, productId: number, locale: ContentLocale, input: ProductTranslationInput): Promise<void> {
  try {
    await db.transaction(async (trx) => {
      const product = await trx('products').where('id', productId).first('id');
      if (!product) throw new NotFoundError();
      if (input.slug) await assertTranslatedSlugFree(trx, PRODUCT_SLUGS, locale, input.slug, productId);
      const before = await trx('product_translations').where({ product_id: productId, locale }).first();
      const empty = !input.name && !input.description && !input.metaDescription && !input.slug;
      if (empty) await trx('product_translations').where({ product_id: productId, locale }).delete();
      else {
        const row = { name: input.name, description: input.description, meta_description: input.metaDescription, slug: input.slug };
        if (before) await trx('product_translations').where({ product_id: productId, locale }).update(row);
        else await trx('product_translations').insert({ product_id: productId, locale, ...row });
      }
      await recordAudit(trx, actor, { action: 'product.translate', entityType: 'product', entityId: productId, before: before ?? null, after: { locale, ...input } });
      await reindexProducts(trx, [productId]);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw SLUG_TAKEN();
    throw err;
  }
}

// ---------- option names and values

export interface OptionTextRow {
  kind: 'name' | 'value';
  source: string;
  text: string;
}

/** Every distinct option name and value the variants use, with its French ('' when none), names first. */
export async function listOptionTexts(db: Knex, locale: ContentLocale): Promise<OptionTextRow[]> {
  const names = new Set<string>();
  const values = new Set<string>();
  for (const r of await db('variants').select('options')) {
    for (const [k, v] of Object.entries(parseJsonObject(r.options))) {
      names.add(k);
      values.add(String(v));
    }
  }
  const saved = await db('option_translations').where('locale', locale).select('kind', 'source', 'text');
  const textOf = (kind: string, source: string) => saved.find((s: OptionTextRow) => s.kind === kind && s.source === source)?.text ?? '';
  const sort = (a: string, b: string) => a.localeCompare(b, 'en');
  return [
    ...[...names].sort(sort).map((source) => ({ kind: 'name' as const, source, text: textOf('name', source) })),
    ...[...values].sort(sort).map((source) => ({ kind: 'value' as const, source, text: textOf('value', source) })),
  ];
}

/**
 * Saves the French of option names and values from the form's `name:<source>` / `value:<source>` fields: an empty
 * field removes the translation. Fields for texts no variant uses are ignored. Returns the fields too long.
 */
export async function saveOptionTexts(db: Knex, actor: Actor, locale: ContentLocale, form: Form): Promise<void> {
  const known = await listOptionTexts(db, locale);
  const errors: Record<string, MessageKey> = {};
  const changes: OptionTextRow[] = [];
  for (const row of known) {
    const field = `${row.kind}:${row.source}`;
    if (!(field in form)) continue;
    const value = text(form, field).trim();
    if (value.length > 120) errors[field] = 'adminTranslations.error.optionTooLong';
    else if (value !== row.text) changes.push({ ...row, text: value });
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  if (changes.length === 0) return;
  await db.transaction(async (trx) => {
    for (const c of changes) {
      await trx('option_translations').where({ locale, kind: c.kind, source: c.source }).delete();
      if (c.text) await trx('option_translations').insert({ locale, kind: c.kind, source: c.source, text: c.text });
    }
    await recordAudit(trx, actor, { action: 'options.translate', entityType: 'option_translations', entityId: locale, before: null, after: { locale, changes } });
  });
}
