// Security headers: a Content-Security-Policy without 'unsafe-inline', plus helmet's defaults.
import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // No upgrade-insecure-requests: it breaks plain-http use on a LAN host (STACK.md).
      },
    },
    crossOriginEmbedderPolicy: false,
    // helmet's "no-referrer" makes browsers send "Origin: null" on same-site form posts, which the CSRF
    // origin check must then refuse; the browsers' own default keeps the origin and hides paths from other sites.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Product images may be shown by partner sites and apps.
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
}
