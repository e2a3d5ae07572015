// GraphQL (mercurius) at /graphql: a read-only catalog over the same catalog services the pages use.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import mercurius, { type IResolvers, type MercuriusLoaders } from 'mercurius';
import { GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationRule } from 'graphql';
import type { Knex } from 'knex';
import { isMember } from '../plugins/auth';
import { listProducts, type CategoryNode, type ImageView, type ProductCard, type ProductDetail } from '../catalog/service';
import type { ListingQuery, Sort } from '../catalog/listing-query';
import { MAX_QUERY_LENGTH } from '../catalog/listing-query';
import { unitPrice } from '../catalog/pricing';
import { stockState, type StockState } from '../lib/stock';
import { parseJsonObject, toInt } from '../lib/rows';
import { DomainError, NotFoundError } from '../lib/errors';
import { schema } from './schema';
import { costLimitRule, MAX_DEPTH } from './limits';

export const DEFAULT_FIRST = 24;
export const MAX_FIRST = 100;

interface Ctx {
  reply: FastifyReply;
  app: FastifyInstance;
}

/** What a Product resolves from: a listing card or a product detail; the rest is loaded in batches. */
interface ProductNode {
  id: number;
  slug: string;
  name: string;
  member: boolean;
  priceCents: number;
  regularPriceCents: number | null;
  memberTeaserCents: number | null;
  membersOnlyUntil: Date | null;
  stock: StockState;
  /** Present when loaded from the product detail (product(slug)): no further queries needed. */
  detail?: ProductDetail;
}

interface VariantNode {
  id: number;
  sku: string;
  options: Record<string, string>;
  label: string;
  priceCents: number;
  regularPriceCents: number | null;
  memberTeaserCents: number | null;
  stock: StockState;
}

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

function viewerIsMember(ctx: Ctx): boolean {
  return isMember(ctx.reply.request.user);
}

function stockView(stock: StockState): { state: string; left: number | null } {
  return { state: stock.kind.toUpperCase(), left: stock.kind === 'low' ? stock.left : null };
}

function slugFromHref(href: string): string {
  return decodeURIComponent(href.slice(href.lastIndexOf('/') + 1));
}

