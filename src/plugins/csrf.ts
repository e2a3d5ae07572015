// CSRF protection: every state-changing request carries a token (forms: _csrf field; scripts: x-csrf-token).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import csrf from '@fastify/csrf-protection';

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
    if (request.routeOptions.config && (request.routeOptions.config as { csrf?: boolean }).csrf === false) return done();
    // Apps authenticate with a bearer token, which a foreign site cannot make a browser send.
    if (typeof request.headers.authorization === 'string' && request.headers.authorization.startsWith('Bearer ')) return done();
    app.csrfProtection(request, reply, done);
  });
}
