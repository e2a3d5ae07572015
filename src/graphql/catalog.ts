// Catalog resolvers: categories, product listings with cursors, products, over the same catalog services the pages use.
import type { IResolvers, MercuriusLoaders } from 'mercurius';
import { imagesOfProducts, listProducts, productBasics, variantsOfProducts, type CategoryNode, type ImageView, type ProductBasicsRow, type ProductCard } from '../catalog/service';
import type { ListingQuery, Sort } from '../catalog/listing-query';
import { MAX_QUERY_LENGTH } from '../catalog/listing-query';
import { NotFoundError } from '../lib/errors';
import type { Locale } from '../i18n';
import { productTranslations, withFallback } from '../catalog/translations';

/** The language names and descriptions are read in: the request's (Accept-Language for apps). */
function localeOf(ctx: Ctx): Locale {
  return ctx.reply?.request.locale ?? 'en';
}
import { badInput, pageSize, viewerIsMember, type Ctx } from './context';
import { fromCard, fromDetail, stockView, variantNode, type ProductNode, type VariantNode, type VariantRecord } from './nodes';

export const DEFAULT_FIRST = 24;
export const MAX_FIRST = 100;
/** Far longer than any product's slug; a longer one is not looked up. */
const MAX_SLUG_LENGTH = 200;

interface ListingArgs {
  category?: string | null;
  search?: string | null;
  minPriceCents?: number | null;
  maxPriceCents?: number | null;
  inStockOnly?: boolean | null;
  sort?: string | null;
  first?: number | null;
  after?: string | null;
}

const SORTS: Record<string, Sort> = { RELEVANCE: 'relevance', FEATURED: 'featured', NEWEST: 'newest', PRICE_ASC: 'price_asc', PRICE_DESC: 'price_desc', NAME: 'name' };

function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeCursor(ctx: Ctx, cursor: string): number {
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw badInput(ctx, 'graphql.cursor.invalid', {}, 'after');
  return Number(m[1]);
}

