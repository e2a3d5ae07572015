// Catalog rules: what a shopper may see, how listings are filtered, sorted and paged, what a product page shows.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { NotFoundError } from '../lib/errors';
import { pageWindow, type PageWindow } from '../lib/pagination';
import { stockState, type StockState } from '../lib/stock';
import { TtlCache } from '../lib/ttl-cache';
import { publishLive } from '../events/bus';
import type { ListingQuery } from './listing-query';
import { listingKey } from './listing-query';
import * as queries from './queries';
import { searchTerms } from './search';
import { priceDisplay, type PriceDisplay } from '../pricing/price-display';
import type { Audience } from './queries';
import { imageSources, mediaUrl } from './image-files';
import { restrictedFileMap, type MediaOwner } from './media-access';
import { LOCALES, type Locale } from '../i18n';
import { BASE_LOCALE, categoryTranslations, imageAlts, optionDictionary, productSlugs, productTranslations, translateOptionValues, withFallback } from './translations';

export type { Audience };

export const PAGE_SIZE = 24;
const RELATED_COUNT = 8;
const HOME_COUNT = 8;

export interface ImageView {
  url: string;
  alt: string;
  width: number;
  height: number;
  /** The sized versions for `srcset` (null when there is only the one file). */
  srcset: string | null;
  /** The smallest version, for thumbnails in the cart and the gallery. */
  thumbUrl: string;
}

export interface ProductCard {
  id: number;
  href: string;
  name: string;
  /** The lowest price this audience pays. */
  priceCents: number;
  /** For members paying less: the regular price, shown struck through. */
  regularPriceCents: number | null;
  /** For everyone else: the lowest member price, shown as a teaser. */
  memberTeaserCents: number | null;
  /** True when variants differ in price, so the card says "from". */
  priceVaries: boolean;
  /** Early access: members see the date until which only they can buy it. */
  membersOnlyUntil: Date | null;
  stock: StockState;
  image: ImageView | null;
}

export interface CategoryNode {
  id: number;
  slug: string;
  href: string;
  name: string;
  description: string;
  parentId: number | null;
  children: CategoryNode[];
}

export interface CategoryTree {
  roots: CategoryNode[];
  bySlug: Map<string, CategoryNode>;
  byId: Map<number, CategoryNode>;
}

export interface Listing {
  cards: ProductCard[];
  window: PageWindow;
}

export interface VariantView {
  id: number;
  sku: string;
  /** The options as stored (what forms post and choices match on). */
  options: Record<string, string>;
  /** The same options with their values in the shopper's language, for display. */
  optionLabels: Record<string, string>;
  /** Options joined for a label, e.g. "M / Blue"; empty for a product's only variant without options. */
  label: string;
  /** What this audience pays. */
  priceCents: number;
  regularPriceCents: number;
  memberPriceCents: number | null;
  /** How the page shows the price to this audience (struck regular price, Plus teaser). */
  display: PriceDisplay;
  stockOnHand: number;
  stock: StockState;
  /** Position in the product's images of the photo this variant shows (its colour), or null: the first. */
  imageIndex: number | null;
}

export interface ProductDetail {
  id: number;
  slug: string;
  /** The slug in the shop's base text, whatever the language shown: the name of the product's live channel. */
  baseSlug: string;
  href: string;
  name: string;
  description: string;
  /** The meta description of the page: the translated one, else the start of the description. */
  metaDescription: string;
  /** This product's address in each language (its slug there, else the base one), for hreflang and the switch. */
  hrefs: Record<Locale, string>;
  category: CategoryNode | null;
  breadcrumb: CategoryNode[];
  images: ImageView[];
  variants: VariantView[];
  minPriceCents: number;
  maxPriceCents: number;
  stock: StockState;
  updatedAt: Date;
  membersOnlyUntil: Date | null;
  related: ProductCard[];
}

export function productHref(slug: string): string {
  return `/products/${encodeURIComponent(slug)}`;
}

export function categoryHref(slug: string): string {
  return `/categories/${encodeURIComponent(slug)}`;
}

