// GraphQL (mercurius) at /graphql: the catalog, the caller's cart and account, over the same services the pages use.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import mercurius, { type IResolvers, type MercuriusLoaders } from 'mercurius';
import { NoSchemaIntrospectionCustomRule, type ValidationRule } from 'graphql';
import { schema } from './schema';
import { costLimitRule, MAX_DEPTH } from './limits';
import { costRule } from './cost';
import { formatErrors } from './errors';
import { operationLocale } from './locale';
import { catalogLoaders, catalogResolvers } from './catalog';
import { cartLoaders, cartResolvers } from './cart';
import { accountLoaders, accountResolvers } from './account';

export { DEFAULT_FIRST, MAX_FIRST } from './catalog';

/** One resolver map from the feature maps (each type's fields joined). */
function merge(...maps: object[]): Record<string, Record<string, unknown>> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) for (const [type, fields] of Object.entries(map)) merged[type] = { ...merged[type], ...(fields as Record<string, unknown>) };
  return merged;
}

export async function graphqlPlugin(app: FastifyInstance): Promise<void> {
  const production = app.config.env === 'production';
  // mercurius adds its routes itself: mark them here. A request without a session cookie may POST without a
  // CSRF token (cross-site ones are still refused): it can only read, or act on a guest cart it has just made
  // (which comes back with a new session cookie). A request with a session cookie sends the x-csrf-token
  // header (or uses GET /graphql?query=..., which mercurius allows for queries only); Bearer requests need none.
  app.addHook('onRoute', (route) => {
    if (route.url === '/graphql' && route.method === 'POST') route.config = { ...(route.config ?? {}), csrf: 'unless-sessionless' };
  });
  const rules: ValidationRule[] = [costLimitRule()];
  if (production) rules.push(NoSchemaIntrospectionCustomRule);
  // The cost depends on the variables (products(first: $n)), so the rules are made for each request; mercurius
  // then cannot keep validated documents in its cache, and parses and validates every request.
  const validationRules = ({ variables, operationName }: { variables?: Record<string, unknown>; operationName?: string }) => [
    ...rules,
    costRule({ variables, operationName }),
  ];
  await app.register(mercurius, {
    schema,
    resolvers: merge(catalogResolvers, cartResolvers, accountResolvers) as IResolvers,
    loaders: merge(catalogLoaders, cartLoaders, accountLoaders) as MercuriusLoaders,
    path: '/graphql',
    graphiql: false,
    ide: false,
    queryDepth: MAX_DEPTH,
    validationRules,
    cache: false,
    context: (request: FastifyRequest, reply: FastifyReply) => ({ reply, app: request.server }) as never,
    errorFormatter: formatErrors as never,
  });
  // The root fields' locale argument, read once before any resolver: the whole operation in that language.
  app.graphql.addHook('preExecution', async (_schema, document, context, variables) => {
    const request = (context as unknown as { reply: FastifyReply }).reply.request;
    const body = (request.body ?? {}) as { operationName?: string };
    const query = (request.query ?? {}) as { operationName?: string };
    const locale = operationLocale(document, variables ?? {}, body.operationName ?? query.operationName, request);
    if (locale) request.locale = locale;
  });
}
