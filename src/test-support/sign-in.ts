// Signing in without the login form, for tests of what signed-in people see (the form has its own tests).
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { startUserSession, type Role } from '../plugins/auth';

let counter = 0;

/** Adds POST /test/sign-in/:id to an app under construction (pass as createTestApp's extend). */
export function addTestSignIn(app: FastifyInstance): void {
  app.post<{ Params: { id: string } }>('/test/sign-in/:id', { config: { csrf: false } }, async (request) => {
    await startUserSession(request, Number(request.params.id));
    return { ok: true };
  });
}

export async function createUser(db: Knex, role: Role = 'customer'): Promise<number> {
  counter += 1;
  const email = `user${counter}-${Date.now()}@example.test`;
  // Not a real hash: these accounts are signed in through /test/sign-in, never with a password.
  await db('users').insert({ email, name: `Test ${role} ${counter}`, password_hash: 'not-a-hash', role });
  const row = await db('users').where({ email }).first('id');
  return Number(row.id);
}

/** The session cookie a response sets last ("name=value"), as a browser would keep it; '' when none. */
export function sessionCookieFrom(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const all = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((c) => String(c).split(';')[0]);
  return all.filter((c) => c.startsWith('emporium.sid=') && c.length > 'emporium.sid='.length).pop() ?? '';
}

/** Signs the user in and returns the Cookie header value of the session. */
export async function signIn(app: FastifyInstance, userId: number, previousCookie?: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: `/test/sign-in/${userId}`, headers: previousCookie ? { cookie: previousCookie } : {} });
  const cookie = sessionCookieFrom(res);
  if (!cookie.startsWith('emporium.sid=')) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  return cookie;
}
