// Product and variant nodes of the GraphQL schema, and the batched reads behind them (one query per field per request).
import type { Knex } from 'knex';
import { variantsForSale, type Audience, type ImageView, type ProductCard, type ProductDetail } from '../catalog/service';
import { unitPrice } from '../catalog/pricing';
import { stockState, type StockState } from '../lib/stock';
import { parseJsonObject, toInt } from '../lib/rows';
import { imageSources, mediaUrl } from '../catalog/image-files';

/** What a Product resolves from: a listing card, a product detail, or a product read by id; the rest is loaded in batches. */
export interface ProductNode {
  id: number;
  slug: string;
  name: string;
  member: boolean;
  priceCents: number;
  regularPriceCents: number | null;
  memberTeaserCents: number | null;
  /** undefined: not read yet (a product reached through an order or cart line); the field's loader reads it. */
  membersOnlyUntil: Date | null | undefined;
  stock: StockState;
  /** Present when loaded from the product detail (product(slug)): no further queries needed. */
  detail?: ProductDetail;
  /** Present when the variants were read to build the node (productNodesByIds). */
  variantRecords?: VariantRecord[];
}

export interface VariantNode {
  id: number;
  sku: string;
  options: Record<string, string>;
  label: string;
  priceCents: number;
  regularPriceCents: number | null;
  memberTeaserCents: number | null;
  stock: StockState;
}

export type VariantRecord = { id: number; productId: number; sku: string; options: Record<string, string>; priceCents: number; memberPriceCents: number | null; stock: number };

export function stockView(stock: StockState): { state: string; left: number | null } {
  return { state: stock.kind.toUpperCase(), left: stock.kind === 'low' ? stock.left : null };
}

export function slugFromHref(href: string): string {
  return decodeURIComponent(href.slice(href.lastIndexOf('/') + 1));
}

export function variantNode(v: { id: number; sku: string; options: Record<string, string>; priceCents: number; memberPriceCents: number | null; stock: number }, member: boolean): VariantNode {
  const price = unitPrice(v, member);
  return {
    id: v.id,
    sku: v.sku,
    options: v.options,
    label: Object.values(v.options).join(' / '),
    priceCents: price,
    regularPriceCents: member && price < v.priceCents ? v.priceCents : null,
    memberTeaserCents: !member && v.memberPriceCents !== null && v.memberPriceCents < v.priceCents ? v.memberPriceCents : null,
    stock: stockState(v.stock),
  };
}

export function fromCard(card: ProductCard, member: boolean): ProductNode {
  return {
    id: card.id,
    slug: slugFromHref(card.href),
    name: card.name,
    member,
    priceCents: card.priceCents,
    regularPriceCents: card.regularPriceCents,
    memberTeaserCents: card.memberTeaserCents,
    membersOnlyUntil: card.membersOnlyUntil,
    stock: card.stock,
  };
}

export function fromDetail(detail: ProductDetail, member: boolean): ProductNode {
  const regularMin = Math.min(...detail.variants.map((v) => v.regularPriceCents));
  const memberPrices = detail.variants.map((v) => v.memberPriceCents).filter((p): p is number => p !== null);
  const memberMin = memberPrices.length ? Math.min(...memberPrices) : null;
  return {
    id: detail.id,
    slug: detail.slug,
    name: detail.name,
    member,
    priceCents: detail.minPriceCents,
    regularPriceCents: member && detail.minPriceCents < regularMin ? regularMin : null,
    memberTeaserCents: !member && memberMin !== null && memberMin < detail.minPriceCents ? memberMin : null,
    membersOnlyUntil: detail.membersOnlyUntil,
    stock: detail.stock,
    detail,
  };
}

function variantRecordFromRow(r: Record<string, unknown>): VariantRecord {
  return {
    id: toInt(r.id),
    productId: toInt(r.product_id),
    sku: r.sku as string,
    options: parseJsonObject(r.options),
    priceCents: toInt(r.price_cents),
    memberPriceCents: r.member_price_cents === null ? null : toInt(r.member_price_cents),
    stock: toInt(r.stock),
  };
}