/** alts: the images' alternative text in the shopper's language (imageAlts); the base alt where it has none. */
function imageView(image: queries.ImageRow, alts?: Map<number, string>): ImageView {
  return { url: mediaUrl(image.file), alt: alts?.get(image.id) ?? image.alt, width: image.width, height: image.height, ...imageSources(image.file, image.width) };
}

function earlyAccess(until: number | null, audience: Audience): Date | null {
  return until !== null && until > audience.now ? new Date(until) : null;
}

function localeOf(audience: Audience): Locale {
  return audience.locale ?? BASE_LOCALE;
}

async function cardsFor(db: Knex, rows: queries.ProductSummaryRow[], audience: Audience): Promise<ProductCard[]> {
  const ids = rows.map((r) => r.id);
  const [images, translations] = await Promise.all([queries.firstImages(db, ids), productTranslations(db, ids, localeOf(audience))]);
  const alts = await imageAlts(db, [...images.values()].map((i) => i.id), localeOf(audience));
  return rows.map((r) => {
    const image = images.get(r.id);
    const text = withFallback({ name: r.name, slug: r.slug }, translations.get(r.id));
    return {
      id: r.id,
      href: productHref(text.slug),
      name: text.name,
      ...priceDisplay({ priceCents: r.minPriceCents, memberPriceCents: r.minMemberPriceCents }, audience.member),
      priceVaries: r.maxPriceCents > r.minPriceCents,
      membersOnlyUntil: earlyAccess(r.membersOnlyUntil, audience),
      stock: stockState(r.stock),
      image: image ? imageView(image, alts) : null,
    };
  });
}

