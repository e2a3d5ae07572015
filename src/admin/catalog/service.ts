// Back-office catalog rules: listing, creating and editing products and variants, and adjusting stock with a reason.
import type { Knex } from 'knex';
import type { MessageKey } from '../../i18n';
import { recordAudit, type Actor } from '../../audit/service';
import { reindexProducts } from '../../catalog/search';
import { variantById, variantsOfProducts } from '../../catalog/service';
import { changeStock, ledgerOf, MANUAL_REASONS, StockWouldGoNegativeError, type LedgerEntry } from '../../inventory/service';
import { isUniqueViolation } from '../../lib/db-errors';
import { NotFoundError, ValidationError } from '../../lib/errors';
import type { Form } from '../../lib/forms';
import { text } from '../../lib/forms';
import { centsToInput, parseMoneyInput } from '../../lib/money';
import { dayToInput, parseDayInput } from '../../lib/form-input';
import { pageWindow, type PageWindow } from '../../lib/pagination';
import { toInt } from '../../lib/rows';

export const PRODUCTS_PAGE_SIZE = 20;
export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];
export type ManualReason = (typeof MANUAL_REASONS)[number];
const LEDGER_SHOWN = 20;
const MAX_STOCK_CHANGE = 1_000_000;

type Errors = Record<string, MessageKey>;

// ---------- listing

export interface ProductListRow {
  id: number;
  name: string;
  slug: string;
  status: ProductStatus;
  categoryName: string | null;
  variantCount: number;
  stock: number;
}

export interface ProductListQuery {
  q: string;
  status: ProductStatus | '';
  page: number;
  /** Only products lacking this language's translation (no row, or an empty name, description or slug). */
  missing?: 'fr' | '';
}

function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** Products for the back office, newest first: every status unless filtered, matched on name or any SKU. */
export async function listAdminProducts(db: Knex, query: ProductListQuery): Promise<{ rows: ProductListRow[]; window: PageWindow }> {
  const base = () => {
    const b = db('products as p');
    if (query.status) b.where('p.status', query.status);
    if (query.missing) {
      b.whereNotExists(
        db('product_translations as mt')
          .select(db.raw('1'))
          .whereRaw('mt.product_id = p.id')
          .andWhere('mt.locale', query.missing)
          .andWhereRaw("trim(mt.name) <> ''")
          .andWhereRaw("trim(mt.description) <> ''")
          .whereNotNull('mt.slug'),
      );
    }
    const q = query.q.trim();
    if (q) {
      const pattern = likePattern(q);
      b.where((w) =>
        w
          .whereRaw("lower(p.name) like ? escape '!'", [pattern])
          .orWhereExists(db('variants as sv').whereRaw('sv.product_id = p.id').andWhereRaw("lower(sv.sku) like ? escape '!'", [pattern])),
      );
    }
    return b;
  };
  const total = toInt((await base().count({ n: '*' }).first())?.n);
  const window = pageWindow(total, query.page, PRODUCTS_PAGE_SIZE);
  const rows = await base()
    .leftJoin('categories as c', 'c.id', 'p.category_id')
    .select(
      'p.id',
      'p.name',
      'p.slug',
      'p.status',
      'c.name as category_name',
      db('variants as v').count('*').whereRaw('v.product_id = p.id').as('variant_count'),
      db('variants as v2').sum('v2.stock').whereRaw('v2.product_id = p.id').as('stock'),
    )
    .orderBy('p.id', 'desc')
    .limit(window.perPage)
    .offset(window.offset);
  return {
    window,
    rows: rows.map((r) => ({
      id: toInt(r.id),
      name: r.name,
      slug: r.slug,
      status: r.status,
      categoryName: r.category_name ?? null,
      variantCount: toInt(r.variant_count),
      stock: toInt(r.stock),
    })),
  };
}

export async function categoryOptions(db: Knex): Promise<{ value: string; label: string }[]> {
  const rows = await db('categories').orderBy(['position', 'name']).select('id', 'name');
  return rows.map((r) => ({ value: String(r.id), label: r.name }));
}

// ---------- products

export interface ProductInput {
  name: string;
  slug: string;
  description: string;
  categoryId: number | null;
  status: ProductStatus;
  /** Early access ends at the start of this day (UTC), ms since epoch; null for none. */
  membersOnlyUntil: number | null;
}

/** A slug from a name: lower case a-z, 0-9 and single hyphens, diacritics dropped. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 160)
    .replace(/-+$/, '');
}

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The form's text fields as typed, to show again. */
export function productFormValues(form: Form): Record<string, string> {
  return {
    name: text(form, 'name'),
    slug: text(form, 'slug'),
    description: text(form, 'description'),
    categoryId: text(form, 'categoryId'),
    status: text(form, 'status'),
    membersOnlyUntil: text(form, 'membersOnlyUntil'),
  };
}