const VARIANT_COLUMNS = ['id', 'product_id', 'sku', 'options', 'price_cents', 'member_price_cents', 'stock'];

export async function variantsOf(db: Knex, productIds: number[]): Promise<Map<number, VariantRecord[]>> {
  const map = new Map<number, VariantRecord[]>();
  if (productIds.length === 0) return map;
  const rows = await db('variants').whereIn('product_id', [...new Set(productIds)]).select(VARIANT_COLUMNS).orderBy(['product_id', 'position', 'id']);
  for (const r of rows) {
    const v = variantRecordFromRow(r);
    const list = map.get(v.productId) ?? [];
    list.push(v);
    map.set(v.productId, list);
  }
  return map;
}

/** Variants by their own ids (cart lines), whatever their product's state: callers decide what may be shown. */
export async function variantsByIds(db: Knex, variantIds: number[]): Promise<Map<number, VariantRecord>> {
  if (variantIds.length === 0) return new Map();
  const rows = await db('variants').whereIn('id', [...new Set(variantIds)]).select(VARIANT_COLUMNS);
  return new Map(rows.map((r: Record<string, unknown>) => [toInt(r.id), variantRecordFromRow(r)]));
}

export async function imagesOf(db: Knex, ids: number[]): Promise<Map<number, ImageView[]>> {
  const rows = await db('product_images').whereIn('product_id', ids).select('product_id', 'file', 'width', 'height', 'alt').orderBy(['product_id', 'position', 'id']);
  const map = new Map<number, ImageView[]>();
  for (const r of rows) {
    const productId = toInt(r.product_id);
    const list = map.get(productId) ?? [];
    list.push({ url: mediaUrl(r.file), alt: r.alt, width: toInt(r.width), height: toInt(r.height), ...imageSources(r.file, toInt(r.width)) });
    map.set(productId, list);
  }
  return map;
}

export interface ProductBasics {
  description: string;
  categoryId: number | null;
  membersOnlyUntil: number | null;
}

export async function basicsOf(db: Knex, ids: number[]): Promise<Map<number, ProductBasics>> {
  const rows = await db('products').whereIn('id', ids).select('id', 'description', 'category_id', 'members_only_until');
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

/**
 * Products by id as this audience may see them now, or absent (deleted, draft, archived, early access for
 * a non-member). Visibility is the catalog's own rule: a product shows when one of its variants is for
 * sale to this audience (variantsForSale), as in the listings, which show no product without variants.
 * Prices follow the listing cards (lowest regular and lowest member price). A constant number of queries
 * however many products are asked for.
 */
export async function productNodesByIds(db: Knex, productIds: number[], audience: Audience): Promise<Map<number, ProductNode>> {
  const nodes = new Map<number, ProductNode>();
  const variants = await variantsOf(db, productIds);
  if (variants.size === 0) return nodes;
  const forSale = await variantsForSale(db, [...variants.values()].flat().map((v) => v.id), audience);
  for (const [productId, records] of variants) {
    const sale = records.map((v) => forSale.get(v.id)).find((v) => v !== undefined);
    if (!sale) continue;
    const minPrice = Math.min(...records.map((v) => v.priceCents));
    const memberPrices = records.map((v) => v.memberPriceCents).filter((p): p is number => p !== null);
    const minMember = memberPrices.length ? Math.min(...memberPrices) : null;
    const price = unitPrice({ priceCents: minPrice, memberPriceCents: minMember }, audience.member);
    nodes.set(productId, {
      id: productId,
      slug: slugFromHref(sale.href),
      name: sale.productName,
      member: audience.member,
      priceCents: price,
      regularPriceCents: audience.member && price < minPrice ? minPrice : null,
      memberTeaserCents: !audience.member && minMember !== null && minMember < minPrice ? minMember : null,
      membersOnlyUntil: undefined,
      stock: stockState(records.reduce((n, v) => n + v.stock, 0)),
      variantRecords: records,
    });
  }
  return nodes;
}
