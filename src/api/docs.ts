// OpenAPI for the JSON API: @fastify/swagger collects the route schemas (only /api/ routes; HTML pages
// are hidden), /api/openapi.json serves the document and /api/docs browses it (@fastify/swagger-ui).
// Register before any route so swagger sees them all.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { sharedApiSchemas } from './schemas';

export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  for (const schema of sharedApiSchemas) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Emporium API',
        version: '1.0.0',
        description:
          'Read-only catalog. Errors are application/problem+json. Signed-in members (session cookie) also see early-access products and member prices.',
      },
      tags: [{ name: 'catalog', description: 'Categories and products' }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
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
