// Refuses a NUL character anywhere in the URL or the body: no field has a use for one, and PostgreSQL text cannot hold it.
import type { FastifyInstance } from 'fastify';

const ENCODED_NUL = /%00/i;
const MAX_DEPTH = 20;

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}

function badRequest(): Error {
  return Object.assign(new Error('NUL character in the request'), { statusCode: 400 });
}

/**
 * One rule for every channel (pages, REST, GraphQL): a 400 before any route or query sees the value,
 * rather than a 500 from PostgreSQL ("invalid byte sequence") or a different answer on SQLite.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (ENCODED_NUL.test(request.url) || request.url.includes('\u0000')) throw badRequest();
  });
  app.addHook('preValidation', async (request) => {
    if (containsNul(request.body)) throw badRequest();
  });
}