export async function parseProductInput(db: Knex, form: Form): Promise<ProductInput> {
  const v = productFormValues(form);
  const errors: Errors = {};
  const name = v.name.trim();
  if (!name) errors.name = 'adminCatalog.error.nameRequired';
  else if (name.length > 160) errors.name = 'adminCatalog.error.nameTooLong';
  const slug = v.slug.trim() || slugify(name);
  if (!errors.name && (!SLUG_PATTERN.test(slug) || slug.length > 160)) errors.slug = 'adminCatalog.error.slugInvalid';
  if (v.description.length > 10_000) errors.description = 'adminCatalog.error.descriptionTooLong';
  let categoryId: number | null = null;
  if (v.categoryId !== '') {
    const exists = /^\d{1,9}$/.test(v.categoryId) && (await db('categories').where('id', Number(v.categoryId)).first('id'));
    if (exists) categoryId = Number(v.categoryId);
    else errors.categoryId = 'adminCatalog.error.categoryUnknown';
  }
  const status = (PRODUCT_STATUSES as readonly string[]).includes(v.status) ? (v.status as ProductStatus) : null;
  if (!status) errors.status = 'adminCatalog.error.statusInvalid';
  let membersOnlyUntil: number | null = null;
  if (v.membersOnlyUntil.trim() !== '') {
    const ms = parseDayInput(v.membersOnlyUntil.trim());
    if (ms === null) errors.membersOnlyUntil = 'adminCatalog.error.dateInvalid';
    else membersOnlyUntil = ms;
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { name, slug, description: v.description.replace(/\r\n/g, '\n'), categoryId, status: status!, membersOnlyUntil };
}

function productRow(input: ProductInput) {
  return {
    name: input.name,
    slug: input.slug,
    description: input.description,
    category_id: input.categoryId,
    status: input.status,
    members_only_until: input.membersOnlyUntil,
  };
}

async function slugTaken(trx: Knex, slug: string, exceptId?: number): Promise<boolean> {
  const q = trx('products').where('slug', slug);
  if (exceptId !== undefined) q.whereNot('id', exceptId);
  return !!(await q.first('id'));
}

const SLUG_TAKEN = () => new ValidationError({ slug: 'adminCatalog.error.slugTaken' });

export async function createProduct(db: Knex, actor: Actor, input: ProductInput): Promise<number> {
  try {
    return await db.transaction(async (trx) => {
      if (await slugTaken(trx, input.slug)) throw SLUG_TAKEN();
      const now = new Date();
      const [row] = await trx('products').insert({ ...productRow(input), featured: false, created_at: now, updated_at: now }).returning('id');
      const id = toInt(typeof row === 'object' ? row.id : row);
      await recordAudit(trx, actor, { action: 'product.create', entityType: 'product', entityId: id, after: input });
      await reindexProducts(trx, [id]);
      return id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw SLUG_TAKEN();
    throw err;
  }
}

export interface ProductRecord extends ProductInput {
  id: number;
  featured: boolean;
}

export async function getProduct(db: Knex, id: number): Promise<ProductRecord> {
  const r = await db('products').where('id', id).first();
  if (!r) throw new NotFoundError();
  return {
    id: toInt(r.id),
    name: r.name,
    slug: r.slug,
    description: r.description,
    categoryId: r.category_id === null ? null : toInt(r.category_id),
    status: r.status,
    membersOnlyUntil: r.members_only_until === null ? null : toInt(r.members_only_until),
    featured: r.featured === true || r.featured === 1,
  };
}

function productSnapshot(p: ProductRecord): ProductInput {
  return { name: p.name, slug: p.slug, description: p.description, categoryId: p.categoryId, status: p.status, membersOnlyUntil: p.membersOnlyUntil };
}

export async function updateProduct(db: Knex, actor: Actor, id: number, input: ProductInput): Promise<void> {
  try {
    await db.transaction(async (trx) => {
      const before = await getProduct(trx, id);
      if (await slugTaken(trx, input.slug, id)) throw SLUG_TAKEN();
      await trx('products').where('id', id).update({ ...productRow(input), updated_at: new Date() });
      await recordAudit(trx, actor, { action: 'product.update', entityType: 'product', entityId: id, before: productSnapshot(before), after: input });
      await reindexProducts(trx, [id]);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw SLUG_TAKEN();
    throw err;
  }
}

/** Takes a product off the storefront for good (its orders keep their lines); a no-op when already archived. */
export async function archiveProduct(db: Knex, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await getProduct(trx, id);
    if (before.status === 'archived') return;
    await trx('products').where('id', id).update({ status: 'archived', updated_at: new Date() });
    await recordAudit(trx, actor, { action: 'product.archive', entityType: 'product', entityId: id, before: { status: before.status }, after: { status: 'archived' } });
  });
}

// ---------- variants

export interface VariantInput {
  sku: string;
  options: Record<string, string>;
  priceCents: number;
  memberPriceCents: number | null;
  /** One of the product's images this variant shows (its colour's photo); null: the product's first. */
  imageId?: number | null;
}

export function variantFormValues(form: Form): Record<string, string> {
  return {
    sku: text(form, 'sku'),
    options: text(form, 'options'),
    price: text(form, 'price'),
    memberPrice: text(form, 'memberPrice'),
    stock: text(form, 'stock'),
    image: text(form, 'image'),
  };
}

/** "name: value" lines -> {name: value}; null when a non-empty line has no name or no value. */
export function parseOptionLines(raw: string): Record<string, string> | null {
  const options: Record<string, string> = {};
  for (const line of raw.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const at = line.indexOf(':');
    if (at < 0) return null;
    const name = line.slice(0, at).trim();
    const value = line.slice(at + 1).trim();
    if (!name || !value || name.length > 40 || value.length > 80) return null;
    options[name] = value;
  }
  return Object.keys(options).length > 20 ? null : options;
}

export function optionsToLines(options: Record<string, string>): string {
  return Object.entries(options)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** withStock: a new variant also gives its starting stock (a whole number, 0 or more). */
export function parseVariantInput(form: Form, withStock: boolean): VariantInput & { stock: number } {
  const v = variantFormValues(form);
  const errors: Errors = {};
  const sku = v.sku.trim();
  if (!sku) errors.sku = 'adminCatalog.error.skuRequired';
  else if (!SKU_PATTERN.test(sku)) errors.sku = 'adminCatalog.error.skuInvalid';
  const options = parseOptionLines(v.options);
  if (!options) errors.options = 'adminCatalog.error.optionsInvalid';
  const priceCents = parseMoneyInput(v.price);
  if (priceCents === null) errors.price = 'adminCatalog.error.priceInvalid';
  let memberPriceCents: number | null = null;
  if (v.memberPrice.trim() !== '') {
    memberPriceCents = parseMoneyInput(v.memberPrice);
    if (memberPriceCents === null) errors.memberPrice = 'adminCatalog.error.priceInvalid';
  }
  let imageId: number | null = null;
  if (v.image.trim() !== '') {
    if (/^[1-9]\d{0,9}$/.test(v.image.trim())) imageId = Number(v.image.trim());
    else errors.image = 'adminCatalog.error.imageInvalid';
  }
  let stock = 0;
  if (withStock && v.stock.trim() !== '') {
    if (/^\d{1,7}$/.test(v.stock.trim())) stock = Number(v.stock.trim());
    else errors.stock = 'adminCatalog.error.stockInvalid';
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { sku, options: options!, priceCents: priceCents!, memberPriceCents, imageId, stock };
}

const SKU_TAKEN = () => new ValidationError({ sku: 'adminCatalog.error.skuTaken' });

/** A variant may only show one of its own product's images. */
async function checkVariantImage(trx: Knex, productId: number, imageId: number | null | undefined): Promise<void> {
  if (imageId === null || imageId === undefined) return;
  const image = await trx('product_images').where({ id: imageId, product_id: productId }).first('id');
  if (!image) throw new ValidationError({ image: 'adminCatalog.error.imageInvalid' });
}

async function skuTaken(trx: Knex, sku: string, exceptId?: number): Promise<boolean> {
  const q = trx('variants').whereRaw('lower(sku) = ?', [sku.toLowerCase()]);
  if (exceptId !== undefined) q.whereNot('id', exceptId);
  return !!(await q.first('id'));
}

/** A new variant; its starting stock is an 'initial' ledger row so the ledger explains the stock from the start. */
export async function addVariant(db: Knex, actor: Actor, productId: number, input: VariantInput & { stock: number }): Promise<number> {
  try {
    return await db.transaction(async (trx) => {
      await getProduct(trx, productId);
      if (await skuTaken(trx, input.sku)) throw SKU_TAKEN();
      await checkVariantImage(trx, productId, input.imageId);
      const last = await trx('variants').where('product_id', productId).max({ p: 'position' }).first();
      const position = last?.p === null || last?.p === undefined ? 0 : toInt(last.p) + 1;
      const [row] = await trx('variants')
        .insert({
          product_id: productId,
          sku: input.sku,
          options: JSON.stringify(input.options),
          price_cents: input.priceCents,
          member_price_cents: input.memberPriceCents,
          image_id: input.imageId ?? null,
          stock: 0,
          position,
        })
        .returning('id');
      const id = toInt(typeof row === 'object' ? row.id : row);
      if (input.stock > 0) await changeStock(trx, { variantId: id, change: input.stock, reason: 'initial', actorUserId: actor.id });
      await recordAudit(trx, actor, { action: 'variant.create', entityType: 'variant', entityId: id, after: { productId, ...input } });
      await reindexProducts(trx, [productId]);
      return id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw SKU_TAKEN();
    throw err;
  }
}

export interface VariantRecord extends VariantInput {
  id: number;
  productId: number;
  stock: number;
}

export async function getVariant(db: Knex, id: number): Promise<VariantRecord> {
  const variant = await variantById(db, id);
  if (!variant) throw new NotFoundError();
  return variant;
}

/** Edits SKU, options and prices; stock changes only through adjustStock. Returns the product id. */
export async function updateVariant(db: Knex, actor: Actor, id: number, input: VariantInput): Promise<number> {
  try {
    return await db.transaction(async (trx) => {
      const before = await getVariant(trx, id);
      if (await skuTaken(trx, input.sku, id)) throw SKU_TAKEN();
      await checkVariantImage(trx, before.productId, input.imageId);
      await trx('variants').where('id', id).update({
        sku: input.sku,
        options: JSON.stringify(input.options),
        price_cents: input.priceCents,
        member_price_cents: input.memberPriceCents,
        ...(input.imageId !== undefined ? { image_id: input.imageId } : {}),
        updated_at: new Date(),
      });
      const { sku, options, priceCents, memberPriceCents, imageId } = before;
      await recordAudit(trx, actor, { action: 'variant.update', entityType: 'variant', entityId: id, before: { sku, options, priceCents, memberPriceCents, imageId }, after: input });
      await reindexProducts(trx, [before.productId]);
      return before.productId;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw SKU_TAKEN();
    throw err;
  }
}

// ---------- stock

export interface StockAdjustment {
  change: number;
  reason: ManualReason;
  note: string;
}

export function stockFormValues(form: Form): Record<string, string> {
  return { change: text(form, 'change'), reason: text(form, 'reason'), note: text(form, 'note') };
}

export function parseStockAdjustment(form: Form): StockAdjustment {
  const v = stockFormValues(form);
  const errors: Errors = {};
  const raw = v.change.trim().replace(/^\+/, '');
  const change = /^-?\d{1,7}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(change) || change === 0 || Math.abs(change) > MAX_STOCK_CHANGE) errors.change = 'adminCatalog.error.changeInvalid';
  if (!(MANUAL_REASONS as readonly string[]).includes(v.reason)) errors.reason = 'adminCatalog.error.reasonInvalid';
  if (v.note.length > 300) errors.note = 'adminCatalog.error.noteTooLong';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { change, reason: v.reason as ManualReason, note: v.note.trim() };
}

/** A clerk's stock change, with its reason in the ledger; refuses to go below zero. Returns the product id. */
export async function adjustStock(db: Knex, actor: Actor, variantId: number, adjustment: StockAdjustment): Promise<number> {
  try {
    return await db.transaction(async (trx) => {
      const before = await getVariant(trx, variantId);
      const stockAfter = await changeStock(trx, { variantId, change: adjustment.change, reason: adjustment.reason, actorUserId: actor.id, note: adjustment.note });
      await recordAudit(trx, actor, {
        action: 'variant.stock',
        entityType: 'variant',
        entityId: variantId,
        before: { stock: before.stock },
        after: { stock: stockAfter, change: adjustment.change, reason: adjustment.reason, note: adjustment.note },
      });
      return before.productId;
    });
  } catch (err) {
    if (err instanceof StockWouldGoNegativeError) throw new ValidationError({ change: 'inventory.negative' });
    throw err;
  }
}

// ---------- the product page

export interface VariantDetail extends VariantRecord {
  ledger: LedgerEntry[];
  /** Form values for the edit form when nothing was posted. */
  values: Record<string, string>;
}

export async function loadProductForEdit(db: Knex, id: number): Promise<{ product: ProductRecord; variants: VariantDetail[] }> {
  const product = await getProduct(db, id);
  const variants: VariantDetail[] = [];
  for (const v of (await variantsOfProducts(db, [id])).get(id) ?? []) {
    variants.push({
      ...v,
      ledger: await ledgerOf(db, v.id, LEDGER_SHOWN),
      values: {
        sku: v.sku,
        options: optionsToLines(v.options),
        price: centsToInput(v.priceCents),
        memberPrice: v.memberPriceCents === null ? '' : centsToInput(v.memberPriceCents),
        image: v.imageId === null ? '' : String(v.imageId),
      },
    });
  }
  return { product, variants };
}

export function productValues(p: ProductRecord): Record<string, string> {
  return {
    name: p.name,
    slug: p.slug,
    description: p.description,
    categoryId: p.categoryId === null ? '' : String(p.categoryId),
    status: p.status,
    membersOnlyUntil: dayToInput(p.membersOnlyUntil),
  };
}
