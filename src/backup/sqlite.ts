// The SQLite side of backups: an online snapshot with VACUUM INTO (never a copy of a live file), and a look at a restore target.
import fs from 'node:fs/promises';
import sqlite3 from 'sqlite3';
import type { Knex } from 'knex';
import { BackupRefusal } from './refusal';
import { exists } from './files';

/**
 * Writes a consistent copy of the open database to file. VACUUM INTO reads in one transaction, so it sees the
 * database as of one moment while the shop goes on writing (WAL), and the copy is compact and self-contained.
 */
export async function snapshotSqlite(db: Knex, file: string): Promise<void> {
  await db.raw('VACUUM INTO ?', [file]);
}

export interface SqliteTarget {
  exists: boolean;
  /** Tables in it (0 for a file with no schema, -1 for a file SQLite cannot read). */
  tables: number;
}

function run(conn: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => conn.exec(sql, (err) => (err ? reject(err) : resolve())));
}

/**
 * What is at the restore target. Refuses when another connection has it open (the shop, a command): it takes an
 * exclusive lock without waiting, which fails while anyone else holds the database. A database left open by a
 * crash is recovered by this same open (its -wal is folded in), so nothing of it is lost when it is moved aside.
 */
export async function inspectSqliteTarget(file: string): Promise<SqliteTarget> {
  if (!(await exists(file))) return { exists: false, tables: 0 };
  const conn = await new Promise<sqlite3.Database>((resolve, reject) => {
    const c = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (err) => (err ? reject(err) : resolve(c)));
  });
  try {
    try {
      await run(conn, 'PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;');
    } catch (err) {
      if (/SQLITE_BUSY|SQLITE_LOCKED/.test(String((err as Error).message))) {
        throw new BackupRefusal(`${file} is in use (the shop or another command has it open): stop the shop before restoring`);
      }
      // Not a database we can read (damaged, another format): something is there, so it counts as not empty.
      return { exists: true, tables: -1 };
    }
    const tables = await new Promise<number>((resolve, reject) =>
      conn.get("select count(*) as n from sqlite_master where type = 'table'", (err, row: { n: number }) => (err ? reject(err) : resolve(row.n))),
    );
    return { exists: true, tables };
  } finally {
    await new Promise<void>((resolve) => conn.close(() => resolve()));
  }
}

/** Puts the backup's database file at file, through a temporary name so a half-written file never has the real name. */
export async function placeSqlite(from: string, file: string): Promise<void> {
  const tmp = `${file}.restoring`;
  await fs.copyFile(from, tmp);
  await fs.rename(tmp, file);
}
