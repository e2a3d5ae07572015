// knex queries of the catalog; rows come back normalised for both SQLite and PostgreSQL.
import type { Knex } from 'knex';
import { parseJsonObject, toBool, toDate, toInt } from '../lib/rows';
import { matchingProducts } from './search';
import type { Sort } from './listing-query';
import type { Locale } from '../i18n';

/**
 * Who is looking decides what exists and what it costs: Plus members also see early-access products
 * and pay member prices. `now` is when visibility is judged (ms since epoch).
 */
export interface Audience {
  member: boolean;
  now: number;
  /** The language names and descriptions are read in (translations.ts); the shop's default when absent. */
  locale?: Locale;
}

export interface CategoryRow {
  id: number;
  parentId: number | null;
  slug: string;
  name: string;
  description: string;
  position: number;
}

export interface ImageRow {
  id: number;
  productId: number;
  file: string;
  width: number;
  height: number;
  alt: string;
}

export interface ProductSummaryRow {
  id: number;
  slug: string;
  name: string;
  categoryId: number | null;
  featured: boolean;
  createdAt: Date;
  minPriceCents: number;
  maxPriceCents: number;
  /** Lowest member price among the variants that have one, or null. */
  minMemberPriceCents: number | null;
  stock: number;
  membersOnlyUntil: number | null;
}

export interface ProductRow {
  id: number;
  slug: string;
  name: string;
  description: string;
  categoryId: number | null;
  featured: boolean;
  createdAt: Date;
  updatedAt: Date;
  membersOnlyUntil: number | null;
}

export interface VariantRow {
  id: number;
  productId: number;
  sku: string;
  options: Record<string, string>;
  priceCents: number;
  memberPriceCents: number | null;
  stock: number;
  /** The product image this variant shows (its colour's photo), or null: the product's first image. */
  imageId: number | null;
}

/** The columns variantFromRow reads. */
export const VARIANT_COLUMNS = ['id', 'product_id', 'sku', 'options', 'price_cents', 'member_price_cents', 'stock', 'image_id'] as const;

/** One reading of a variants row (prices in cents, options parsed), for every channel and the back office alike. */
export function variantFromRow(r: Record<string, unknown>): VariantRow {
  return {
    id: toInt(r.id),
    productId: toInt(r.product_id),
    sku: r.sku as string,
    options: parseJsonObject(r.options),
    priceCents: toInt(r.price_cents),
    memberPriceCents: r.member_price_cents === null || r.member_price_cents === undefined ? null : toInt(r.member_price_cents),
    stock: toInt(r.stock),
    imageId: r.image_id === null || r.image_id === undefined ? null : toInt(r.image_id),
  };
}

const IMAGE_COLUMNS = ['id', 'product_id', 'file', 'width', 'height', 'alt'] as const;

function imageFromRow(r: Record<string, unknown>): ImageRow {
  return { id: toInt(r.id), productId: toInt(r.product_id), file: r.file as string, width: toInt(r.width), height: toInt(r.height), alt: r.alt as string };
}

/** Images by their ids (the images variants name), whatever their order in the gallery. */
export async function imagesByIds(db: Knex, ids: number[]): Promise<Map<number, ImageRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db('product_images').whereIn('id', [...new Set(ids)]).select(IMAGE_COLUMNS);
  return new Map(rows.map((r: Record<string, unknown>) => [toInt(r.id), imageFromRow(r)]));
}

export interface ListingFilter {
  audience: Audience;
  categoryIds?: number[];
  searchTerms?: string[];
  minPriceCents: number | null;
  maxPriceCents: number | null;
  inStockOnly: boolean;
  excludeProductId?: number;
}

export async function allCategories(db: Knex): Promise<CategoryRow[]> {
  const rows = await db('categories').select('id', 'parent_id', 'slug', 'name', 'description', 'position').orderBy(['position', 'name']);
  return rows.map((r) => ({
    id: toInt(r.id),
    parentId: r.parent_id === null ? null : toInt(r.parent_id),
    slug: r.slug,
    name: r.name,
    description: r.description,
    position: toInt(r.position),
  }));
}

