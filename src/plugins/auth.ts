// Who is asking: loads the signed-in account from the session, and the guards routes use (one place for roles).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import { toInt } from '../lib/rows';
import { localizePath } from '../i18n/locale-paths';
import { wantsJson } from './errors';
import { DomainError } from '../lib/errors';
import { userIdForToken } from '../accounts/api-tokens';
import type { Audience } from '../catalog/queries';

export type Role = 'customer' | 'staff' | 'admin';
const ROLE_RANK: Record<Role, number> = { customer: 0, staff: 1, admin: 2 };

export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** The end of the active Plus membership (ms since epoch), or null for free shoppers. */
  memberUntil: number | null;
}

declare module 'fastify' {
  interface Session {
    userId?: number;
    /** Role and membership when the session id was issued: a change means a new id. */
    privileges?: string;
  }
  interface FastifyRequest {
    user: CurrentUser | null;
    /** How request.user was established: the session cookie, or a personal API token (apps). */
    authMethod: 'session' | 'token' | null;
  }
  interface FastifyInstance {
    /** Run after a log in, with what the anonymous session held (features carry their state over). */
    signInHooks: SignInHook[];
  }
}

export type SignInHook = (request: FastifyRequest, userId: number, before: { cartId?: number }) => Promise<void>;

export function hasRole(user: CurrentUser | null, role: Role): boolean {
  return !!user && ROLE_RANK[user.role] >= ROLE_RANK[role];
}

export function isMember(user: CurrentUser | null): boolean {
  return !!user && user.memberUntil !== null;
}

/** Who is looking, as the catalog, cart and checkout services take it: member or not, and when. */
/** Who is asking, for the catalog: member prices and early access, and the language names are read in. */
export function audienceOf(request: FastifyRequest): Audience {
  return { member: isMember(request.user), now: Date.now(), locale: request.locale };
}

/** The account with its active membership, or null when it no longer exists. */
export async function loadCurrentUser(db: Knex, userId: number, now = Date.now()): Promise<CurrentUser | null> {
  const row = await db('users as u')
    .leftJoin(
      db('memberships').select('user_id').max({ ends_at: 'ends_at' }).where('starts_at', '<=', now).andWhere('ends_at', '>', now).groupBy('user_id').as('m'),
      'm.user_id',
      'u.id',
    )
    .where('u.id', userId)
    .first('u.id', 'u.email', 'u.name', 'u.role', 'm.ends_at');
  if (!row) return null;
  return { id: toInt(row.id), email: row.email, name: row.name, role: row.role as Role, memberUntil: row.ends_at === null || row.ends_at === undefined ? null : toInt(row.ends_at) };
}

function privilegesOf(user: CurrentUser): string {
  return `${user.role}|${user.memberUntil === null ? 'free' : 'plus'}`;
}

/**
 * Makes the request's session belong to this account under a fresh id (no session fixation).
 * @fastify/session's regenerate keeps no data, so the caller re-creates its CSRF token afterwards.
 */
export async function startUserSession(request: FastifyRequest, userId: number): Promise<void> {
  const before = { cartId: request.session.cartId };
  await request.session.regenerate();
  request.session.userId = userId;
  request.user = await loadCurrentUser(request.server.db, userId);
  if (request.user) request.session.privileges = privilegesOf(request.user);
  await request.session.save();
  for (const hook of request.server.signInHooks) await hook(request, userId, before);
}

/** Logs out: the old session id is destroyed and a new, empty one takes its place. */
export async function endUserSession(request: FastifyRequest): Promise<void> {
  await request.session.regenerate();
  request.user = null;
}

/** Ends every session of an account except (optionally) one: after a password, role or membership change. */
export async function endSessionsOfUser(db: Knex, userId: number, exceptSessionId?: string): Promise<number> {
  const q = db('sessions').where('user_id', userId);
  if (exceptSessionId) q.whereNot('sid', exceptSessionId);
  return q.delete();
}

export class ForbiddenError extends DomainError {
  constructor() {
    super('error.forbidden.text', 403);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor() {
    super('error.unauthenticated', 401);
  }
}

/** A bearer token that is unknown, malformed or revoked: never falls back to the session. */
export class InvalidTokenError extends DomainError {
  constructor() {
    super('error.invalidToken', 401);
  }
}

/** Static files and product images: answered the same whoever asks (except what media-access.ts guards). */
export function isFileUrl(url: string): boolean {
  return url.startsWith('/static/') || url.startsWith('/media/');
}

/** Where apps may use a personal API token; pages stay cookie-only. */
export function acceptsBearer(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/graphql') || url.startsWith('/live');
}

/** The token of an `Authorization: Bearer …` header, or null when there is none. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match ? match[1] : header.toLowerCase().startsWith('bearer') ? '' : null;
}

export const LOGIN_PATH = '/account/login';

function loginRedirect(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const back = request.method === 'GET' ? request.url : '/';
  // The login page in the visitor's language: a French clerk opening /admin logs in at /fr/account/login.
  const login = localizePath(LOGIN_PATH, request.locale, request.server.config.defaultLocale);
  return reply.redirect(`${login}?return=${encodeURIComponent(back)}`, 303);
}

/** preHandler: signed-in accounts only; anonymous browsers are sent to log in and brought back. */
export async function requireUser(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.user) return;
  if (wantsJson(request)) throw new UnauthenticatedError();
  await loginRedirect(request, reply);
}

/** preHandler factory: at least this role (admin includes staff); others get 403. */
export function requireRole(role: Role) {
  return async function roleGuard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!request.user) {
      if (wantsJson(request)) throw new UnauthenticatedError();
      await loginRedirect(request, reply);
      return;
    }
    if (!hasRole(request.user, role)) throw new ForbiddenError();
  };
}

export function registerAuth(app: FastifyInstance, db: Knex): void {
  app.decorateRequest('user', null);
  app.decorateRequest('authMethod', null);
  app.decorate('signInHooks', [] as SignInHook[]);
  app.addHook('preHandler', async (request, reply) => {
    // Files need no account: no query per image. catalog/media-access.ts asks itself for the few files that do.
    if (isFileUrl(request.url)) return;
    const token = acceptsBearer(request.url) ? bearerToken(request) : null;
    if (token !== null) {
      // An app's request: the token alone says who it is, whatever cookie came along.
      const tokenUserId = token === '' ? null : await userIdForToken(db, token);
      request.user = tokenUserId === null ? null : await loadCurrentUser(db, tokenUserId);
      if (!request.user) {
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        throw new InvalidTokenError();
      }
      request.authMethod = 'token';
      return;
    }
    const userId = request.session?.userId;
    if (typeof userId !== 'number') return;
    request.user = await loadCurrentUser(db, userId);
    if (request.user) request.authMethod = 'session';
    // The account is gone: forget it rather than fail every page.
    if (!request.user) {
      request.session.userId = undefined;
      return;
    }
    // Role or membership changed since the id was issued (by an admin, the CLI or a purchase):
    // carry on under a new id and destroy the old one.
    const privileges = privilegesOf(request.user);
    if (request.session.privileges !== privileges) {
      await request.session.regenerate(['userId', 'signedInAt', 'cartId']);
      request.session.privileges = privileges;
    }
  });
}
