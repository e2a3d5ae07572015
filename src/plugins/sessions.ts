// Cookie sessions whose data lives in the database (see session-store.ts).
import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import session from '@fastify/session';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { KnexSessionStore } from './session-store';

export const SESSION_COOKIE = 'emporium.sid';
const IDLE_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

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
  if (config.env !== 'test') store.startPruning(60 * 60 * 1000, (err) => app.log.error({ err }, 'session prune failed'));
  app.addHook('onClose', async () => store.stopPruning());
  return store;
}
