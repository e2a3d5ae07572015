// CSRF protection: every state-changing request carries a token (forms: _csrf field; scripts: x-csrf-token).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import csrf from '@fastify/csrf-protection';
import { SESSION_COOKIE } from './sessions';
import { acceptsBearer, bearerToken } from './auth';

/**
 * Route option `config.csrf`: false skips the check (test helpers only); 'unless-sessionless' lets a
 * request that carries no session cookie through (it can act on nothing of the visitor's), so a cached
 * public page can hold the form.
 */
export type CsrfRouteOption = false | 'unless-sessionless';

// Declared on the route config type: once a plugin such as @fastify/multipart augments it, TypeScript
// checks route `config` objects for unknown properties.
declare module 'fastify' {
  interface FastifyContextConfig {
    csrf?: CsrfRouteOption;
  }
}

/** True when the browser says the request comes from another site (Origin, else Referer, against Host). */
function crossSite(request: FastifyRequest): boolean {
  const source = request.headers.origin ?? request.headers.referer;
  if (!source || source === 'null') return source === 'null';
  try {
    // Through URL both sides drop a default port (Host may say localhost:80, Origin http://localhost).
    return new URL(source).host !== new URL(`http://${request.headers.host}`).host;
  } catch {
    return true;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function registerCsrf(app: FastifyInstance): Promise<void> {
  await app.register(csrf, {
    sessionPlugin: '@fastify/session',
    getToken: (request: FastifyRequest) => {
      const body = request.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
      const header = request.headers['x-csrf-token'];
      return fromBody ?? (typeof header === 'string' ? header : undefined);
    },
  });

  // Checked in preHandler because the form body is parsed only after onRequest.
  app.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    if (SAFE_METHODS.has(request.method)) return done();
    const option = (request.routeOptions.config as { csrf?: CsrfRouteOption } | undefined)?.csrf;
    if (option === false) return done();
    if (option === 'unless-sessionless' && request.cookies[SESSION_COOKIE] === undefined) {
      if (crossSite(request)) return done(Object.assign(new Error('cross-site request'), { statusCode: 403, code: 'FST_CSRF_INVALID_TOKEN' }));
      return done();
    }
    // Apps authenticate with a bearer token, which a foreign site cannot make a browser send; the auth
    // plugin then ignores any cookie that came along (and refuses a bad token with 401).
    if (acceptsBearer(request.url) && bearerToken(request) !== null) return done();
    app.csrfProtection(request, reply, done);
  });
}
