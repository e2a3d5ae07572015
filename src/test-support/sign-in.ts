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

/** Signs the user in and returns the Cookie header value of the session. */
export async function signIn(app: FastifyInstance, userId: number): Promise<string> {
  const res = await app.inject({ method: 'POST', url: `/test/sign-in/${userId}` });
  const cookie = String(res.headers['set-cookie']).split(';')[0];
  if (!cookie.startsWith('emporium.sid=')) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  return cookie;
}