/**
 * Products this audience may see: active ones, and early-access ones only for members until the date.
 * media-access.ts productVisibleTo is the same rule for one product (the image files of hidden products).
 */
function visibleProducts(db: Knex, audience: Audience): Knex.QueryBuilder {
  const q = db('products as p').where('p.status', 'active');
  if (!audience.member) q.where((w) => w.whereNull('p.members_only_until').orWhere('p.members_only_until', '<=', audience.now));
  return q;
}

/**
 * The unit price this audience pays, as SQL for filtering and sorting; pricing/unit-price.ts unitPrice is the
 * same rule for single values, and the tests hold the two together.
 */
function effectivePrice(db: Knex, audience: Audience, alias: string): Knex.Raw {
  return audience.member ? db.raw(`coalesce(??, ??)`, [`${alias}.member_price_cents`, `${alias}.price_cents`]) : db.raw('??', [`${alias}.price_cents`]);
}

function applyFilter(db: Knex, q: Knex.QueryBuilder, filter: ListingFilter): Knex.QueryBuilder {
  if (filter.categoryIds) q.whereIn('p.category_id', filter.categoryIds);
  if (filter.excludeProductId !== undefined) q.whereNot('p.id', filter.excludeProductId);
  if (filter.searchTerms) q.join(matchingProducts(db, filter.searchTerms).as('s'), 's.product_id', 'p.id');
  if (filter.minPriceCents !== null || filter.maxPriceCents !== null || filter.inStockOnly) {
    // A product qualifies when at least one of its variants does (in range and, if asked, in stock).
    q.whereExists(function qualifyingVariant() {
      this.select(db.raw('1')).from('variants as fv').whereRaw('fv.product_id = p.id');
      const price = effectivePrice(db, filter.audience, 'fv');
      if (filter.minPriceCents !== null) this.where(price, '>=', filter.minPriceCents);
      if (filter.maxPriceCents !== null) this.where(price, '<=', filter.maxPriceCents);
      if (filter.inStockOnly) this.where('fv.stock', '>', 0);
    });
  }
  return q;
}

function variantTotals(db: Knex, audience: Audience): Knex.QueryBuilder {
  return db('variants as v')
    .select('v.product_id')
    .min({ min_price: 'v.price_cents' })
    .max({ max_price: 'v.price_cents' })
    .min({ min_member_price: 'v.member_price_cents' })
    .select(db.raw('min(?) as min_effective_price', [effectivePrice(db, audience, 'v')]))
    .sum({ stock: 'v.stock' })
    .groupBy('v.product_id')
    .as('vt');
}

export async function countProducts(db: Knex, filter: ListingFilter): Promise<number> {
  const q = applyFilter(db, visibleProducts(db, filter.audience), filter).count({ n: '*' }).first();
  const row = await q;
  return toInt(row?.n);
}

export async function listProductSummaries(
  db: Knex,
  filter: ListingFilter,
  sort: Sort,
  limit: number,
  offset: number,
): Promise<ProductSummaryRow[]> {
  const q = applyFilter(db, visibleProducts(db, filter.audience), filter)
    .join(variantTotals(db, filter.audience), 'vt.product_id', 'p.id')
    .select('p.id', 'p.slug', 'p.name', 'p.category_id', 'p.featured', 'p.created_at', 'p.members_only_until', 'vt.min_price', 'vt.max_price', 'vt.min_member_price', 'vt.stock')
    .limit(limit)
    .offset(offset);
  switch (sort) {
    case 'relevance':
      if (filter.searchTerms) q.orderBy('s.rank', 'asc');
      q.orderBy('p.featured', 'desc');
      break;
    case 'newest':
      q.orderBy('p.created_at', 'desc');
      break;
    case 'price_asc':
      q.orderBy('vt.min_effective_price', 'asc');
      break;
    case 'price_desc':
      q.orderBy('vt.min_effective_price', 'desc');
      break;
    case 'name':
      q.orderBy('p.name', 'asc');
      break;
    case 'featured':
      q.orderBy('p.featured', 'desc').orderBy('p.created_at', 'desc');
      break;
  }
  q.orderBy('p.id', 'desc');
  const rows = await q;
  return rows.map((r: Record<string, unknown>) => ({
    id: toInt(r.id),
    slug: r.slug as string,
    name: r.name as string,
    categoryId: r.category_id === null ? null : toInt(r.category_id),
    featured: toBool(r.featured),
    createdAt: toDate(r.created_at),
    minPriceCents: toInt(r.min_price),
    maxPriceCents: toInt(r.max_price),
    minMemberPriceCents: r.min_member_price === null || r.min_member_price === undefined ? null : toInt(r.min_member_price),
    stock: toInt(r.stock),
    membersOnlyUntil: r.members_only_until === null || r.members_only_until === undefined ? null : toInt(r.members_only_until),
  }));
}

