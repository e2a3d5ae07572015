// Back-office category rules: the list with each category's French status, creating and editing a category in
// English, its French beside it (the same checks as a product's French), and deleting an empty one.
import type { Knex } from 'knex';
import type { MessageKey } from '../../i18n';
import { recordAudit, type Actor } from '../../audit/service';
import { isUniqueViolation } from '../../lib/db-errors';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { text, type Form } from '../../lib/forms';
import { toInt } from '../../lib/rows';
import { slugify } from './service';
import { assertTranslatedSlugFree, parseTranslatedText, type ContentLocale, type SlugOwners, type TranslationLimits } from './translations';

type Errors = Record<string, MessageKey>;

/** The columns' sizes (categories.name and slug, category_translations.name and slug are 120). */
const NAME_MAX = 120;
const SLUG_MAX = 120;
const DESCRIPTION_MAX = 10_000;
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const CATEGORY_SLUGS: SlugOwners = { base: 'categories', translations: 'category_translations', key: 'category_id', taken: 'adminCategories.error.slugTaken' };
const FRENCH_LIMITS: TranslationLimits = { name: NAME_MAX, nameTooLong: 'adminCategories.error.nameTooLong', slug: SLUG_MAX, description: 20_000 };
const SLUG_TAKEN = () => new ValidationError({ slug: 'adminCategories.error.slugTaken' });

// ---------- listing

export interface CategoryListRow {
  id: number;
  name: string;
  slug: string;
  parentName: string | null;
  productCount: number;
  /** True when the French name, description or slug is missing (no row, or an empty field). */
  missingFrench: boolean;
}

/**
 * Every category in the shop's order (each top-level one followed by its subcategories), with the number of
 * products filed under it (any status); `missing` keeps only those lacking that language's translation.
 */
export async function listAdminCategories(db: Knex, query: { missing?: ContentLocale | '' } = {}): Promise<CategoryListRow[]> {
  const locale = query.missing || 'fr';
  const rows = await db('categories as c')
    .leftJoin('category_translations as t', (j) => j.on('t.category_id', 'c.id').andOnVal('t.locale', locale))
    .select(
      'c.id',
      'c.name',
      'c.slug',
      'c.parent_id',
      'c.position',
      't.name as fr_name',
      't.description as fr_description',
      't.slug as fr_slug',
      db('products as p').count('*').whereRaw('p.category_id = c.id').as('product_count'),
    )
    .orderBy([{ column: 'c.position' }, { column: 'c.name' }, { column: 'c.id' }]);
  const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';
  const all = rows.map((r) => ({
    id: toInt(r.id),
    name: r.name as string,
    slug: r.slug as string,
    parentId: r.parent_id === null ? null : toInt(r.parent_id),
    productCount: toInt(r.product_count),
    missingFrench: blank(r.fr_name) || blank(r.fr_description) || blank(r.fr_slug),
  }));
  const byId = new Map(all.map((c) => [c.id, c]));
  const ordered: typeof all = [];
  for (const root of all.filter((c) => c.parentId === null || !byId.has(c.parentId))) {
    ordered.push(root, ...all.filter((c) => c.parentId === root.id));
  }
  return ordered
    .filter((c) => !query.missing || c.missingFrench)
    .map(({ parentId, ...c }) => ({ ...c, parentName: parentId === null ? null : byId.get(parentId)?.name ?? null }));
}

// ---------- the English

export interface CategoryInput {
  name: string;
  slug: string;
  description: string;
}

export interface CategoryRecord extends CategoryInput {
  id: number;
  parentId: number | null;
  productCount: number;
  childCount: number;
}

export function categoryFormValues(form: Form): Record<string, string> {
  return { name: text(form, 'name'), slug: text(form, 'slug'), description: text(form, 'description') };
}

export function categoryValues(c: CategoryInput): Record<string, string> {
  return { name: c.name, slug: c.slug, description: c.description };
}

/** Name required; a slug left empty is made from the name; lower-case a-z, digits and single hyphens. */
export function parseCategoryInput(form: Form): CategoryInput {
  const v = categoryFormValues(form);
  const errors: Errors = {};
  const name = v.name.trim();
  if (!name) errors.name = 'adminCategories.error.nameRequired';
  else if (name.length > NAME_MAX) errors.name = 'adminCategories.error.nameTooLong';
  const slug = v.slug.trim() || slugify(name).slice(0, SLUG_MAX).replace(/-+$/, '');
  if (!errors.name && (!SLUG_PATTERN.test(slug) || slug.length > SLUG_MAX)) errors.slug = 'adminCatalog.error.slugInvalid';
  const description = v.description.replace(/\r\n/g, '\n').trim();
  if (description.length > DESCRIPTION_MAX) errors.description = 'adminCatalog.error.descriptionTooLong';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { name, slug, description };
}

/**
 * A slug names one category in every language: not another category's English slug, nor its translated one
 * (the English slug wins the lookup, so the other category's translated address would lead here).
 */
