// JSON schemas of the catalog API: querystrings, params and responses (responses also drive fast serialization).
import { SEARCH_SORTS } from '../catalog/listing-query';

export const stock = {
  type: 'object',
  description: 'in_stock, low (with how many are left) or sold_out',
  required: ['kind'],
  properties: { kind: { type: 'string', enum: ['in_stock', 'low', 'sold_out'] }, left: { type: 'integer' } },
} as const;

export const image = {
  type: 'object',
  required: ['url', 'alt', 'width', 'height'],
  properties: { url: { type: 'string' }, alt: { type: 'string' }, width: { type: 'integer' }, height: { type: 'integer' } },
} as const;

export const categorySchema = {
  $id: 'ApiCategory',
  type: 'object',
  required: ['slug', 'name', 'description', 'links', 'children'],
  properties: {
    slug: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    links: {
      type: 'object',
      required: ['products', 'html'],
      properties: { products: { type: 'string', description: 'API listing of this category' }, html: { type: 'string', description: 'storefront page' } },
    },
    children: { type: 'array', items: { $ref: 'ApiCategory#' } },
  },
} as const;

export const productCardSchema = {
  $id: 'ApiProductCard',
  type: 'object',
  required: ['slug', 'name', 'priceCents', 'regularPriceCents', 'memberTeaserCents', 'priceVaries', 'currency', 'stock', 'image', 'links'],
  properties: {
    slug: { type: 'string' },
    name: { type: 'string' },
    priceCents: { type: 'integer', description: 'lowest price this caller pays' },
    regularPriceCents: { type: 'integer', nullable: true, description: 'members paying less: the regular price' },
    memberTeaserCents: { type: 'integer', nullable: true, description: 'non-members: the lowest member price' },
    priceVaries: { type: 'boolean' },
    membersOnlyUntil: { type: 'string', format: 'date-time', nullable: true },
    currency: { type: 'string' },
    stock,
    image: { ...image, nullable: true },
    links: { type: 'object', required: ['self', 'html'], properties: { self: { type: 'string' }, html: { type: 'string' } } },
  },
} as const;

export const problemSchema = {
  $id: 'ApiProblem',
  type: 'object',
  description: 'RFC 9457 problem details (application/problem+json): every error of the API has this shape',
  required: ['type', 'title', 'status', 'detail', 'instance'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'stable machine code: the message key of the detail, e.g. "cart.notEnoughStock" (the same in every language)' },
    errors: { type: 'object', description: 'field (e.g. "quantity", "shippingAddress.postalCode") -> what is wrong with it', additionalProperties: { type: 'string' } },
    reason: {
      type: 'string',
      description: 'a refused discount code (orders.discount.*): unknown, not_yet_valid, expired, used_up, members_only, customer_limit_reached or minimum_not_met',
    },
    minSubtotalCents: { type: 'integer', description: 'minimum_not_met: the subtotal before discounts the code needs, in cents (the detail names it formatted)' },
    retryAfterSeconds: { type: 'integer', description: 'api.readsRateLimited: seconds to wait, as in the Retry-After header' },
  },
} as const;

export const sharedApiSchemas = [categorySchema, productCardSchema, problemSchema];

export const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: 'ApiProblem#' } } } });
/** Every read of the API (GET) counts against the caller's read limit (plugins/read-limits.ts). */
export const readRateLimited = {
  ...problemResponse('Too many reads from this caller (its API token, else its address): wait the Retry-After seconds (code api.readsRateLimited)'),
  headers: { 'Retry-After': { type: 'integer', description: 'seconds to wait' } },
};
const notModified = { description: 'Not modified (If-None-Match matched the ETag)', type: 'null' } as const;

const link = { type: 'string', nullable: true } as const;

/** One page of a list: its items, where it stands, and links to the pages around it (null when there is none). */
export function pagedList(itemSchema: string, description?: string) {
  return {
    ...(description ? { description } : {}),
    type: 'object',
    required: ['items', 'page', 'pageCount', 'perPage', 'total', 'links'],
    properties: {
      items: { type: 'array', items: { $ref: `${itemSchema}#` } },
      page: { type: 'integer' },
      pageCount: { type: 'integer' },
      perPage: { type: 'integer' },
      total: { type: 'integer' },
      links: {
        type: 'object',
        required: ['self', 'next', 'prev', 'first', 'last'],
        properties: { self: { type: 'string' }, next: link, prev: link, first: { type: 'string' }, last: { type: 'string' } },
      },
    },
  } as const;
}