/** The first image of each product (by position). */
export async function firstImages(db: Knex, productIds: number[]): Promise<Map<number, ImageRow>> {
  const map = new Map<number, ImageRow>();
  if (productIds.length === 0) return map;
  const rows = await db('product_images').whereIn('product_id', productIds).select(IMAGE_COLUMNS).orderBy(['product_id', 'position', 'id']);
  for (const r of rows) {
    const image = imageFromRow(r);
    if (!map.has(image.productId)) map.set(image.productId, image);
  }
  return map;
}

export async function productImages(db: Knex, productId: number): Promise<ImageRow[]> {
  const rows = await db('product_images').where('product_id', productId).select(IMAGE_COLUMNS).orderBy(['position', 'id']);
  return rows.map(imageFromRow);
}

/** A visible product by its slug in any language: the base slug first, then a translated one. */
export async function visibleProductBySlug(db: Knex, slug: string, audience: Audience): Promise<ProductRow | null> {
  const columns = ['p.id', 'p.slug', 'p.name', 'p.description', 'p.category_id', 'p.featured', 'p.created_at', 'p.updated_at', 'p.members_only_until'];
  const r =
    (await visibleProducts(db, audience).where('p.slug', slug).first(columns)) ??
    (await visibleProducts(db, audience)
      .whereIn('p.id', db('product_translations').select('product_id').where('slug', slug))
      .orderBy('p.id')
      .first(columns));
  if (!r) return null;
  return productFromRow(r);
}

function productFromRow(r: Record<string, unknown>): ProductRow {
  return {
    id: toInt(r.id),
    slug: r.slug as string,
    name: r.name as string,
    description: r.description as string,
    categoryId: r.category_id === null ? null : toInt(r.category_id),
    featured: toBool(r.featured),
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
    membersOnlyUntil: r.members_only_until === null || r.members_only_until === undefined ? null : toInt(r.members_only_until),
  };
}

export async function productVariants(db: Knex, productId: number): Promise<VariantRow[]> {
  const rows = await db('variants').where('product_id', productId).select(VARIANT_COLUMNS).orderBy(['position', 'id']);
  return rows.map(variantFromRow);
}

/** A variant by id whatever its product's state (the back office edits drafts too); null when there is none. */
export async function variantById(db: Knex, id: number): Promise<VariantRow | null> {
  const row = await db('variants').where('id', id).first(VARIANT_COLUMNS);
  return row ? variantFromRow(row) : null;
}

/** The variants of many products in one query, each product's in their shop order. */
export async function variantsOfProducts(db: Knex, productIds: number[]): Promise<Map<number, VariantRow[]>> {
  const map = new Map<number, VariantRow[]>();
  if (productIds.length === 0) return map;
  const rows = await db('variants').whereIn('product_id', [...new Set(productIds)]).select(VARIANT_COLUMNS).orderBy(['product_id', 'position', 'id']);
  for (const r of rows) {
    const v = variantFromRow(r);
    const list = map.get(v.productId) ?? [];
    list.push(v);
    map.set(v.productId, list);
  }
  return map;
}

/** Variants by their own ids, whatever their product's state: callers decide what may be shown. */
export async function variantsByIds(db: Knex, variantIds: number[]): Promise<Map<number, VariantRow>> {
  if (variantIds.length === 0) return new Map();
  const rows = await db('variants').whereIn('id', [...new Set(variantIds)]).select(VARIANT_COLUMNS);
  return new Map(rows.map((r: Record<string, unknown>) => [toInt(r.id), variantFromRow(r)]));
}

