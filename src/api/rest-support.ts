// What every REST route for apps shares: input errors as problem+json, who the caller is, CSRF tokens for cookie
// sessions, and the per-caller limit on writes.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../i18n';
import { DomainError, ValidationError } from '../lib/errors';
import { hit, LIMITS } from '../accounts/rate-limit';
import { SESSION_COOKIE } from '../plugins/sessions';
import { UnauthenticatedError, type CurrentUser } from '../plugins/auth';

export const API_V1 = '/api/v1';

/** The messages some fields have in the shop already; other fields get a pointer to the documentation. */
const FIELD_MESSAGES: Record<string, MessageKey> = {
  quantity: 'cart.quantity.invalid',
  variantId: 'cart.variant.invalid',
};

type SchemaError = Error & {
  validation?: { instancePath?: string; params?: Record<string, unknown> }[];
  validationContext?: string;
};

/**
 * Routes set attachValidation so a schema failure becomes the API's own 400 problem, naming each field
 * ("shippingAddress.postalCode", "quantity", the header's name), rather than a bare "bad request".
 */
export function rejectInvalidInput(request: FastifyRequest): void {
  const error = request.validationError as SchemaError | undefined;
  if (!error) return;
  const fields: Record<string, MessageKey> = {};
  for (const v of error.validation ?? []) {
    const missing = typeof v.params?.missingProperty === 'string' ? `/${v.params.missingProperty}` : '';
    const path = `${v.instancePath ?? ''}${missing}`.replace(/^\//, '').replace(/\//g, '.');
    const name = path || error.validationContext || 'body';
    fields[name] = FIELD_MESSAGES[name] ?? 'api.field.invalid';
  }
  throw new ValidationError(Object.keys(fields).length > 0 ? fields : { [error.validationContext ?? 'body']: 'api.field.invalid' }, 400);
}

export function requireAccount(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new UnauthenticatedError();
  return request.user;
}

/** True when the caller is a cookie session that exists (a token caller, or one without a session yet, needs no CSRF token). */
function hasCookieSession(request: FastifyRequest): boolean {
  if (request.authMethod === 'token') return false;
  return request.cookies[SESSION_COOKIE] !== undefined || typeof request.session?.cartId === 'number';
}

/**
 * Cookie sessions learn their CSRF token from this header (they have no page to read it from); it is set
 * before the answer is sent, so the session that stores its secret is saved with it.
 */
export async function exposeCsrfToken(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!hasCookieSession(request)) return;
  reply.header('x-csrf-token', await reply.generateCsrf());
}

export class ApiRateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('api.rateLimited', 429, { seconds: retryAfterSeconds });
  }
}

/**
 * Whose budget a write spends: the account (token or signed-in session), else the client address. Not a
 * guest's session id: a client can start as many sessions as it likes, so a per-session limit could be dodged.
 */
export function writeLimitKey(request: FastifyRequest): string {
  return request.user ? `api-write:user:${request.user.id}` : `api-write:ip:${request.ip}`;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** preHandler: every API write counts in the shared (database) fixed window; over the limit is 429 with Retry-After. */
export async function limitApiWrites(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (SAFE_METHODS.has(request.method)) return;
  const limit = LIMITS.apiWritePerCaller;
  const result = await hit(request.server.db, writeLimitKey(request), limit);
  reply.header('ratelimit-limit', String(limit.max)).header('ratelimit-remaining', String(Math.max(0, limit.max - result.hits)));
  if (!result.allowed) {
    reply.header('retry-after', String(result.retryAfterSeconds));
    throw new ApiRateLimitedError(result.retryAfterSeconds);
  }
}
