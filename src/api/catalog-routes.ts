// GET /api/v1/categories, /api/v1/products, /api/v1/products/:slug: the read-only catalog as JSON, through
// the same CatalogReader and listing rules as the storefront pages (members see early access and member prices).
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../i18n';
import { NotFoundError, ValidationError } from '../lib/errors';
import { audienceOf } from '../plugins/auth';
import { parseListingQuery, type ListingQuery } from '../catalog/listing-query';
import { centsToInput } from '../lib/money';
import type { CatalogReader, CategoryNode, ProductCard } from '../catalog/service';
import { categoriesRoute, productRoute, productsRoute } from './schemas';

export const API_PREFIX = '/api/v1';

export function apiProductHref(slug: string): string {
  return `${API_PREFIX}/products/${encodeURIComponent(slug)}`;
}

export function apiCategoryProductsHref(slug: string): string {
  return `${API_PREFIX}/products?category=${encodeURIComponent(slug)}`;
}

function slugFromHref(href: string): string {
  return decodeURIComponent(href.slice(href.lastIndexOf('/') + 1));
}

interface ProductsQuery {
  category?: string;
  q?: string;
  min?: string;
  max?: string;
  instock?: string;
  sort?: string;
  page?: string;
}

/** The API URL of a listing state; keeps category and search text. */
function productsHref(category: string | undefined, query: ListingQuery, page: number, searching: boolean): string {
  const params = new URLSearchParams();
  if (category) params.set('category', category);
  if (query.q) params.set('q', query.q);
  if (query.minPriceCents !== null) params.set('min', centsToInput(query.minPriceCents));
  if (query.maxPriceCents !== null) params.set('max', centsToInput(query.maxPriceCents));
  if (query.inStockOnly) params.set('instock', '1');
  if (query.sort !== (searching ? 'relevance' : 'featured')) params.set('sort', query.sort);
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `${API_PREFIX}/products?${qs}` : `${API_PREFIX}/products`;
}

/** Sends JSON with a weak ETag of the serialized body; a matching If-None-Match gets 304 without a body. */
function sendWithEtag(request: FastifyRequest, reply: FastifyReply, data: unknown): FastifyReply {
  const body = reply.serialize(data) as string;
  const etag = `W/"${createHash('sha1').update(body).digest('base64url')}"`;
  // Members and others get different answers from the same URL (members by session cookie or by token).
  reply.header('etag', etag).header('vary', 'Cookie, Authorization').header('cache-control', 'private, no-cache');
  const match = request.headers['if-none-match'];
  if (match && match.split(',').some((t) => t.trim() === etag || t.trim() === '*' || t.trim() === etag.slice(2))) {
    return reply.code(304).send();
  }
  return reply.type('application/json; charset=utf-8').send(body);
}

function validationFields(request: FastifyRequest): Record<string, MessageKey> | null {
  const error = request.validationError as (Error & { validation?: { instancePath?: string; params?: Record<string, unknown> }[] }) | undefined;
  if (!error) return null;
  const fields: Record<string, MessageKey> = {};
  for (const v of error.validation ?? []) {
    const name = (v.instancePath ?? '').replace(/^\//, '') || String(v.params?.missingProperty ?? 'query');
    fields[name] = 'error.badRequest.text';
  }
  return Object.keys(fields).length > 0 ? fields : { query: 'error.badRequest.text' };
}

function categoryJson(node: CategoryNode): unknown {
  return {
    slug: node.slug,
    name: node.name,
    description: node.description,
    links: { products: apiCategoryProductsHref(node.slug), html: node.href },
    children: node.children.map(categoryJson),
  };
}

function cardJson(card: ProductCard, currency: string) {
  const slug = slugFromHref(card.href);
  return {
    slug,
    name: card.name,
    priceCents: card.priceCents,
    regularPriceCents: card.regularPriceCents,
    memberTeaserCents: card.memberTeaserCents,
    priceVaries: card.priceVaries,
    membersOnlyUntil: card.membersOnlyUntil ? card.membersOnlyUntil.toISOString() : null,
    currency,
    stock: card.stock,
    image: card.image,
    links: { self: apiProductHref(slug), html: card.href },
  };
}

export async function catalogApiRoutes(app: FastifyInstance, opts: { catalog: CatalogReader; currency: string }): Promise<void> {
  const { catalog, currency } = opts;

  app.get(`${API_PREFIX}/categories`, { schema: categoriesRoute }, async (request, reply) => {
    const tree = await catalog.categoryTree(request.locale);
    return sendWithEtag(request, reply, { categories: tree.roots.map(categoryJson) });
  });

  app.get<{ Querystring: ProductsQuery }>(`${API_PREFIX}/products`, { schema: productsRoute, attachValidation: true }, async (request, reply) => {
    const invalid = validationFields(request);
    if (invalid) throw new ValidationError(invalid, 400);
    const raw = request.query;
    const searching = (raw.q ?? '').trim() !== '';
    const instock = raw.instock === 'true' ? '1' : raw.instock;
    const parsed = parseListingQuery({ ...raw, instock }, searching ? 'search' : 'category');
    if (Object.keys(parsed.errors).length > 0) throw new ValidationError(parsed.errors as Record<string, MessageKey>, 400);
    let category: CategoryNode | undefined;
    if (raw.category) {
      category = (await catalog.categoryTree(request.locale)).bySlug.get(raw.category);
      if (!category) throw new ValidationError({ category: 'error.notFound.text' }, 400);
    }
    const member = audienceOf(request).member;
    const listing = await catalog.listing(parsed.query, { category, search: searching || undefined }, member, request.locale);
    const { page, pageCount, perPage, total } = listing.window;
    const href = (p: number) => productsHref(category?.slug, parsed.query, p, searching);
    return sendWithEtag(request, reply, {
      items: listing.cards.map((c) => cardJson(c, currency)),
      page,
      pageCount,
      perPage,
      total,
      links: {
        self: href(page),
        next: page < pageCount ? href(page + 1) : null,
        prev: page > 1 ? href(page - 1) : null,
        first: href(1),
        last: href(pageCount),
      },
    });
  });

  app.get<{ Params: { slug: string } }>(`${API_PREFIX}/products/:slug`, { schema: productRoute }, async (request, reply) => {
    // No slug holds control characters, and PostgreSQL refuses a NUL in a text parameter: such a slug finds nothing.
    if (/[\u0000-\u001f\u007f]/.test(request.params.slug)) throw new NotFoundError();
    const product = await catalog.product(request.params.slug, audienceOf(request).member, request.locale);
    return sendWithEtag(request, reply, {
      slug: product.slug,
      name: product.name,
      description: product.description,
      currency,
      minPriceCents: product.minPriceCents,
      maxPriceCents: product.maxPriceCents,
      membersOnlyUntil: product.membersOnlyUntil ? product.membersOnlyUntil.toISOString() : null,
      updatedAt: product.updatedAt.toISOString(),
      stock: product.stock,
      category: product.category
        ? { slug: product.category.slug, name: product.category.name, links: { products: apiCategoryProductsHref(product.category.slug), html: product.category.href } }
        : null,
      images: product.images,
      variants: product.variants.map((v) => ({
        id: v.id,
        sku: v.sku,
        options: v.options,
        label: v.label,
        priceCents: v.priceCents,
        regularPriceCents: v.regularPriceCents,
        memberPriceCents: v.memberPriceCents,
        stock: v.stock,
      })),
      links: { self: apiProductHref(product.slug), html: product.href },
    });
  });
}
