// Fixed-window attempt counters in the rate_limits table, so every instance on one database shares them.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { DomainError } from '../lib/errors';
import { toInt } from '../lib/rows';

export interface Limit {
  /** Attempts allowed per window. */
  max: number;
  windowMs: number;
}

export const MINUTE = 60_000;

/** Limits the issue asks for; per account means per email typed, whether or not it has an account. */
export const LIMITS = {
  loginPerIp: { max: 10, windowMs: 15 * MINUTE },
  loginPerAccount: { max: 5, windowMs: 15 * MINUTE },
  resetPerIp: { max: 5, windowMs: 60 * MINUTE },
  resetPerAccount: { max: 3, windowMs: 60 * MINUTE },
  /** Sign-ups that pass the form's checks, each of which sends an email (an office or a school shares one address). */
  signupPerIp: { max: 20, windowMs: 60 * MINUTE },
  signupPerAccount: { max: 3, windowMs: 60 * MINUTE },
  /** Every write of the REST API (/api/v1), per account (token or session), else per client address. */
  apiWritePerCaller: { max: 60, windowMs: MINUTE },
} satisfies Record<string, Limit>;

export interface Hit {
  allowed: boolean;
  hits: number;
  /** Whole seconds until the window ends (for Retry-After). */
  retryAfterSeconds: number;
}

export class TooManyAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('accounts.tooManyAttempts', 429, { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
  }
}

/** A key that names an email without storing it (the key column is shorter than an email may be, too). */
export function accountKey(scope: string, email: string): string {
  return `${scope}:account:${createHash('sha256').update(email).digest('hex')}`;
}

export function ipKey(scope: string, ip: string): string {
  return `${scope}:ip:${ip}`;
}

/**
 * Counts one attempt and says whether it is within the limit. One atomic upsert: concurrent attempts
 * (several instances, or a burst on PostgreSQL's pool) each get their own count, and a window that has
 * ended starts again at 1. Works unchanged on SQLite (3.35+) and PostgreSQL.
 */
export async function hit(db: Knex, key: string, limit: Limit, now = Date.now()): Promise<Hit> {
  const resetAt = now + limit.windowMs;
  const [row] = await db('rate_limits')
    .insert({ key, hits: 1, reset_at: resetAt })
    .onConflict('key')
    .merge({
      hits: db.raw('case when rate_limits.reset_at <= ? then 1 else rate_limits.hits + 1 end', [now]),
      reset_at: db.raw('case when rate_limits.reset_at <= ? then ? else rate_limits.reset_at end', [now, resetAt]),
    })
    .returning(['hits', 'reset_at']);
  const hits = toInt(row.hits);
  return { allowed: hits <= limit.max, hits, retryAfterSeconds: Math.max(1, Math.ceil((toInt(row.reset_at) - now) / 1000)) };
}

/** Counts one attempt against each limit; throws when any is exceeded, naming the longest wait. */
export async function hitAll(db: Knex, checks: { key: string; limit: Limit }[], now = Date.now()): Promise<void> {
  let wait = 0;
  for (const check of checks) {
    const result = await hit(db, check.key, check.limit, now);
    if (!result.allowed) wait = Math.max(wait, result.retryAfterSeconds);
  }
  if (wait > 0) throw new TooManyAttemptsError(wait);
}

/**
 * Gives an attempt back: a successful login does not use up its owner's budget. One row per statement, like
 * hit(): a statement that locked several rows could deadlock on PostgreSQL with a burst's upserts of the same keys.
 */
export async function refund(db: Knex, keys: string[], now = Date.now()): Promise<void> {
  for (const key of new Set(keys)) {
    await db('rate_limits').where('key', key).andWhere('reset_at', '>', now).andWhere('hits', '>', 0).decrement('hits', 1);
  }
}

/** How long an attempt waits for attempts still being checked before it is refused. */
export const IN_FLIGHT_WAIT_MS = 10_000;

/** The counter of attempts under way for a limit key (they are counted in the key's hits too). */
export function inFlightKey(key: string): string {
  return `${key}:in-flight`;
}

export interface GuardOptions {
  /** True for the errors that are failures (kept in the count); anything else gives the attempt back. */
  isFailure(err: unknown): boolean;
  now?: () => number;
  /** A pause between two tries while other attempts are under way (tests may shorten it). */
  pause?: () => Promise<void>;
}

const defaultPause = () => new Promise<void>((resolve) => setTimeout(resolve, 20 + Math.floor(Math.random() * 30)));

/**
 * Runs one attempt (a login) under failure-only limits. The attempt holds a place in each count while it
 * runs, so a burst of guesses cannot slip through before the first is judged; a success gives its place
 * back, a failure keeps it. When the count is full, an attempt is refused at once if failures fill it,
 * and waits (up to IN_FLIGHT_WAIT_MS) if attempts still under way do: simultaneous right answers all get in.
 */
export async function guardAttempt<T>(db: Knex, checks: { key: string; limit: Limit }[], attempt: () => Promise<T>, options: GuardOptions): Promise<T> {
  const clock = options.now ?? Date.now;
  const pause = options.pause ?? defaultPause;
  const deadline = clock() + IN_FLIGHT_WAIT_MS;
  const keys = checks.map((c) => c.key);
  const inFlight = keys.map(inFlightKey);
  for (;;) {
    const now = clock();
    // In-flight first, so that "failures = hits - in flight" can only be underestimated (a wait, never a wrong refusal).
    for (const check of checks) await hit(db, inFlightKey(check.key), check.limit, now);
    let full = false;
    let wait = 0;
    for (const check of checks) {
      const result = await hit(db, check.key, check.limit, now);
      if (!result.allowed) {
        full = true;
        wait = Math.max(wait, result.retryAfterSeconds);
      }
    }
    if (!full) break;
    await refund(db, keys, now);
    await refund(db, inFlight, now);
    if ((await failuresFill(db, checks, now)) || clock() >= deadline) throw new TooManyAttemptsError(wait);
    await pause();
  }
  try {
    const result = await attempt();
    await refund(db, keys, clock());
    return result;
  } catch (err) {
    if (!options.isFailure(err)) await refund(db, keys, clock());
    throw err;
  } finally {
    await refund(db, inFlight, clock());
  }
}

/** True when judged failures alone (hits less attempts under way) fill any of the limits. */
async function failuresFill(db: Knex, checks: { key: string; limit: Limit }[], now: number): Promise<boolean> {
  const rows = await db('rate_limits').whereIn('key', checks.flatMap((c) => [c.key, inFlightKey(c.key)])).andWhere('reset_at', '>', now).select('key', 'hits');
  const hits = new Map(rows.map((r) => [r.key as string, toInt(r.hits)]));
  return checks.some((c) => (hits.get(c.key) ?? 0) - (hits.get(inFlightKey(c.key)) ?? 0) >= c.limit.max);
}

/** Deletes counters whose window has ended; returns how many. */
export async function pruneRateLimits(db: Knex, now = Date.now()): Promise<number> {
  return db('rate_limits').where('reset_at', '<=', now).delete();
}
