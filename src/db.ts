// The knex instance: a SQLite file by default, PostgreSQL when DATABASE_URL is set.
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { Config } from './config';

export type Db = Knex;

export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg';
}

export function createDb(config: Pick<Config, 'databaseUrl' | 'sqliteFile'>): Knex {
  if (config.databaseUrl) {
    return knexFactory({
      client: 'pg',
      connection: config.databaseUrl,
      pool: { min: 0, max: 10 },
    });
  }
  fs.mkdirSync(path.dirname(config.sqliteFile), { recursive: true });
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: config.sqliteFile },
    useNullAsDefault: true,
    // One connection: SQLite serialises writers anyway, and WAL lets readers in other processes go on.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
        conn.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;', (err) => done(err, conn));
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
