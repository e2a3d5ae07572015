// Fresh, migrated databases for integration tests: a copy of a migrated SQLite template, or a PostgreSQL
// database cloned from a migrated template database when TEST_DATABASE_URL is set.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { createDb, migrateToLatest } from '../db';

export type Dialect = 'sqlite' | 'pg';

/** The databases every integration test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const dialects: Dialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'pg'] : ['sqlite'];

export interface TestDb {
  db: Knex;
  dialect: Dialect;
  dir: string;
  /** The PostgreSQL connection string, for a server process started on the same database; null on SQLite. */
  databaseUrl: string | null;
  cleanup(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** options.busyTimeoutMs: the database's bound on waiting for a lock or a connection (DB_BUSY_TIMEOUT_MS). */
export async function createTestDb(dialect: Dialect, options: { busyTimeoutMs?: number } = {}): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-test-'));
  if (dialect === 'sqlite') {
    const file = path.join(dir, 'test.sqlite');
    const template = process.env.TEST_SQLITE_TEMPLATE;
    if (template && fs.existsSync(template)) fs.copyFileSync(template, file);
    const db = createDb({ databaseUrl: null, sqliteFile: file, dbBusyTimeoutMs: options.busyTimeoutMs });
    if (!template) await migrateToLatest(db);
    return {
      db,
      dialect,
      dir,
      databaseUrl: null,
      cleanup: async () => {
        await db.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL as string;
  const name = `emporium_t_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  const template = process.env.TEST_PG_TEMPLATE;
  try {
    await admin.raw(template ? `create database ${name} template ${template}` : `create database ${name}`);
  } finally {
    await admin.destroy();
  }
  const databaseUrl = withDatabase(adminUrl, name);
  const db = createDb({ databaseUrl, sqliteFile: '', dbBusyTimeoutMs: options.busyTimeoutMs });
  if (!template) await migrateToLatest(db);
  return {
    db,
    dialect,
    dir,
    databaseUrl,
    cleanup: async () => {
      await db.destroy();
      const drop = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
      try {
        await drop.raw(`drop database if exists ${name} with (force)`);
      } finally {
        await drop.destroy();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
