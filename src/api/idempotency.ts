// Idempotency-Key for API writes: the first answer to a caller's key is stored and replayed to every retry with the same body.
//
// - A key is claimed by inserting its row (unique per scope and key hash) before the work starts; a second
//   request meets the row: same body and finished -> the stored answer, still running -> 409, other body -> 422.
// - A claim lasts LOCK_MS. A process that dies mid-request never answers, so after that a retry may take the
//   claim over and run the work again: the work itself must be idempotent for the same key (POST /orders passes
//   a key derived from this one to placeOrder, which never charges or orders twice for one key).
// - Rows live 24 hours; an older row is deleted when its key comes back, and pruned as new keys arrive.
import { createHash, createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import { DomainError } from '../lib/errors';
import { isUniqueViolation } from '../lib/db-errors';
import { toInt } from '../lib/rows';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Longer than any order takes (a card charge included); a retry waits this long after a crash. */
export const LOCK_MS = 2 * 60 * 1000;
/** 16 to 200 visible ASCII characters: long enough not to collide, short enough to index. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{16,200}$/;

export class IdempotencyKeyInvalidError extends DomainError {
  constructor() {
    super('api.idempotency.keyInvalid', 400, {}, 'Idempotency-Key');
  }
}

export class IdempotencyKeyMismatchError extends DomainError {
  constructor() {
    super('api.idempotency.mismatch', 422, {}, 'Idempotency-Key');
  }
}

export class IdempotencyKeyInProgressError extends DomainError {
  constructor() {
    super('api.idempotency.inProgress', 409, {}, 'Idempotency-Key');
  }
}

/** The header's value when it is a usable key; throws IdempotencyKeyInvalidError otherwise. */
export function idempotencyKeyOf(header: unknown): string {
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(header)) throw new IdempotencyKeyInvalidError();
  return header;
}

/** JSON with object keys sorted at every level: two bodies that mean the same hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Keyed by the idempotency key (stored only as a hash): the card number in a body cannot be guessed back from this. */
function bodyHashOf(key: string, body: unknown): string {
  return createHmac('sha256', key).update(canonicalJson(body)).digest('hex');
}

export type Claim =
  /** This request owns the key: do the work, then complete (or release) the claim. */
  | { kind: 'claimed'; id: number }
  /** The key already has its answer. */
  | { kind: 'replay'; status: number; body: unknown };

interface KeyRow {
  id: number;
  bodyHash: string;
  status: number | null;
  responseJson: string | null;
  createdAt: number;
  lockedUntil: number;
}

async function rowOf(db: Knex, scope: string, keyHash: string): Promise<KeyRow | null> {
  const row = await db('api_idempotency_keys').where({ scope, key_hash: keyHash }).first();
  if (!row) return null;
  return {
    id: toInt(row.id),
    bodyHash: row.body_hash,
    status: row.status === null ? null : toInt(row.status),
    responseJson: row.response_json,
    createdAt: toInt(row.created_at),
    lockedUntil: toInt(row.locked_until),
  };
}

/** Claims the caller's key for this body, or says what to answer instead (see the header). */
export async function claimIdempotencyKey(db: Knex, scope: string, key: string, body: unknown, now = Date.now()): Promise<Claim> {
  const keyHash = sha256Hex(key);
  const bodyHash = bodyHashOf(key, body);
  // Three rounds at most: a row can disappear (expired, released) between our insert and our read.
  for (let round = 0; round < 3; round++) {
    try {
      const [inserted] = await db('api_idempotency_keys')
        .insert({ scope, key_hash: keyHash, body_hash: bodyHash, status: null, response_json: null, created_at: now, locked_until: now + LOCK_MS })
        .returning('id');
      if (round === 0) await pruneIdempotencyKeys(db, now);
      return { kind: 'claimed', id: toInt(typeof inserted === 'object' ? inserted.id : inserted) };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const row = await rowOf(db, scope, keyHash);
    if (!row) continue;
    if (row.createdAt <= now - IDEMPOTENCY_TTL_MS) {
      await db('api_idempotency_keys').where({ id: row.id, created_at: row.createdAt }).delete();
      continue;
    }
    if (row.bodyHash !== bodyHash) throw new IdempotencyKeyMismatchError();
    if (row.status !== null) return { kind: 'replay', status: row.status, body: JSON.parse(row.responseJson ?? 'null') };
    if (row.lockedUntil > now) throw new IdempotencyKeyInProgressError();
    // The claim was abandoned (its process died): take it over, unless another retry just did.
    const taken = await db('api_idempotency_keys')
      .where({ id: row.id, locked_until: row.lockedUntil })
      .whereNull('status')
      .update({ locked_until: now + LOCK_MS });
    if (taken === 1) return { kind: 'claimed', id: row.id };
    throw new IdempotencyKeyInProgressError();
  }
  throw new IdempotencyKeyInProgressError();
}

/** Stores the answer of a claimed key; later requests with the key and body get it back. */
export async function completeIdempotencyKey(db: Knex, id: number, status: number, body: unknown): Promise<void> {
  await db('api_idempotency_keys').where({ id }).update({ status, response_json: JSON.stringify(body ?? null) });
}

/** Gives a claimed key up without an answer (the server failed): a retry runs the work again. */
export async function releaseIdempotencyKey(db: Knex, id: number): Promise<void> {
  await db('api_idempotency_keys').where({ id }).whereNull('status').delete();
}

/** Deletes keys older than 24 hours; returns how many. */
export async function pruneIdempotencyKeys(db: Knex, now = Date.now()): Promise<number> {
  return db('api_idempotency_keys').where('created_at', '<=', now - IDEMPOTENCY_TTL_MS).delete();
}
