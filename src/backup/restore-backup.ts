// Restores one backup into the configured database and upload directory: checksums first, never over data without --force (then the old is moved aside), migrations after.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';
import { createDb, migrateToLatest } from '../db';
import { filesUnder, moveAside, stampOf } from './files';
import { countsOf, MEDIA_DIR, readVerifiedManifest, schemaVersionOf, type Manifest, type SchemaVersion, type ShopCounts } from './manifest';
import { inspectPgTarget, moveAsidePublicSchema, requirePgRestore, restorePostgres } from './postgres';
import { BackupRefusal } from './refusal';
import { inspectSqliteTarget, placeSqlite } from './sqlite';

export interface RestoreResult {
  backup: string;
  dialect: Manifest['dialect'];
  /** Where the replaced data went (file, directory or PostgreSQL schema), when --force replaced some. */
  movedAside: string[];
  mediaFiles: number;
  /** Migrations run after the restore to bring an older backup up to date. */
  migrationsApplied: number;
  schema: SchemaVersion;
  counts: ShopCounts;
}

type RestoreConfig = Pick<Config, 'databaseUrl' | 'sqliteFile' | 'uploadDir'>;

export async function restoreBackup(config: RestoreConfig, backupDir: string, options: { force: boolean; now?: Date }): Promise<RestoreResult> {
  const backup = path.resolve(backupDir);
  const manifest = await readVerifiedManifest(backup);
  const dialect = config.databaseUrl ? 'pg' : 'sqlite';
  if (manifest.dialect !== dialect) {
    throw new BackupRefusal(
      `this is a ${manifest.dialect === 'pg' ? 'PostgreSQL' : 'SQLite'} backup and the shop is configured for ${dialect === 'pg' ? 'PostgreSQL (DATABASE_URL)' : 'SQLite (no DATABASE_URL)'}: restore it with the same kind of database`,
    );
  }
  const stamp = stampOf(options.now ?? new Date());
  const uploadsInUse = (await filesUnder(config.uploadDir)).length > 0;
  const movedAside: string[] = [];
  const notEmpty = (what: string) =>
    new BackupRefusal(`${what} is not empty: nothing was restored. Run again with --force to move the current data aside (it is renamed, never deleted) and restore over it`);

  if (dialect === 'sqlite') {
    const target = await inspectSqliteTarget(config.sqliteFile);
    if (!options.force && target.exists && target.tables !== 0) throw notEmpty(`the database ${config.sqliteFile}`);
    if (!options.force && uploadsInUse) throw notEmpty(`the upload directory ${config.uploadDir}`);
    await fs.mkdir(path.dirname(config.sqliteFile), { recursive: true });
    if (target.exists) movedAside.push(await moveAside(config.sqliteFile, stamp));
    await placeSqlite(path.join(backup, manifest.database), config.sqliteFile);
  } else {
    const pgDumpMajor = Number(manifest.pgDump?.version.split('.')[0] ?? 0);
    const db = createDb(config);
    try {
      await requirePgRestore(db, pgDumpMajor);
      const target = await inspectPgTarget(db);
      if (!options.force && target.tables > 0) throw notEmpty('the PostgreSQL database in DATABASE_URL');
      if (!options.force && uploadsInUse) throw notEmpty(`the upload directory ${config.uploadDir}`);
      if (target.otherConnections > 0) {
        throw new BackupRefusal(`the PostgreSQL database in DATABASE_URL is in use (${target.otherConnections} other connection(s), e.g. a running shop): stop the shop before restoring`);
      }
      if (target.tables > 0) movedAside.push(`PostgreSQL schema ${await moveAsidePublicSchema(db, stamp)}`);
    } finally {
      await db.destroy();
    }
    await restorePostgres(config.databaseUrl as string, path.join(backup, manifest.database));
  }

  if (uploadsInUse) movedAside.push(await moveAside(config.uploadDir, stamp));
  // Only the files the manifest vouches for: anything slipped into the backup's media/ afterwards stays behind.
  const media = Object.keys(manifest.files).filter((rel) => rel.startsWith(`${MEDIA_DIR}/`));
  await fs.mkdir(config.uploadDir, { recursive: true });
  for (const rel of media) {
    const to = path.join(config.uploadDir, rel.slice(MEDIA_DIR.length + 1));
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.copyFile(path.join(backup, rel), to);
  }

  const db = createDb(config);
  try {
    const before = await schemaVersionOf(db);
    await migrateToLatest(db);
    const schema = await schemaVersionOf(db);
    return { backup, dialect, movedAside, mediaFiles: media.length, migrationsApplied: schema.migrations - before.migrations, schema, counts: await countsOf(db) };
  } finally {
    await db.destroy();
  }
}
