// Readiness (GET /readyz): may a load balancer send this instance traffic now? /healthz only says the process runs.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import sqlite3 from 'sqlite3';
import { isPostgres } from '../db';
import { outageOf } from '../lib/db-errors';

/** The whole check answers within this, whatever hangs: a load balancer's probe has a timeout of its own. */
export const READINESS_TIMEOUT_MS = 2000;
/** How long the SQLite probe waits for the write lock (less than the whole check, so that it can say "busy"). */
const LOCK_PROBE_MS = 1000;

class TimedOut extends Error {}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Why the database failed, in a few words for an operator. */
function databaseReason(err: unknown, ms: number): string {
  if (err instanceof TimedOut) return `database: no answer within ${ms} ms`;
  const codes = [err, (err as { cause?: unknown })?.cause, ...(((err as { errors?: unknown })?.errors as unknown[]) ?? [])].map((e) => (e as { code?: unknown })?.code);
  if (codes.includes('ECONNREFUSED')) return 'database: connection refused';
  const outage = outageOf(err);
  if (outage === 'busy') return 'database: busy';
  if (outage === 'storageFull') return 'database: storage full';
  const code = codes.find((c) => typeof c === 'string');
  return `database: unavailable (${typeof code === 'string' ? code : err instanceof Error ? err.message.slice(0, 200) : String(err)})`;
}

/**
 * SQLite: on a connection of its own (the shop's one connection stays free for requests), takes the write lock and
 * gives it back at once. Proves the file opens read-write and no other process has held the lock for longer than
 * LOCK_PROBE_MS; costs no page write.
 */
function probeSqliteWriteLock(file: string, busyMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const conn = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (openErr) => {
      if (openErr) return reject(openErr);
      conn.exec(`PRAGMA busy_timeout = ${busyMs}; BEGIN IMMEDIATE; ROLLBACK;`, (err) => {
        conn.close(() => (err ? reject(err) : resolve()));
      });
    });
  });
}

/** The SQLite file the knex instance opened (tests hand the app a database of their own), or null on PostgreSQL. */
function sqliteFileOf(db: Knex): string | null {
  if (isPostgres(db)) return null;
  const filename = (db.client.config.connection as { filename?: unknown } | undefined)?.filename;
  return typeof filename === 'string' && filename !== ':memory:' ? filename : null;
}

async function checkDatabase(db: Knex, busyMs: number): Promise<string | null> {
  try {
    const work: Promise<unknown>[] = [db.raw('select 1')];
    const sqliteFile = sqliteFileOf(db);
    if (sqliteFile) work.push(probeSqliteWriteLock(sqliteFile, Math.min(busyMs, LOCK_PROBE_MS)));
    await within(Promise.all(work), READINESS_TIMEOUT_MS);
    return null;
  } catch (err) {
    return databaseReason(err, READINESS_TIMEOUT_MS);
  }
}

/** Writes and removes a small file: a full disk, a read-only mount or wrong permissions show here. */
async function checkWritable(label: string, dir: string): Promise<string | null> {
  const probe = path.join(dir, `.readyz-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await within(
      (async () => {
        // Created when missing (the upload directory is made on the first upload); if it cannot be, the write says why.
        await fs.mkdir(dir, { recursive: true }).catch(() => undefined);
        await fs.writeFile(probe, 'ready\n', { flag: 'wx' });
      })(),
      READINESS_TIMEOUT_MS,
    );
    return null;
  } catch (err) {
    if (err instanceof TimedOut) return `${label}: no answer within ${READINESS_TIMEOUT_MS} ms`;
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return `${label} full`;
    return `${label} not writable${typeof code === 'string' ? ` (${code})` : ''}`;
  } finally {
    await fs.rm(probe, { force: true }).catch(() => undefined);
  }
}

export interface Readiness {
  ready: boolean;
  reasons: string[];
}

export async function checkReadiness(app: FastifyInstance): Promise<Readiness> {
  const { config, db } = app;
  const dirs: [string, string][] = [['data directory', config.dataDir]];
  if (path.relative(config.dataDir, config.uploadDir).startsWith('..') || path.isAbsolute(path.relative(config.dataDir, config.uploadDir))) {
    dirs.push(['upload directory', config.uploadDir]);
  }
  const results = await Promise.all([
    checkDatabase(db, config.dbBusyTimeoutMs),
    ...dirs.map(([label, dir]) => checkWritable(label, dir)),
  ]);
  const reasons = results.filter((r): r is string => r !== null);
  return { ready: reasons.length === 0, reasons };
}

export function registerReadiness(app: FastifyInstance): void {
  app.get('/readyz', async (request, reply) => {
    const { ready, reasons } = await checkReadiness(app);
    reply.header('cache-control', 'no-store');
    if (ready) return reply.code(200).send({ status: 'ready' });
    request.log.warn({ reasons }, 'not ready');
    return reply.code(503).send({ status: 'not ready', reasons });
  });
}
