// The knex instance: a SQLite file by default, PostgreSQL when DATABASE_URL is set.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { DEFAULT_DB_BUSY_TIMEOUT_MS, type Config } from './config';

export type Db = Knex;

export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg';
}

type DbConfig = Pick<Config, 'databaseUrl' | 'sqliteFile'> & Partial<Pick<Config, 'dbBusyTimeoutMs'>>;

const require = createRequire(import.meta.url);
type ClientClass = new (config: unknown) => object;
type TransactionClass = new (...args: unknown[]) => { query(conn: unknown, sql: string): Promise<unknown> };

/**
 * knex's SQLite client, except that a transaction starts with BEGIN IMMEDIATE: it takes the write lock at once,
 * waiting for it under busy_timeout. With knex's plain (deferred) BEGIN a transaction that has read and then
 * writes while another process holds or has just released the write lock fails with SQLITE_BUSY at once,
 * without waiting. The shop has one connection, so reads inside a transaction lose nothing by it.
 */
function immediateSqliteClient(): ClientClass {
  const Sqlite = require('knex/lib/dialects/sqlite3/index.js') as ClientClass;
  const SqliteTransaction = require('knex/lib/dialects/sqlite3/execution/sqlite-transaction.js') as TransactionClass;
  class ImmediateTransaction extends SqliteTransaction {
    begin(conn: unknown) {
      return this.query(conn, 'BEGIN IMMEDIATE;');
    }
  }
  return class ImmediateSqlite extends Sqlite {
    transaction(...args: unknown[]) {
      return new ImmediateTransaction(this, ...args);
    }
  };
}

export function createDb(config: DbConfig): Knex {
  // One bound for every wait on the database: a lock (SQLite busy_timeout, PostgreSQL lock_timeout) and a
  // connection from the pool. Without the pool bound, requests queued behind a write stuck on a lock each
  // waited their turn and then the whole busy timeout again (ten of them: 50 s), then answered 500.
  const busyMs = config.dbBusyTimeoutMs ?? DEFAULT_DB_BUSY_TIMEOUT_MS;
  if (config.databaseUrl) {
    return knexFactory({
      client: 'pg',
      connection: config.databaseUrl,
      acquireConnectionTimeout: busyMs,
      pool: {
        min: 0,
        max: 10,
        afterCreate(conn: { query(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
          conn.query(`SET lock_timeout = ${Math.trunc(busyMs)}`, (err) => done(err, conn));
        },
      },
    });
  }
  fs.mkdirSync(path.dirname(config.sqliteFile), { recursive: true });
  return knexFactory({
    client: immediateSqliteClient() as unknown as Knex.Config['client'],
    connection: { filename: config.sqliteFile },
    useNullAsDefault: true,
    acquireConnectionTimeout: busyMs,
    // One connection: SQLite serialises writers anyway, and WAL lets readers in other processes go on.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
        conn.exec(`PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${Math.trunc(busyMs)}; PRAGMA synchronous = NORMAL;`, (err) => done(err, conn));
      },
    },
  });
}
const MIGRATIONS_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'db', 'migrations');

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down?(knex: Knex): Promise<void>;
}

/** Reads db/migrations itself so the .ts files load through the same loader as the app (tsx). */
export const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{14}_[a-z0-9-_]+\.ts$/.test(f)).sort();
  },
  getMigrationName(name) {
    return name.replace(/\.ts$/, '');
  },
  async getMigration(name) {
    const mod = (await import(path.join(MIGRATIONS_DIR, name))) as MigrationModule;
    return { up: mod.up, down: mod.down ?? (async () => { throw new Error('migrations are forward-only'); }) };
  },
};

export async function migrateToLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource });
}