/** Every route refuses a NUL character anywhere in the request (plugins/nul-guard.ts). */
const nulProblem = problemResponse('A NUL character in the URL (code error.badRequest.text)');

/** Anyone may read the catalog; a token or a member's session shows what members see. A bad token is 401, never anonymous. */
const catalogSecurity: Record<string, string[]>[] = [{ bearerAuth: [] }, { cookieAuth: [] }, {}];
const badToken = problemResponse('The bearer token is unknown or revoked (code error.invalidToken)');
const AUDIENCE = ' Anonymous callers see what every visitor sees; a Plus member (token or session) also sees early-access products and member prices. Answers carry a weak ETag: send it back as If-None-Match for a 304.';

export const categoriesRoute = {
  tags: ['catalog'],
  summary: 'The category tree',
  description: 'Every category with its children, with links to its products in the API and on the site.' + AUDIENCE,
  security: catalogSecurity,
  response: {
    200: { type: 'object', required: ['categories'], properties: { categories: { type: 'array', items: { $ref: 'ApiCategory#' } } } },
    304: notModified,
    401: badToken,
    429: readRateLimited,
    400: nulProblem,
  },
};

export const productsRoute = {
  tags: ['catalog'],
  summary: 'Products, filtered, sorted and paged like the storefront listings',
  description: 'Product cards of a category (with its subcategories) or of a search, 24 a page, with links to the other pages.' + AUDIENCE,
  security: catalogSecurity,
  querystring: {
    type: 'object',
    properties: {
      category: { type: 'string', maxLength: 200, description: 'category slug (includes its subcategories)' },
      q: { type: 'string', maxLength: 1000, description: 'search text' },
      min: { type: 'string', maxLength: 40, description: 'lowest price, e.g. 12 or 12.50' },
      max: { type: 'string', maxLength: 40, description: 'highest price' },
      instock: { type: 'string', enum: ['0', '1', 'true', 'false', 'on'], description: '1 for products in stock only' },
      sort: { type: 'string', enum: [...SEARCH_SORTS], description: 'relevance applies to searches only' },
      page: { type: 'string', pattern: '^[0-9]{1,9}$', description: 'page number from 1' },
    },
  },
  response: {
    200: pagedList('ApiProductCard'),
    304: notModified,
    400: problemResponse('Invalid query (code error.validation), or a NUL character in the URL (code error.badRequest.text)'),
    401: badToken,
    429: readRateLimited,
  },
};

export const productRoute = {
  tags: ['catalog'],
  summary: 'One product with its variants',
  description: 'The product with its images, category and variants (ids to add to the cart, prices for this caller, stock).' + AUDIENCE,
  security: catalogSecurity,
  params: { type: 'object', required: ['slug'], properties: { slug: { type: 'string', minLength: 1, maxLength: 200 } } },
  response: {
    200: {
      type: 'object',
      required: ['slug', 'name', 'description', 'currency', 'minPriceCents', 'maxPriceCents', 'stock', 'category', 'images', 'variants', 'links'],
      properties: {
        slug: { type: 'string' },
        name: { type: 'string' },
        description: { type: 'string' },
        currency: { type: 'string' },
        minPriceCents: { type: 'integer' },
        maxPriceCents: { type: 'integer' },
        membersOnlyUntil: { type: 'string', format: 'date-time', nullable: true },
        updatedAt: { type: 'string', format: 'date-time' },
        stock,
        category: {
          type: 'object',
          nullable: true,
          required: ['slug', 'name', 'links'],
          properties: {
            slug: { type: 'string' },
            name: { type: 'string' },
            links: { type: 'object', properties: { products: { type: 'string' }, html: { type: 'string' } } },
          },
        },
        images: { type: 'array', items: image },
        variants: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'sku', 'options', 'label', 'priceCents', 'regularPriceCents', 'memberPriceCents', 'stock'],
            properties: {
              id: { type: 'integer' },
              sku: { type: 'string' },
              options: { type: 'object', additionalProperties: { type: 'string' } },
              label: { type: 'string' },
              priceCents: { type: 'integer', description: 'what this caller pays' },
              regularPriceCents: { type: 'integer' },
              memberPriceCents: { type: 'integer', nullable: true },
              stock,
            },
          },
        },
        links: { type: 'object', required: ['self', 'html'], properties: { self: { type: 'string' }, html: { type: 'string' } } },
      },
    },
    304: notModified,
    401: badToken,
    429: readRateLimited,
    400: nulProblem,
    404: problemResponse('No such product (or not visible to this caller)'),
  },
};
