// Cookie sessions whose data lives in the database (see session-store.ts).
import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import session from '@fastify/session';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { KnexSessionStore } from './session-store';
import { isFileUrl } from './auth';

export const SESSION_COOKIE = 'emporium.sid';
const DAY_MS = 24 * 60 * 60 * 1000;
/** A session unused this long is gone (cookie and stored row expire together). */
const IDLE_MAX_AGE_MS = 14 * DAY_MS;
/** A signed-in session ends this long after its login however busy it is, so a stolen cookie does not live forever. */
export const ABSOLUTE_MAX_AGE_MS = 30 * DAY_MS;
/** How often an active signed-in session is re-saved to push its idle expiry back: one write a day, not one a request. */
const TOUCH_INTERVAL_MS = DAY_MS;

declare module 'fastify' {
  interface Session {
    /** When the account logged in (ms since epoch), for the absolute expiry. */
    signedInAt?: number;
    /** When the session was last re-saved because of activity (ms since epoch). */
    seenAt?: number;
  }
}

export async function registerSessions(app: FastifyInstance, config: Config, db: Knex): Promise<KnexSessionStore> {
  const store = new KnexSessionStore(db);
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(session, {
    secret: config.sessionSecret,
    cookieName: SESSION_COOKIE,
    store,
    saveUninitialized: false,
    rolling: false,
    cookie: {
      secure: 'auto',
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: IDLE_MAX_AGE_MS,
    },
  });
  // Runs after @fastify/session has loaded the session and before auth reads session.userId.
  app.addHook('onRequest', async (request) => {
    const current = request.session;
    if (!current || typeof current.userId !== 'number') return;
    // Never re-save on a static file: its publicly cacheable answer must not carry a Set-Cookie.
    if (isFileUrl(request.url)) return;
    const now = Date.now();
    // A session signed in without a time (older sessions, test helpers) starts its clock now.
    if (typeof current.signedInAt !== 'number') current.signedInAt = now;
    if (now - current.signedInAt >= ABSOLUTE_MAX_AGE_MS) {
      // A WebSocket upgrade answers no Set-Cookie: it goes on anonymous, and the next page ends the session.
      // (request.ws is set by @fastify/websocket only after this hook: read the header itself.)
      if (request.headers.upgrade?.toLowerCase() === 'websocket') {
        current.userId = undefined;
        return;
      }
      // Destroys the stored session; the request goes on anonymous under a new, empty one.
      await current.regenerate();
      return;
    }
    // rolling: false saves only changed sessions, so activity has to change something for the idle expiry to move.
    if (typeof current.seenAt !== 'number' || now - current.seenAt >= TOUCH_INTERVAL_MS) {
      current.seenAt = now;
      current.touch();
    }
  });
  if (config.env !== 'test') store.startPruning(60 * 60 * 1000, (err) => app.log.error({ err }, 'session prune failed'));
  app.addHook('onClose', async () => store.stopPruning());
  return store;
}
