// manifest.json of a backup: what it holds (time, dialect, schema version, counts) and the checksum of every file, checked before a restore.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import { toInt } from '../lib/rows';
import { BackupRefusal } from './refusal';
import { exists, sumOf, type FileSum } from './files';

export const MANIFEST = 'manifest.json';
export const MEDIA_DIR = 'media';

export interface ShopCounts {
  orders: number;
  products: number;
  users: number;
  sessions: number;
}

export interface SchemaVersion {
  /** How many migrations had run. */
  migrations: number;
  /** The name of the newest one, e.g. 20261202180001_add-processor-reference-to-payment-attempts. */
  latest: string | null;
}

export interface Manifest {
  format: 'emporium-backup';
  version: 1;
  createdAt: string;
  dialect: 'sqlite' | 'pg';
  /** The database file inside the backup: a SQLite database, or a pg_dump custom-format archive. */
  database: string;
  /** On PostgreSQL: the pg_dump that wrote the archive and the server it read ("15.20"). */
  pgDump?: { version: string; serverVersion: string };
  schema: SchemaVersion;
  counts: ShopCounts;
  /** Every file of the backup but this manifest, by relative path. */
  files: Record<string, FileSum>;
  /** What a restore does not bring back, and why. */
  notIncluded: string[];
}

export async function countsOf(db: Knex): Promise<ShopCounts> {
  const count = async (table: string) => toInt((await db(table).count({ n: '*' }).first())?.n);
  const [orders, products, users, sessions] = await Promise.all(['orders', 'products', 'users', 'sessions'].map(count));
  return { orders, products, users, sessions };
}

export async function schemaVersionOf(db: Knex): Promise<SchemaVersion> {
  const rows = (await db('knex_migrations').orderBy('name').select('name')) as { name: string }[];
  return { migrations: rows.length, latest: rows.at(-1)?.name ?? null };
}

export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  await fs.writeFile(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** A file name from the manifest, refused when it would leave the backup directory (a tampered manifest). */
function insideBackup(dir: string, rel: string): string {
  const full = path.resolve(dir, rel);
  if (path.isAbsolute(rel) || !full.startsWith(path.resolve(dir) + path.sep)) throw new BackupRefusal(`the manifest names a file outside the backup: "${rel}"`);
  return full;
}

/** Reads the manifest of the backup in dir and checks every file it lists against its size and sha256; refuses at the first difference. */
export async function readVerifiedManifest(dir: string): Promise<Manifest> {
  const file = path.join(dir, MANIFEST);
  if (!(await exists(file))) throw new BackupRefusal(`${dir} is not an Emporium backup: it has no ${MANIFEST}`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await fs.readFile(file, 'utf8')) as Manifest;
  } catch {
    throw new BackupRefusal(`${file} is not valid JSON: the backup is damaged`);
  }
  if (manifest?.format !== 'emporium-backup' || manifest.version !== 1 || !manifest.files || !manifest.database) {
    throw new BackupRefusal(`${file} is not an Emporium backup manifest (format "emporium-backup", version 1)`);
  }
  if (!manifest.files[manifest.database]) throw new BackupRefusal(`the manifest lists no checksum for the database file ${manifest.database}`);
  for (const [rel, expected] of Object.entries(manifest.files)) {
    const full = insideBackup(dir, rel);
    if (!(await exists(full))) throw new BackupRefusal(`the backup is incomplete: ${rel} is missing`);
    const actual = await sumOf(full);
    if (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes) {
      throw new BackupRefusal(`checksum mismatch for ${rel} (expected sha256 ${expected.sha256}, ${expected.bytes} bytes; found ${actual.sha256}, ${actual.bytes} bytes): the backup is damaged, nothing was restored`);
    }
  }
  return manifest;
}
