// knex queries of the catalog; rows come back normalised for both SQLite and PostgreSQL.
import type { Knex } from 'knex';
import { parseJsonObject, toBool, toDate, toInt } from '../lib/rows';
import { matchingProducts } from './search';
import type { Sort } from './listing-query';

export interface CategoryRow {
  id: number;
  parentId: number | null;
  slug: string;
  name: string;
  description: string;
  position: number;
}

export interface ImageRow {
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
  stock: number;
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
}

export interface VariantRow {
  id: number;
  productId: number;
  sku: string;
  options: Record<string, string>;
  priceCents: number;
  stock: number;
}

export interface ListingFilter {
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

/** Products a shopper may see: active ones only. */
function visibleProducts(db: Knex): Knex.QueryBuilder {
  return db('products as p').where('p.status', 'active');
}

function applyFilter(db: Knex, q: Knex.QueryBuilder, filter: ListingFilter): Knex.QueryBuilder {
  if (filter.categoryIds) q.whereIn('p.category_id', filter.categoryIds);
  if (filter.excludeProductId !== undefined) q.whereNot('p.id', filter.excludeProductId);
  if (filter.searchTerms) q.join(matchingProducts(db, filter.searchTerms).as('s'), 's.product_id', 'p.id');
  if (filter.minPriceCents !== null || filter.maxPriceCents !== null || filter.inStockOnly) {
    // A product qualifies when at least one of its variants does (in range and, if asked, in stock).
    q.whereExists(function qualifyingVariant() {
      this.select(db.raw('1')).from('variants as fv').whereRaw('fv.product_id = p.id');
      if (filter.minPriceCents !== null) this.where('fv.price_cents', '>=', filter.minPriceCents);
      if (filter.maxPriceCents !== null) this.where('fv.price_cents', '<=', filter.maxPriceCents);
      if (filter.inStockOnly) this.where('fv.stock', '>', 0);
    });
  }
  return q;
}

function variantTotals(db: Knex): Knex.QueryBuilder {
  return db('variants')
    .select('product_id')
    .min({ min_price: 'price_cents' })
    .max({ max_price: 'price_cents' })
    .sum({ stock: 'stock' })
    .groupBy('product_id')
    .as('vt');
}

export async function countProducts(db: Knex, filter: ListingFilter): Promise<number> {
  const q = applyFilter(db, visibleProducts(db), filter).count({ n: '*' }).first();
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
  const q = applyFilter(db, visibleProducts(db), filter)
    .join(variantTotals(db), 'vt.product_id', 'p.id')
    .select('p.id', 'p.slug', 'p.name', 'p.category_id', 'p.featured', 'p.created_at', 'vt.min_price', 'vt.max_price', 'vt.stock')
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
      q.orderBy('vt.min_price', 'asc');
      break;
    case 'price_desc':
      q.orderBy('vt.min_price', 'desc');
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
    stock: toInt(r.stock),
  }));
}

/** The first image of each product (by position). */
export async function firstImages(db: Knex, productIds: number[]): Promise<Map<number, ImageRow>> {
  const map = new Map<number, ImageRow>();
  if (productIds.length === 0) return map;
  const rows = await db('product_images')
    .whereIn('product_id', productIds)
    .select('product_id', 'file', 'width', 'height', 'alt')
    .orderBy(['product_id', 'position', 'id']);
  for (const r of rows) {
    const id = toInt(r.product_id);
    if (!map.has(id)) map.set(id, { productId: id, file: r.file, width: toInt(r.width), height: toInt(r.height), alt: r.alt });
  }
  return map;
}

export async function productImages(db: Knex, productId: number): Promise<ImageRow[]> {
  const rows = await db('product_images').where('product_id', productId).select('product_id', 'file', 'width', 'height', 'alt').orderBy(['position', 'id']);
  return rows.map((r) => ({ productId, file: r.file, width: toInt(r.width), height: toInt(r.height), alt: r.alt }));
}

export async function visibleProductBySlug(db: Knex, slug: string): Promise<ProductRow | null> {
  const r = await visibleProducts(db).where('p.slug', slug).first('p.id', 'p.slug', 'p.name', 'p.description', 'p.category_id', 'p.featured', 'p.created_at', 'p.updated_at');
  if (!r) return null;
  return {
    id: toInt(r.id),
    slug: r.slug,
    name: r.name,
    description: r.description,
    categoryId: r.category_id === null ? null : toInt(r.category_id),
    featured: toBool(r.featured),
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

export async function productVariants(db: Knex, productId: number): Promise<VariantRow[]> {
  const rows = await db('variants').where('product_id', productId).select('id', 'product_id', 'sku', 'options', 'price_cents', 'stock').orderBy(['position', 'id']);
  return rows.map((r) => ({
    id: toInt(r.id),
    productId: toInt(r.product_id),
    sku: r.sku,
    options: parseJsonObject(r.options),
    priceCents: toInt(r.price_cents),
    stock: toInt(r.stock),
  }));
}

/** Slugs and last change of every visible product, for sitemap.xml. */
export async function visibleProductSlugs(db: Knex): Promise<{ slug: string; updatedAt: Date }[]> {
  const rows = await visibleProducts(db).select('p.slug', 'p.updated_at').orderBy('p.id');
  return rows.map((r: { slug: string; updated_at: unknown }) => ({ slug: r.slug, updatedAt: toDate(r.updated_at) }));
}
