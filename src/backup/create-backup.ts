// Makes one backup directory: the database (VACUUM INTO on SQLite, pg_dump on PostgreSQL), the uploaded media and manifest.json.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { isPostgres } from '../db';
import { copyTree, exists, stampOf, sumOf, type FileSum } from './files';
import { countsOf, MEDIA_DIR, schemaVersionOf, writeManifest, type Manifest } from './manifest';
import { dumpPostgres } from './postgres';
import { snapshotSqlite } from './sqlite';

export const SQLITE_DATABASE = 'emporium.sqlite';
export const PG_DATABASE = 'emporium.pgdump';

/** Left out on purpose; written into every manifest so whoever restores knows. */
export const NOT_INCLUDED = [
  "the test processor's ledger (DATA_DIR/test-processor): it stands for the card processor's own books, which a restore of the shop must not rewind",
  'outgoing mail (DATA_DIR/mail): sent messages, not needed to run the shop',
  'settings such as SESSION_SECRET: they live in the environment; restore with the same SESSION_SECRET or every session is signed out',
];

export interface BackupResult {
  dir: string;
  manifest: Manifest;
}

/** Where a backup made at this moment goes: <out>/emporium-2026-12-02T23-59-00Z, with a counter when taken. */
async function freshName(out: string, at: Date): Promise<string> {
  for (let n = 1; ; n++) {
    const dir = path.join(out, `emporium-${stampOf(at)}${n === 1 ? '' : `-${n}`}`);
    if (!(await exists(dir)) && !(await exists(`${dir}.partial`))) return dir;
  }
}

/**
 * Backs up the database db (the shop may be running on it) and config.uploadDir into a new directory under out.
 * The database is read first, then the media, so every image the copied database names was there to copy unless
 * it was deleted in between; images uploaded meanwhile are extra files a restore simply carries.
 * The work happens in "<name>.partial", renamed at the end: a directory without that suffix is complete.
 */
export async function createBackup(db: Knex, config: Pick<Config, 'databaseUrl' | 'uploadDir'>, out: string, now = new Date()): Promise<BackupResult> {
  await fs.mkdir(out, { recursive: true });
  const dir = await freshName(out, now);
  const work = `${dir}.partial`;
  await fs.mkdir(work);
  try {
    const dialect = isPostgres(db) ? 'pg' : 'sqlite';
    const database = dialect === 'pg' ? PG_DATABASE : SQLITE_DATABASE;
    // Counts and schema version are read just before the snapshot: on a busy shop they may trail it by a few orders.
    const [counts, schema] = [await countsOf(db), await schemaVersionOf(db)];
    let pgDump: Manifest['pgDump'];
    if (dialect === 'pg') pgDump = await dumpPostgres(db, config.databaseUrl as string, path.join(work, database));
    else await snapshotSqlite(db, path.join(work, database));
    const media = await copyTree(config.uploadDir, path.join(work, MEDIA_DIR));
    const files: Record<string, FileSum> = {};
    for (const rel of [database, ...media.map((m) => `${MEDIA_DIR}/${m}`)]) files[rel] = await sumOf(path.join(work, rel));
    const manifest: Manifest = {
      format: 'emporium-backup',
      version: 1,
      createdAt: now.toISOString(),
      dialect,
      database,
      ...(pgDump ? { pgDump } : {}),
      schema,
      counts,
      files,
      notIncluded: NOT_INCLUDED,
    };
    await writeManifest(work, manifest);
    await fs.rename(work, dir);
    return { dir, manifest };
  } catch (err) {
    await fs.rm(work, { recursive: true, force: true });
    throw err;
  }
}
