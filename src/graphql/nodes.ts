// Product and variant nodes of the GraphQL schema, built from the catalog's batched reads (one query per field per request).
import type { Knex } from 'knex';
import { variantLabel, variantsForSale, variantsOfProducts, type Audience, type ProductCard, type ProductDetail, type VariantRow } from '../catalog/service';
import { priceDisplay } from '../pricing/price-display';
import { stockState, type StockState } from '../lib/stock';

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

/** A variant as stored (catalog/service's VariantRow): what the batch loaders hand the resolvers. */
export type VariantRecord = VariantRow;

export function stockView(stock: StockState): { state: string; left: number | null } {
  return { state: stock.kind.toUpperCase(), left: stock.kind === 'low' ? stock.left : null };
}

export function slugFromHref(href: string): string {
  return decodeURIComponent(href.slice(href.lastIndexOf('/') + 1));
}

export function variantNode(v: { id: number; sku: string; options: Record<string, string>; priceCents: number; memberPriceCents: number | null; stock: number }, member: boolean): VariantNode {
  return {
    id: v.id,
    sku: v.sku,
    options: v.options,
    label: variantLabel(v.options),
    ...priceDisplay(v, member),
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
    // From the lowest regular and member prices, as the listing cards; its priceCents is detail.minPriceCents.
    ...priceDisplay({ priceCents: regularMin, memberPriceCents: memberMin }, member),
    membersOnlyUntil: detail.membersOnlyUntil,
    stock: detail.stock,
    detail,
  };
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
  const variants = await variantsOfProducts(db, productIds);
  if (variants.size === 0) return nodes;
  const forSale = await variantsForSale(db, [...variants.values()].flat().map((v) => v.id), audience);
  for (const [productId, records] of variants) {
    const sale = records.map((v) => forSale.get(v.id)).find((v) => v !== undefined);
    if (!sale) continue;
    const minPrice = Math.min(...records.map((v) => v.priceCents));
    const memberPrices = records.map((v) => v.memberPriceCents).filter((p): p is number => p !== null);
    const minMember = memberPrices.length ? Math.min(...memberPrices) : null;
    nodes.set(productId, {
      id: productId,
      slug: slugFromHref(sale.href),
      name: sale.productName,
      member: audience.member,
      ...priceDisplay({ priceCents: minPrice, memberPriceCents: minMember }, audience.member),
      membersOnlyUntil: undefined,
      stock: stockState(records.reduce((n, v) => n + v.stock, 0)),
      variantRecords: records,
    });
  }
  return nodes;
}