async function assertSlugFree(trx: Knex, slug: string, exceptId?: number): Promise<void> {
  const base = trx('categories').where('slug', slug);
  const translated = trx('category_translations').where('slug', slug);
  if (exceptId !== undefined) {
    base.whereNot('id', exceptId);
    translated.whereNot('category_id', exceptId);
  }
  if ((await base.first('id')) || (await translated.first('category_id'))) throw SLUG_TAKEN();
}

export async function getCategory(db: Knex, id: number): Promise<CategoryRecord> {
  const r = await db('categories').where('id', id).first('id', 'name', 'slug', 'description', 'parent_id');
  if (!r) throw new NotFoundError();
  const [products, children] = await Promise.all([
    db('products').where('category_id', id).count({ n: '*' }).first(),
    db('categories').where('parent_id', id).count({ n: '*' }).first(),
  ]);
  return {
    id: toInt(r.id),
    name: r.name,
    slug: r.slug,
    description: r.description ?? '',
    parentId: r.parent_id === null ? null : toInt(r.parent_id),
    productCount: toInt(products?.n),
    childCount: toInt(children?.n),
  };
}

/** A new top-level category, placed after the others. */
export async function createCategory(db: Knex, actor: Actor, input: CategoryInput): Promise<number> {
  try {
    return await db.transaction(async (trx) => {
      await assertSlugFree(trx, input.slug);
      const last = await trx('categories').whereNull('parent_id').max({ p: 'position' }).first();
      const position = last?.p === null || last?.p === undefined ? 0 : toInt(last.p) + 1;
      const now = new Date();
      const [row] = await trx('categories').insert({ ...input, parent_id: null, position, created_at: now, updated_at: now }).returning('id');
      const id = toInt(typeof row === 'object' ? row.id : row);
      await recordAudit(trx, actor, { action: 'category.create', entityType: 'category', entityId: id, after: input });
      return id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw SLUG_TAKEN();
    throw err;
  }
}

export async function updateCategory(db: Knex, actor: Actor, id: number, input: CategoryInput): Promise<void> {
  try {
    await db.transaction(async (trx) => {
      const before = await getCategory(trx, id);
      await assertSlugFree(trx, input.slug, id);
      await trx('categories').where('id', id).update({ ...input, updated_at: new Date() });
      await recordAudit(trx, actor, { action: 'category.update', entityType: 'category', entityId: id, before: categoryValues(before), after: input });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw SLUG_TAKEN();
    throw err;
  }
}

/** Removes a category nothing is filed under; one with products or subcategories is refused (409). */
export async function deleteCategory(db: Knex, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await getCategory(trx, id);
    if (before.productCount > 0 || before.childCount > 0) throw new CategoryNotEmptyError();
    await trx('category_translations').where('category_id', id).delete();
    await trx('categories').where('id', id).delete();
    await recordAudit(trx, actor, { action: 'category.delete', entityType: 'category', entityId: id, before: categoryValues(before) });
  });
}

export class CategoryNotEmptyError extends Error {
  constructor() {
    super('The category still has products or subcategories');
  }
}

// ---------- the French

export interface CategoryTranslationInput {
  name: string;
  description: string;
  /** Null: no slug of its own (the English one serves). */
  slug: string | null;
}

export function categoryTranslationFormValues(form: Form): { name: string; slug: string; description: string } {
  return { name: text(form, 'name'), slug: text(form, 'slug'), description: text(form, 'description') };
}

/** The French fields, checked as a product's French is (an empty slug is made from the French name). */
export function parseCategoryTranslation(form: Form): CategoryTranslationInput {
  const errors: Errors = {};
  const parsed = parseTranslatedText(categoryTranslationFormValues(form), FRENCH_LIMITS, errors);
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return parsed;
}

export async function loadCategoryTranslation(db: Knex, id: number, locale: ContentLocale): Promise<CategoryTranslationInput> {
  const row = await db('category_translations').where({ category_id: id, locale }).first('name', 'description', 'slug');
  return { name: row?.name ?? '', description: row?.description ?? '', slug: row?.slug || null };
}

export function categoryTranslationValues(t: CategoryTranslationInput): Record<string, string> {
  return { name: t.name, description: t.description, slug: t.slug ?? '' };
}

/** Saves a category's French (an all-empty form removes the row: everything falls back to English). */
export async function saveCategoryTranslation(db: Knex, actor: Actor, id: number, locale: ContentLocale, input: CategoryTranslationInput): Promise<void> {
  try {
    await db.transaction(async (trx) => {
      if (!(await trx('categories').where('id', id).first('id'))) throw new NotFoundError();
      if (input.slug) await assertTranslatedSlugFree(trx, CATEGORY_SLUGS, locale, input.slug, id);
      const before = await trx('category_translations').where({ category_id: id, locale }).first('name', 'description', 'slug');
      const empty = !input.name && !input.description && !input.slug;
      if (empty) await trx('category_translations').where({ category_id: id, locale }).delete();
      else {
        const row = { name: input.name, description: input.description, slug: input.slug };
        if (before) await trx('category_translations').where({ category_id: id, locale }).update(row);
        else await trx('category_translations').insert({ category_id: id, locale, ...row });
      }
      await recordAudit(trx, actor, { action: 'category.translate', entityType: 'category', entityId: id, before: before ?? null, after: { locale, ...input } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw SLUG_TAKEN();
    throw err;
  }
}