/** The categories in one language (fallback: the base text); bySlug knows the base slugs and this language's. */
export async function loadCategoryTree(db: Knex, locale: Locale = BASE_LOCALE): Promise<CategoryTree> {
  const [rows, translations] = await Promise.all([queries.allCategories(db), categoryTranslations(db, locale)]);
  const byId = new Map<number, CategoryNode>();
  const bySlug = new Map<string, CategoryNode>();
  for (const r of rows) {
    const text = withFallback({ name: r.name, description: r.description, slug: r.slug }, translations.get(r.id));
    const node: CategoryNode = { id: r.id, slug: text.slug, href: categoryHref(text.slug), name: text.name, description: text.description, parentId: r.parentId, children: [] };
    byId.set(r.id, node);
    bySlug.set(r.slug, node);
  }
  for (const node of byId.values()) if (!bySlug.has(node.slug)) bySlug.set(node.slug, node);
  const roots: CategoryNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId === null ? undefined : byId.get(node.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return { roots, bySlug, byId };
}

/** A listing of visible products; a category includes its children. Search text with no words matches nothing. */
export async function listProducts(
  db: Knex,
  query: ListingQuery,
  scope: { category?: CategoryNode; search?: boolean },
  audience: Audience,
  perPage = PAGE_SIZE,
): Promise<Listing> {
  const filter: queries.ListingFilter = {
    audience,
    minPriceCents: query.minPriceCents,
    maxPriceCents: query.maxPriceCents,
    inStockOnly: query.inStockOnly,
  };
  if (scope.category) filter.categoryIds = [scope.category.id, ...scope.category.children.map((c) => c.id)];
  if (scope.search) {
    const terms = searchTerms(query.q);
    if (terms.length === 0) return { cards: [], window: pageWindow(0, 1, perPage) };
    filter.searchTerms = terms;
  }
  const total = await queries.countProducts(db, filter);
  const window = pageWindow(total, query.page, perPage);
  const sort = query.sort === 'relevance' && !scope.search ? 'featured' : query.sort;
  const rows = total === 0 ? [] : await queries.listProductSummaries(db, filter, sort, perPage, window.offset);
  return { cards: await cardsFor(db, rows, audience), window };
}

/** A variant's options as shoppers read them ("M / Blue"); '' when it has none. */
export function variantLabel(options: Record<string, string>): string {
  return Object.values(options).join(' / ');
}

function imageIndexOf(images: queries.ImageRow[], imageId: number | null): number | null {
  const index = imageId === null ? -1 : images.findIndex((i) => i.id === imageId);
  return index === -1 ? null : index;
}

export async function loadProductDetail(db: Knex, slug: string, tree: CategoryTree, audience: Audience): Promise<ProductDetail> {
  const product = await queries.visibleProductBySlug(db, slug, audience);
  if (!product) throw new NotFoundError();
  const locale = localeOf(audience);
  const [variantRows, imageRows, translations, options, slugs] = await Promise.all([
    queries.productVariants(db, product.id),
    queries.productImages(db, product.id),
    productTranslations(db, [product.id], locale),
    optionDictionary(db, locale),
    productSlugs(db, product.id),
  ]);
  const translation = translations.get(product.id);
  const alts = await imageAlts(db, imageRows.map((i) => i.id), locale);
  const text = withFallback({ name: product.name, description: product.description, slug: product.slug }, translation);
  const metaDescription = translation?.metaDescription.trim() || text.description.slice(0, 155);
  // A product without variants cannot be bought or priced: treat it as not for sale.
  if (variantRows.length === 0) throw new NotFoundError();
  const category = product.categoryId === null ? null : tree.byId.get(product.categoryId) ?? null;
  const breadcrumb: CategoryNode[] = [];
  if (category) {
    const parent = category.parentId === null ? undefined : tree.byId.get(category.parentId);
    if (parent) breadcrumb.push(parent);
    breadcrumb.push(category);
  }
  const variants: VariantView[] = variantRows.map((v) => {
    const display = priceDisplay(v, audience.member);
    const optionLabels = translateOptionValues(v.options, options);
    return {
      id: v.id,
      sku: v.sku,
      options: v.options,
      optionLabels,
      label: variantLabel(optionLabels),
      priceCents: display.priceCents,
      regularPriceCents: v.priceCents,
      memberPriceCents: v.memberPriceCents,
      display,
      stockOnHand: v.stock,
      stock: stockState(v.stock),
      imageIndex: imageIndexOf(imageRows, v.imageId),
    };
  });
  const prices = variants.map((v) => v.priceCents);
  let related: ProductCard[] = [];
  if (category) {
    const rows = await queries.listProductSummaries(
      db,
      { audience, categoryIds: [category.id], minPriceCents: null, maxPriceCents: null, inStockOnly: false, excludeProductId: product.id },
      'featured',
      RELATED_COUNT,
      0,
    );
    related = await cardsFor(db, rows, audience);
  }
  return {
    id: product.id,
    slug: text.slug,
    baseSlug: product.slug,
    href: productHref(text.slug),
    name: text.name,
    description: text.description,
    metaDescription,
    hrefs: { en: productHref(slugs?.en ?? product.slug), fr: productHref(slugs?.fr ?? product.slug) },
    category,
    breadcrumb,
    images: imageRows.map((i) => imageView(i, alts)),
    variants,
    minPriceCents: Math.min(...prices),
    maxPriceCents: Math.max(...prices),
    stock: stockState(variants.reduce((sum, v) => sum + v.stockOnHand, 0)),
    updatedAt: product.updatedAt,
    membersOnlyUntil: earlyAccess(product.membersOnlyUntil, audience),
    related,
  };
}

export interface HomeContent {
  featured: ProductCard[];
  newest: ProductCard[];
  categories: CategoryNode[];
}

const NO_FILTER: ListingQuery = { sort: 'featured', page: 1, minPriceCents: null, maxPriceCents: null, inStockOnly: false, q: '' };

export async function loadHome(db: Knex, tree: CategoryTree, audience: Audience): Promise<HomeContent> {
  const baseFilter = { audience, minPriceCents: null, maxPriceCents: null, inStockOnly: false };
  const [featuredRows, newestRows] = await Promise.all([
    queries.listProductSummaries(db, baseFilter, 'featured', HOME_COUNT, 0),
    queries.listProductSummaries(db, baseFilter, 'newest', HOME_COUNT, 0),
  ]);
  const [featured, newest] = await Promise.all([cardsFor(db, featuredRows.filter((r) => r.featured), audience), cardsFor(db, newestRows, audience)]);
  return { featured, newest, categories: tree.roots };
}

export interface SitemapEntry {
  /** The page in the shop's base language. */
  path: string;
  /** The same page in other languages where its address differs (a translated slug); else `path` is used. */
  paths?: Partial<Record<Locale, string>>;
  lastModified: Date | null;
}

/** What search engines may index: what an anonymous visitor sees. */
export async function loadSitemap(db: Knex, tree: CategoryTree, now: number): Promise<SitemapEntry[]> {
  const products = await queries.visibleProductSlugs(db, { member: false, now });
  // Each language's own address: a translated slug where there is one (the page's canonical uses the same).
  const others = LOCALES.filter((l) => l !== BASE_LOCALE);
  const productSlugsIn = new Map(await Promise.all(others.map(async (l) => [l, await productTranslations(db, products.map((p) => p.id), l)] as const)));
  const categorySlugsIn = new Map(await Promise.all(others.map(async (l) => [l, await categoryTranslations(db, l)] as const)));
  const pathsOf = (slugOf: (l: Locale) => string | null | undefined, href: (slug: string) => string) =>
    Object.fromEntries(others.flatMap((l) => (slugOf(l) ? [[l, href(slugOf(l)!)]] : []))) as Partial<Record<Locale, string>>;
  return [
    { path: '/', lastModified: null },
    ...[...tree.byId.values()].map((c) => ({ path: c.href, paths: pathsOf((l) => categorySlugsIn.get(l)?.get(c.id)?.slug, categoryHref), lastModified: null })),
    ...products.map((p) => ({ path: productHref(p.slug), paths: pathsOf((l) => productSlugsIn.get(l)?.get(p.id)?.slug, productHref), lastModified: p.updatedAt })),
  ];
}

/**
 * The catalog as the storefront reads it: the same functions, with results kept in memory until the
 * catalog changes (invalidate) or the TTL passes, so a page view rarely touches the database.
 */
export class CatalogReader {
  private readonly cache: TtlCache<unknown>;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly db: Knex,
    ttlMs: number,
  ) {
    this.cache = new TtlCache<unknown>(5000, ttlMs);
  }

  private cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    return this.cache.getOrCompute(key, compute) as Promise<T>;
  }

  categoryTree(locale: Locale = BASE_LOCALE): Promise<CategoryTree> {
    return this.cached(`tree|${locale}`, () => loadCategoryTree(this.db, locale));
  }

  /** A category by its slug in any language (this one's first), named in this language. */
  async category(slug: string, locale: Locale = BASE_LOCALE): Promise<CategoryNode> {
    const tree = await this.categoryTree(locale);
    let node = tree.bySlug.get(slug);
    for (const other of LOCALES) {
      if (node || other === locale) continue;
      const found = (await this.categoryTree(other)).bySlug.get(slug);
      if (found) node = tree.byId.get(found.id);
    }
    if (!node) throw new NotFoundError();
    return node;
  }

  listing(query: ListingQuery, scope: { category?: CategoryNode; search?: boolean }, member: boolean, locale: Locale = BASE_LOCALE): Promise<Listing> {
    const key = `list|${locale}|${member ? 'm' : 'p'}|${scope.category?.id ?? ''}|${scope.search ? 's' : ''}|${listingKey(query)}`;
    return this.cached(key, () => listProducts(this.db, query, scope, { member, now: Date.now(), locale }));
  }

  /** A product by its slug in any language, its text in `locale`. */
  async product(slug: string, member: boolean, locale: Locale = BASE_LOCALE): Promise<ProductDetail> {
    const tree = await this.categoryTree(locale);
    return this.cached(`product|${locale}|${member ? 'm' : 'p'}|${slug}`, () => loadProductDetail(this.db, slug, tree, { member, now: Date.now(), locale }));
  }

  async home(member: boolean, locale: Locale = BASE_LOCALE): Promise<HomeContent> {
    const tree = await this.categoryTree(locale);
    return this.cached(`home|${locale}|${member ? 'm' : 'p'}`, () => loadHome(this.db, tree, { member, now: Date.now(), locale }));
  }

  async sitemap(): Promise<SitemapEntry[]> {
    const tree = await this.categoryTree();
    return this.cached('sitemap', () => loadSitemap(this.db, tree, Date.now()));
  }

  /** The files of products not everyone may see (media-access.ts), refreshed with the rest of the catalog. */
  restrictedMedia(): Promise<Map<string, MediaOwner>> {
    return this.cached('restricted-media', async () => restrictedFileMap(await queries.restrictedImages(this.db, Date.now())));
  }

  async suggestions(member: boolean, locale: Locale = BASE_LOCALE): Promise<ProductCard[]> {
    return (await this.listing({ ...NO_FILTER }, {}, member, locale)).cards.slice(0, 4);
  }

  /** Tags this reader's invalidations on the live bus, so that it skips its own when they come back. */
  readonly instanceId = randomUUID();

  /** Call after any change to products, variants, stock, images or categories: here and on the other instances. */
  invalidate(): void {
    this.invalidateHere();
    // The TTL is the safety net when the message is lost, so a failed publish is not the caller's problem.
    publishLive(this.db, { type: 'catalog-invalidate' }, this.instanceId).catch(() => undefined);
  }

  /** Drops what this instance cached, and tells no one: for an invalidation that came from elsewhere. */
  invalidateHere(): void {
    this.cache.clear();
    for (const listener of this.listeners) listener();
  }

  /** A catalog-invalidate event from the live bus: applied unless this reader sent it (no echo, no loop). */
  applyPeerInvalidation(origin: string | null): void {
    if (origin !== this.instanceId) this.invalidateHere();
  }

  onInvalidate(listener: () => void): void {
    this.listeners.push(listener);
  }
}

