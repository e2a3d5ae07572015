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
    // Product images may be shown by partner sites and apps.
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
}
