// Recognises database errors the same way on SQLite and PostgreSQL, so services can turn them into domain errors.
import type { MessageKey } from '../i18n';
import { ValidationError } from './errors';

/** A unique index refused the row (SQLite: SQLITE_CONSTRAINT "UNIQUE constraint failed"; PostgreSQL: 23505). */
export function isUniqueViolation(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (code === '23505') return true;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT') && typeof message === 'string' && message.includes('UNIQUE');
}

/** Runs a change; a unique index refusing the row becomes a message beside the field that must be unique. */
export async function uniqueOr<T>(field: string, key: MessageKey, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError({ [field]: key });
    throw err;
  }
}

/**
 * Why the shop cannot serve a request for now, when an error says so: the database is busy (a lock or every
 * connection held longer than DB_BUSY_TIMEOUT_MS), the disk is full, or the database cannot be reached.
 * Every channel answers these 503 with Retry-After (plugins/errors.ts, graphql/errors.ts); anything else is a bug.
 */
export type Outage = 'busy' | 'storageFull' | 'unavailable';

/** The stable code clients see for each outage (problem+json `code`, GraphQL `extensions.code`), also the message key. */
export const OUTAGE_CODE = { busy: 'service.busy', storageFull: 'service.storageFull', unavailable: 'service.unavailable' } as const satisfies Record<Outage, MessageKey>;

// PostgreSQL SQLSTATEs. Class 08: connection exceptions.
const PG_STORAGE_FULL = new Set(['53100']); // disk_full
const PG_BUSY = new Set(['55P03', '53300', '57014']); // lock_not_available (lock_timeout), too_many_connections, query_canceled
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53200']); // admin_shutdown, crash_shutdown, cannot_connect_now, out_of_memory
const NET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

function outageOfOne(err: object): Outage | null {
  const { code, name, message } = err as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (code === 'ENOSPC' || code === 'EDQUOT' || code.startsWith('SQLITE_FULL') || PG_STORAGE_FULL.has(code)) return 'storageFull';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || PG_BUSY.has(code)) return 'busy';
    if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'EROFS') return 'unavailable';
    if (NET_UNAVAILABLE.has(code) || PG_UNAVAILABLE.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return 'unavailable';
  }
  // knex: no connection became free within acquireConnectionTimeout (every one held by work that waits on a lock).
  if (name === 'KnexTimeoutError') return 'busy';
  // pg: the server went away in the middle of a query.
  if (typeof message === 'string' && /^Connection terminated( unexpectedly)?$|^Client has encountered a connection error/.test(message)) return 'unavailable';
  return null;
}

/** The outage an error (or what caused it: `cause`, an AggregateError's `errors`) stands for, or null for any other error. */
export function outageOf(err: unknown, depth = 0): Outage | null {
  if (!err || typeof err !== 'object' || depth > 4) return null;
  const own = outageOfOne(err);
  if (own) return own;
  const { cause, errors, originalError } = err as { cause?: unknown; errors?: unknown; originalError?: unknown };
  for (const inner of [cause, originalError, ...(Array.isArray(errors) ? errors : [])]) {
    const found = outageOf(inner, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Seconds a client should wait before retrying: a lock usually clears within the busy timeout; a full disk or a server down takes longer. */
export function retryAfterSeconds(outage: Outage, busyTimeoutMs: number): number {
  if (outage === 'busy') return Math.max(1, Math.ceil(busyTimeoutMs / 1000));
  return outage === 'storageFull' ? 60 : 10;
}