export interface VariantForSale {
  variantId: number;
  productId: number;
  productName: string;
  href: string;
  sku: string;
  label: string;
  /** What this audience pays for one unit. */
  unitPriceCents: number;
  regularPriceCents: number;
  /** How the price is shown to this audience (the regular price struck through for members paying less). */
  display: PriceDisplay;
  stockOnHand: number;
  image: ImageView | null;
}

/**
 * The variants a shopper may buy right now, with the price they pay; others (unknown ids, drafts,
 * archived products, early access for non-members) are left out. Always read fresh, never cached:
 * carts and checkout must see current prices and stock.
 */
export async function variantsForSale(db: Knex, variantIds: number[], audience: Audience): Promise<Map<number, VariantForSale>> {
  const rows = await queries.visibleVariants(db, variantIds, audience);
  const productIds = [...new Set(rows.map((r) => r.productId))];
  const locale = localeOf(audience);
  const [images, own, translations, options] = await Promise.all([
    queries.firstImages(db, productIds),
    queries.imagesByIds(db, rows.flatMap((r) => (r.imageId === null ? [] : [r.imageId]))),
    productTranslations(db, productIds, locale),
    rows.length === 0 ? optionDictionary(db, BASE_LOCALE) : optionDictionary(db, locale),
  ]);
  const alts = await imageAlts(db, [...images.values(), ...own.values()].map((i) => i.id), locale);
  const map = new Map<number, VariantForSale>();
  for (const r of rows) {
    // The variant's own photo (the Sage line shows the Sage tee), else the product's first.
    const image = (r.imageId !== null ? own.get(r.imageId) : undefined) ?? images.get(r.productId);
    const display = priceDisplay(r, audience.member);
    const text = withFallback({ name: r.productName, slug: r.productSlug }, translations.get(r.productId));
    map.set(r.id, {
      variantId: r.id,
      productId: r.productId,
      productName: text.name,
      href: productHref(text.slug),
      sku: r.sku,
      label: variantLabel(translateOptionValues(r.options, options)),
      unitPriceCents: display.priceCents,
      regularPriceCents: r.priceCents,
      display,
      stockOnHand: r.stock,
      image: image ? imageView(image, alts) : null,
    });
  }
  return map;
}

// ---------------------------------------------------------------------------------------------------
// Many products at once, for channels that resolve fields in batches (GraphQL) and for the back office.
// Rows whatever the product's state: callers check visibility through variantsForSale.

export { variantById, variantsByIds, variantsOfProducts, productBasics, type ProductBasicsRow, type VariantRow } from './queries';

/** Every image of many products in one query, as views. */
export async function imagesOfProducts(db: Knex, productIds: number[]): Promise<Map<number, ImageView[]>> {
  const rows = await queries.imagesOfProducts(db, productIds);
  return new Map([...rows].map(([productId, images]) => [productId, images.map((i) => imageView(i))]));
}