/** A page of a listing, with the filter and sort semantics of the listing pages (listing-query.ts, listProducts). */
async function productConnection(ctx: Ctx, args: ListingArgs, category: CategoryNode | undefined) {
  const app = ctx.app;
  const member = viewerIsMember(ctx);
  const first = pageSize(ctx, args.first, DEFAULT_FIRST, MAX_FIRST);
  const start = args.after ? decodeCursor(ctx, args.after) + 1 : 0;
  const q = (args.search ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
  const search = q !== '';
  let minPriceCents = args.minPriceCents ?? null;
  let maxPriceCents = args.maxPriceCents ?? null;
  if (minPriceCents !== null && maxPriceCents !== null && minPriceCents > maxPriceCents) [minPriceCents, maxPriceCents] = [maxPriceCents, minPriceCents];
  let sort: Sort = args.sort ? SORTS[args.sort] ?? 'featured' : search ? 'relevance' : 'featured';
  if (sort === 'relevance' && !search) sort = 'featured';
  const audience = { member, now: Date.now(), locale: localeOf(ctx) };
  // Pages are windows of `first`; an offset that is not on a page boundary reads the two pages around it.
  const pageIndex = Math.floor(start / first);
  const query = (page: number): ListingQuery => ({ sort, page, minPriceCents, maxPriceCents, inStockOnly: args.inStockOnly ?? false, q });
  const scope = { category, search };
  const firstPage = await listProducts(app.db, query(pageIndex + 1), scope, audience, first);
  const total = firstPage.window.total;
  let cards: ProductCard[] = [];
  if (start < total && firstPage.window.page === pageIndex + 1) {
    cards = firstPage.cards.slice(start - firstPage.window.offset);
    if (cards.length < first && start % first !== 0 && (pageIndex + 1) * first < total) {
      const next = await listProducts(app.db, query(pageIndex + 2), scope, audience, first);
      cards = cards.concat(next.cards).slice(0, first);
    }
  }
  const edges = cards.map((card, i) => ({ cursor: encodeCursor(start + i), node: fromCard(card, member) }));
  return {
    edges,
    totalCount: total,
    pageInfo: { hasNextPage: start + edges.length < total, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
  };
}

type LoaderQuery = { obj: ProductNode; params: unknown };

export const catalogResolvers: IResolvers = {
  Query: {
    categories: async (_root, _args, ctx: Ctx) => (await ctx.app.catalog.categoryTree(localeOf(ctx))).roots,
    product: async (_root, args: { slug: string }, ctx: Ctx) => {
      // No slug holds control characters, and PostgreSQL refuses a NUL in a text parameter: such a slug finds nothing.
      if (/[\u0000-\u001f\u007f]/.test(args.slug) || args.slug.length > MAX_SLUG_LENGTH) return null;
      const member = viewerIsMember(ctx);
      try {
        return fromDetail(await ctx.app.catalog.product(args.slug, member, localeOf(ctx)), member);
      } catch (err) {
        if (err instanceof NotFoundError) return null;
        throw err;
      }
    },
    products: async (_root, args: ListingArgs, ctx: Ctx) => {
      let category: CategoryNode | undefined;
      if (args.category) {
        category = (await ctx.app.catalog.categoryTree(localeOf(ctx))).bySlug.get(args.category);
        if (!category) return { edges: [], totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null } };
      }
      return productConnection(ctx, args, category);
    },
  },
  Category: {
    products: (category: CategoryNode, args: ListingArgs, ctx: Ctx) => productConnection(ctx, args, category),
  },
  Product: {
    currency: (_p, _a, ctx: Ctx) => ctx.app.config.currency,
    stock: (p: ProductNode) => stockView(p.stock),
  },
  Variant: {
    options: (v: VariantNode) => Object.entries(v.options).map(([name, value]) => ({ name, value })),
    stock: (v: VariantNode) => stockView(v.stock),
  },
};

// Batched reads for list nodes: one query per field for all products of the request, none for what a node already holds.
export const catalogLoaders: MercuriusLoaders = {
  Product: {
    variants: async (queries: LoaderQuery[], ctx: Ctx) => {
      const missing = queries.filter((q) => !q.obj.detail && !q.obj.variantRecords).map((q) => q.obj.id);
      const rows = missing.length ? await variantsOfProducts(ctx.app.db, missing) : new Map<number, VariantRecord[]>();
      return queries.map(({ obj }) =>
        obj.detail
          ? obj.detail.variants.map((v) => variantNode({ ...v, priceCents: v.regularPriceCents, stock: v.stockOnHand }, obj.member))
          : (obj.variantRecords ?? rows.get(obj.id) ?? []).map((v) => variantNode(v, obj.member)),
      );
    },
    images: async (queries: LoaderQuery[], ctx: Ctx) => {
      const missing = queries.filter((q) => !q.obj.detail).map((q) => q.obj.id);
      const rows = missing.length ? await imagesOfProducts(ctx.app.db, missing) : new Map<number, ImageView[]>();
      return queries.map(({ obj }) => obj.detail?.images ?? rows.get(obj.id) ?? []);
    },
    description: async (queries: LoaderQuery[], ctx: Ctx) => {
      const missing = queries.filter((q) => !q.obj.detail).map((q) => q.obj.id);
      const [rows, translations] = await Promise.all([
        missing.length ? productBasics(ctx.app.db, missing) : new Map<number, ProductBasicsRow>(),
        productTranslations(ctx.app.db, missing, localeOf(ctx)),
      ]);
      return queries.map(({ obj }) => obj.detail?.description ?? withFallback({ description: rows.get(obj.id)?.description ?? '' }, translations.get(obj.id)).description);
    },
    category: async (queries: LoaderQuery[], ctx: Ctx) => {
      const tree = await ctx.app.catalog.categoryTree(localeOf(ctx));
      const missing = queries.filter((q) => !q.obj.detail).map((q) => q.obj.id);
      const rows = missing.length ? await productBasics(ctx.app.db, missing) : new Map<number, ProductBasicsRow>();
      return queries.map(({ obj }) => {
        if (obj.detail) return obj.detail.category;
        const id = rows.get(obj.id)?.categoryId;
        return id === null || id === undefined ? null : tree.byId.get(id) ?? null;
      });
    },
    membersOnlyUntil: async (queries: LoaderQuery[], ctx: Ctx) => {
      const missing = queries.filter((q) => q.obj.membersOnlyUntil === undefined).map((q) => q.obj.id);
      const rows = missing.length ? await productBasics(ctx.app.db, missing) : new Map<number, ProductBasicsRow>();
      const now = Date.now();
      return queries.map(({ obj }) => {
        if (obj.membersOnlyUntil !== undefined) return obj.membersOnlyUntil ? obj.membersOnlyUntil.toISOString() : null;
        // As the catalog's cards say it: the date only while early access lasts (the node exists only if the viewer may see it).
        const until = rows.get(obj.id)?.membersOnlyUntil ?? null;
        return until !== null && until > now ? new Date(until).toISOString() : null;
      });
    },
  },
};
