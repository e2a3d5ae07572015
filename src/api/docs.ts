// OpenAPI for the JSON API: @fastify/swagger collects the route schemas (only /api/ routes; HTML pages
// are hidden), /api/openapi.json serves the document and /api/docs browses it (@fastify/swagger-ui).
// Register before any route so swagger sees them all.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { sharedApiSchemas } from './schemas';
import { restApiSchemas } from './rest-schemas';

const ACCEPT_LANGUAGE = {
  in: 'header',
  name: 'Accept-Language',
  required: false,
  description: 'The language of messages (problem `detail`) and of content where it is translated: `en` or `fr`, with q-values; otherwise the shop default. Cookies do not choose it.',
  schema: { type: 'string', example: 'fr-FR, fr;q=0.9, en;q=0.5' },
};

const CONTENT_LANGUAGE = {
  description: 'The language the answer is in (`en` or `fr`), chosen from Accept-Language.',
  schema: { type: 'string', enum: ['en', 'fr'] },
};

type OpenApiDocument = { paths?: Record<string, Record<string, { parameters?: unknown[]; responses?: Record<string, { headers?: Record<string, unknown> }> }>> };

/** Adds the Accept-Language parameter and the Content-Language header to every operation of the document. */
export function withLanguageHeaders<T extends object>(document: T): T {
  const doc = document as OpenApiDocument;
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const parameters = operation.parameters ?? [];
      if (!parameters.includes(ACCEPT_LANGUAGE)) operation.parameters = [...parameters, ACCEPT_LANGUAGE];
      for (const response of Object.values(operation.responses ?? {})) response.headers = { ...(response.headers ?? {}), 'Content-Language': CONTENT_LANGUAGE };
    }
  }
  return document;
}

export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  for (const schema of [...sharedApiSchemas, ...restApiSchemas]) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Emporium API',
        version: '1.0.0',
        description: [
          'The shop for apps: the catalog, the cart, checkout, orders and the caller’s account.',
          '',
          '**Who is calling.** Apps send a personal API token (created on the account page, Account → API tokens) as `Authorization: Bearer emp_…`; the session cookie is then ignored and no CSRF token is needed. A bad or revoked token is always 401, never a fallback to the cookie. ' +
            'Without a token the session cookie (`emporium.sid`) is used, as in the shop’s pages: its cart is the same cart. Cookie sessions send the `X-CSRF-Token` response header (given by GET /api/v1/cart, GET /api/v1/me and every cart answer) back as the `x-csrf-token` header of their writes; a write without it is 403.',
          '',
          '**Money** is in integer cents of the `currency` given beside it. Signed-in Emporium Plus members see early-access products and pay member prices.',
          '',
          '**Errors** are `application/problem+json` (the ApiProblem schema) with a stable machine `code` (e.g. `cart.notEnoughStock`) and, for invalid fields, `errors` by field. The `detail` is in the language of Accept-Language (English or French), and every answer says which in `Content-Language`.',
          '',
          '**Limits.** Every write (POST, PATCH, DELETE under /api/v1) counts against 60 per minute per account (per client address for guests); past it, 429 with Retry-After.',
          '',
          '**Placing orders** needs an `Idempotency-Key` header: a retry with the same key and body never charges twice. A discount code left out of the quote or order body is the one kept on the cart (applied on the checkout pages or with GraphQL).',
          '',
          '**Also for apps:** GraphQL at `/graphql` (the same token; queries in the repository\'s src/graphql/README.md), and live updates over a WebSocket at `/live`: send `{"type":"subscribe","channel":"product:<slug>"}` (or `order:<number>` for your own order, `admin:orders` for staff) and receive `stock`, `order-status` and `order-new` messages.',
        ].join('\n'),
      },
      tags: [
        { name: 'catalog', description: 'Categories and products' },
        { name: 'cart', description: 'The caller’s cart' },
        { name: 'checkout', description: 'Quoting and placing an order' },
        { name: 'orders', description: 'The caller’s orders' },
        { name: 'me', description: 'The caller’s account' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal API token (emp_…) from Account → API tokens' },
          cookieAuth: { type: 'apiKey', in: 'cookie', name: 'emporium.sid', description: 'The shop’s session cookie (browsers and cookie-keeping clients)' },
          csrfToken: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'With cookieAuth, on every write: the X-CSRF-Token header of an earlier answer' },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
    // Every operation takes Accept-Language and every answer says Content-Language (plugins/locale.ts).
    transformObject: (documentObject) => ('openapiObject' in documentObject ? withLanguageHeaders(documentObject.openapiObject) : documentObject.swaggerObject),
    // Only the JSON API is documented: pages, forms and other non-/api/ routes are hidden.
    transform: ({ schema, url }) => {
      if (url.startsWith('/api/')) return { schema, url };
      return { schema: { ...(schema ?? {}), hide: true } as typeof schema, url };
    },
  });
  // The swagger-ui page loads only its own same-origin scripts and styles, so the shop's CSP
  // (script-src/style-src 'self', no inline) applies unchanged: no staticCSP override needed.
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { deepLinking: false } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async (_request, reply) => reply.type('application/json; charset=utf-8').send(app.swagger()));
}