function variantNode(v: { id: number; sku: string; options: Record<string, string>; priceCents: number; memberPriceCents: number | null; stock: number }, member: boolean): VariantNode {
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

function fromCard(card: ProductCard, member: boolean): ProductNode {
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

function fromDetail(detail: ProductDetail, member: boolean): ProductNode {
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

const SORTS: Record<string, Sort> = { RELEVANCE: 'relevance', FEATURED: 'featured', NEWEST: 'newest', PRICE_ASC: 'price_asc', PRICE_DESC: 'price_desc', NAME: 'name' };

function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new GraphQLError('Invalid cursor.', { extensions: { code: 'BAD_USER_INPUT' } });
  return Number(m[1]);
}

/** A page of a listing, with the filter and sort semantics of the listing pages (listing-query.ts, listProducts). */
async function productConnection(ctx: Ctx, args: ListingArgs, category: CategoryNode | undefined) {
  const app = ctx.app;
  const member = viewerIsMember(ctx);
  const first = args.first ?? DEFAULT_FIRST;
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) throw new GraphQLError(`first must be between 1 and ${MAX_FIRST}.`, { extensions: { code: 'BAD_USER_INPUT' } });
  const start = args.after ? decodeCursor(args.after) + 1 : 0;
  const q = (args.search ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
  const search = q !== '';
  let minPriceCents = args.minPriceCents ?? null;
  let maxPriceCents = args.maxPriceCents ?? null;
  if (minPriceCents !== null && maxPriceCents !== null && minPriceCents > maxPriceCents) [minPriceCents, maxPriceCents] = [maxPriceCents, minPriceCents];
  let sort: Sort = args.sort ? SORTS[args.sort] ?? 'featured' : search ? 'relevance' : 'featured';
  if (sort === 'relevance' && !search) sort = 'featured';
  const audience = { member, now: Date.now() };
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

// Batched reads for list nodes: one query per field for all products of the request.
type VariantRecord = { id: number; sku: string; options: Record<string, string>; priceCents: number; memberPriceCents: number | null; stock: number };

async function variantsOf(db: Knex, ids: number[]): Promise<Map<number, VariantRecord[]>> {
  const rows = await db('variants').whereIn('product_id', ids).select('id', 'product_id', 'sku', 'options', 'price_cents', 'member_price_cents', 'stock').orderBy(['product_id', 'position', 'id']);
  const map = new Map<number, VariantRecord[]>();
  for (const r of rows) {
    const productId = toInt(r.product_id);
    const list = map.get(productId) ?? [];
    list.push({ id: toInt(r.id), sku: r.sku, options: parseJsonObject(r.options), priceCents: toInt(r.price_cents), memberPriceCents: r.member_price_cents === null ? null : toInt(r.member_price_cents), stock: toInt(r.stock) });
    map.set(productId, list);
  }
  return map;
}

async function imagesOf(db: Knex, ids: number[]): Promise<Map<number, ImageView[]>> {
  const rows = await db('product_images').whereIn('product_id', ids).select('product_id', 'file', 'width', 'height', 'alt').orderBy(['product_id', 'position', 'id']);
  const map = new Map<number, ImageView[]>();
  for (const r of rows) {
    const productId = toInt(r.product_id);
    const list = map.get(productId) ?? [];
    list.push({ url: `/media/${encodeURIComponent(r.file)}`, alt: r.alt, width: toInt(r.width), height: toInt(r.height) });
    map.set(productId, list);
  }
  return map;
}

async function basicsOf(db: Knex, ids: number[]): Promise<Map<number, { description: string; categoryId: number | null }>> {
  const rows = await db('products').whereIn('id', ids).select('id', 'description', 'category_id');
  return new Map(rows.map((r) => [toInt(r.id), { description: r.description as string, categoryId: r.category_id === null ? null : toInt(r.category_id) }]));
}

type LoaderQuery = { obj: ProductNode; params: unknown };

const resolvers: IResolvers = {
  Query: {
    categories: async (_root, _args, ctx: Ctx) => (await ctx.app.catalog.categoryTree()).roots,
    product: async (_root, args: { slug: string }, ctx: Ctx) => {
      const member = viewerIsMember(ctx);
      try {
        return fromDetail(await ctx.app.catalog.product(args.slug, member), member);
      } catch (err) {
        if (err instanceof NotFoundError) return null;
        throw err;
      }
    },
    products: async (_root, args: ListingArgs, ctx: Ctx) => {
      let category: CategoryNode | undefined;
      if (args.category) {
        category = (await ctx.app.catalog.categoryTree()).bySlug.get(args.category);
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
    membersOnlyUntil: (p: ProductNode) => (p.membersOnlyUntil ? p.membersOnlyUntil.toISOString() : null),
    stock: (p: ProductNode) => stockView(p.stock),
  },
  Variant: {
    options: (v: VariantNode) => Object.entries(v.options).map(([name, value]) => ({ name, value })),
    stock: (v: VariantNode) => stockView(v.stock),
  },
};

const loaders: MercuriusLoaders = {
  Product: {
    variants: async (queries: LoaderQuery[], ctx: Ctx) => {
      const missing = queries.filter((q) => !q.obj.detail).map((q) => q.obj.id);
      const rows = missing.length ? await variantsOf(ctx.app.db, missing) : new Map<number, VariantRecord[]>();
      return queries.map(({ obj }) =>
        obj.detail ? obj.detail.variants.map((v) => variantNode({ ...v, priceCents: v.regularPriceCents, stock: v.stockOnHand }, obj.member)) : (rows.get(obj.id) ?? []).map((v) => variantNode(v, obj.member)),
      );
    },
    images: async (queries: LoaderQuery[], ctx: Ctx) => {
      const missing = queries.filter((q) => !q.obj.detail).map((q) => q.obj.id);
      const rows = missing.length ? await imagesOf(ctx.app.db, missing) : new Map<number, ImageView[]>();
      return queries.map(({ obj }) => obj.detail?.images ?? rows.get(obj.id) ?? []);
    },
    description: async (queries: LoaderQuery[], ctx: Ctx) => {
      const missing = queries.filter((q) => !q.obj.detail).map((q) => q.obj.id);
      const rows = missing.length ? await basicsOf(ctx.app.db, missing) : new Map<number, { description: string }>();
      return queries.map(({ obj }) => obj.detail?.description ?? rows.get(obj.id)?.description ?? '');
    },
    category: async (queries: LoaderQuery[], ctx: Ctx) => {
      const tree = await ctx.app.catalog.categoryTree();
      const missing = queries.filter((q) => !q.obj.detail).map((q) => q.obj.id);
      const rows = missing.length ? await basicsOf(ctx.app.db, missing) : new Map<number, { categoryId: number | null }>();
      return queries.map(({ obj }) => {
        if (obj.detail) return obj.detail.category;
        const id = rows.get(obj.id)?.categoryId;
        return id === null || id === undefined ? null : tree.byId.get(id) ?? null;
      });
    },
  },
};

/** Errors a client may read (its own mistakes, refusals); anything else is logged and answered generically. */
function isClientError(error: GraphQLError): boolean {
  const original = error.originalError;
  if (!original) return true;
  if (original instanceof GraphQLError) return true;
  if (original instanceof DomainError) return true;
  const status = (original as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status < 500;
}

export async function graphqlPlugin(app: FastifyInstance): Promise<void> {
  const production = app.config.env === 'production';
  // mercurius adds its routes itself: mark them here. Queries are read-only, so a request without a
  // session cookie may POST without a CSRF token (cross-site ones are still refused); a request with
  // a session cookie sends the x-csrf-token header (or uses GET /graphql?query=...).
  app.addHook('onRoute', (route) => {
    if (route.url === '/graphql' && route.method === 'POST') route.config = { ...(route.config ?? {}), csrf: 'unless-sessionless' };
  });
  const rules: ValidationRule[] = [costLimitRule()];
  if (production) rules.push(NoSchemaIntrospectionCustomRule);
  await app.register(mercurius, {
    schema,
    resolvers,
    loaders,
    path: '/graphql',
    graphiql: false,
    ide: false,
    queryDepth: MAX_DEPTH,
    validationRules: rules,
    context: (request: FastifyRequest, reply: FastifyReply) => ({ reply, app: request.server }) as never,
    errorFormatter: (execution, ctx) => {
      const errors = (execution.errors ?? []).map((error) => {
        if (isClientError(error)) return error;
        ctx.reply?.log.error({ err: error.originalError }, 'graphql resolver failed');
        return new GraphQLError('Internal server error', { path: error.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      });
      return mercurius.defaultErrorFormatter({ ...execution, errors } as typeof execution, ctx);
    },
  });
}