/** Every image of many products in one query, each product's in gallery order. */
export async function imagesOfProducts(db: Knex, productIds: number[]): Promise<Map<number, ImageRow[]>> {
  const map = new Map<number, ImageRow[]>();
  if (productIds.length === 0) return map;
  const rows = await db('product_images').whereIn('product_id', [...new Set(productIds)]).select(IMAGE_COLUMNS).orderBy(['product_id', 'position', 'id']);
  for (const r of rows) {
    const image = imageFromRow(r);
    const list = map.get(image.productId) ?? [];
    list.push(image);
    map.set(image.productId, list);
  }
  return map;
}

export interface ProductBasicsRow {
  description: string;
  categoryId: number | null;
  membersOnlyUntil: number | null;
}

/** Description, category and early-access end of many products by id, whatever their state. */
export async function productBasics(db: Knex, productIds: number[]): Promise<Map<number, ProductBasicsRow>> {
  if (productIds.length === 0) return new Map();
  const rows = await db('products').whereIn('id', [...new Set(productIds)]).select('id', 'description', 'category_id', 'members_only_until');
  return new Map(
    rows.map((r) => [
      toInt(r.id),
      {
        description: r.description as string,
        categoryId: r.category_id === null ? null : toInt(r.category_id),
        membersOnlyUntil: r.members_only_until === null || r.members_only_until === undefined ? null : toInt(r.members_only_until),
      },
    ]),
  );
}

/** Slugs and last change of every product the audience may see, for sitemap.xml. */
export async function visibleProductSlugs(db: Knex, audience: Audience): Promise<{ id: number; slug: string; updatedAt: Date }[]> {
  const rows = await visibleProducts(db, audience).select('p.id', 'p.slug', 'p.updated_at').orderBy('p.id');
  return rows.map((r: { id: unknown; slug: string; updated_at: unknown }) => ({ id: toInt(r.id), slug: r.slug, updatedAt: toDate(r.updated_at) }));
}

export interface SaleVariantRow extends VariantRow {
  productSlug: string;
  productName: string;
}

/** Variants by id whose product this audience may see (the rest are simply absent from the result). */
export async function visibleVariants(db: Knex, variantIds: number[], audience: Audience): Promise<SaleVariantRow[]> {
  if (variantIds.length === 0) return [];
  const rows = await visibleProducts(db, audience)
    .join('variants as v', 'v.product_id', 'p.id')
    .whereIn('v.id', variantIds)
    .select(...VARIANT_COLUMNS.map((c) => `v.${c}`), 'p.slug', 'p.name');
  return rows.map((r: Record<string, unknown>) => ({ ...variantFromRow(r), productSlug: r.slug as string, productName: r.name as string }));
}

export interface RestrictedImageRow {
  file: string;
  productId: number;
  status: string;
  membersOnlyUntil: number | null;
  hasVariants: boolean;
}

/**
 * The image rows of products an anonymous visitor cannot see at `now`: not on sale (draft, archived), in early
 * access, or without a variant. Usually a handful; every other image is public.
 */
export async function restrictedImages(db: Knex, now: number): Promise<RestrictedImageRow[]> {
  const hasVariant = db('variants as v').select(db.raw('1')).whereRaw('v.product_id = p.id');
  const rows = await db('product_images as i')
    .join('products as p', 'p.id', 'i.product_id')
    .where((w) => w.whereNot('p.status', 'active').orWhere('p.members_only_until', '>', now).orWhereNotExists(hasVariant))
    .select('i.file', 'p.id', 'p.status', 'p.members_only_until', db.raw('case when exists ? then 1 else 0 end as has_variants', [hasVariant]));
  return rows.map((r: Record<string, unknown>) => ({
    file: r.file as string,
    productId: toInt(r.id),
    status: r.status as string,
    membersOnlyUntil: r.members_only_until === null || r.members_only_until === undefined ? null : toInt(r.members_only_until),
    hasVariants: toBool(r.has_variants),
  }));
}
