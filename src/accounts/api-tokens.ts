// Personal API tokens: created and revoked on the account page, sent by apps as `Authorization: Bearer`.
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { ValidationError } from '../lib/errors';
import { toInt } from '../lib/rows';

/** Recognisable in logs and by secret scanners; the rest is 32 random bytes. */
export const TOKEN_PREFIX = 'emp_';
export const TOKEN_NAME_MAX_LENGTH = 60;
/** Enough for every app a person runs; more is a sign of a leak or a script gone wrong. */
export const MAX_ACTIVE_TOKENS = 20;
/** last_used_at is written at most this often per token, so a busy app does not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiTokenSummary {
  id: number;
  name: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function normaliseTokenName(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
}

/** Makes a token for the account and returns it: the only time the whole token is ever seen. */
export async function createApiToken(db: Knex, userId: number, rawName: unknown, now = Date.now()): Promise<{ token: string; summary: ApiTokenSummary }> {
  const name = normaliseTokenName(rawName);
  if (name === '') throw new ValidationError({ name: 'tokens.name.required' });
  if (name.length > TOKEN_NAME_MAX_LENGTH) throw new ValidationError({ name: 'tokens.name.tooLong' });
  const active = await db('api_tokens').where('user_id', userId).whereNull('revoked_at').count({ n: '*' }).first();
  if (toInt(active?.n) >= MAX_ACTIVE_TOKENS) throw new ValidationError({ name: 'tokens.tooMany' });
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const prefix = token.slice(0, 10);
  const [row] = await db('api_tokens').insert({ user_id: userId, name, token_hash: hashOf(token), prefix, created_at: now }).returning('id');
  const id = toInt(typeof row === 'object' ? row.id : row);
  return { token, summary: { id, name, prefix, createdAt: now, lastUsedAt: null } };
}

export async function listApiTokens(db: Knex, userId: number): Promise<ApiTokenSummary[]> {
  const rows = await db('api_tokens').where('user_id', userId).whereNull('revoked_at').orderBy('id', 'desc').select('id', 'name', 'prefix', 'created_at', 'last_used_at');
  return rows.map((r) => ({
    id: toInt(r.id),
    name: r.name,
    prefix: r.prefix,
    createdAt: toInt(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : toInt(r.last_used_at),
  }));
}

/** Revokes one of the account's own tokens; true when there was one to revoke. */
export async function revokeApiToken(db: Knex, userId: number, tokenId: number, now = Date.now()): Promise<boolean> {
  const n = await db('api_tokens').where({ id: tokenId, user_id: userId }).whereNull('revoked_at').update({ revoked_at: now });
  return n > 0;
}

/**
 * Revokes every token of the account: part of a password change or reset (pass its transaction), since
 * whoever knew the old password may have made one. Returns how many were revoked.
 */
export async function revokeAllApiTokens(db: Knex, userId: number, now = Date.now()): Promise<number> {
  return db('api_tokens').where('user_id', userId).whereNull('revoked_at').update({ revoked_at: now });
}

/** The account a presented token belongs to, or null for an unknown, malformed or revoked token. */
export async function userIdForToken(db: Knex, token: string, now = Date.now()): Promise<number | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const row = await db('api_tokens').where('token_hash', hashOf(token)).whereNull('revoked_at').first('id', 'user_id', 'last_used_at');
  if (!row) return null;
  const lastUsed = row.last_used_at === null ? 0 : toInt(row.last_used_at);
  if (now - lastUsed > LAST_USED_RESOLUTION_MS) await db('api_tokens').where('id', row.id).update({ last_used_at: now });
  return toInt(row.user_id);
}
