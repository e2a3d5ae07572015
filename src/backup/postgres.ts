// The PostgreSQL side of backups: pg_dump and pg_restore from PATH, checked against the server's major version, and a look at a restore target.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { toInt } from '../lib/rows';
import { BackupRefusal } from './refusal';

const run = promisify(execFile);

export interface ToolVersion {
  version: string;
  major: number;
}

/** "pg_dump (PostgreSQL) 15.20 (Debian …)" -> 15.20, or null when the tool is not on PATH. */
export async function toolVersion(tool: 'pg_dump' | 'pg_restore'): Promise<ToolVersion | null> {
  try {
    const { stdout } = await run(tool, ['--version']);
    const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(stdout);
    if (!m) return null;
    return { version: m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`, major: Number(m[1]) };
  } catch {
    return null;
  }
}

export async function serverVersion(db: Knex): Promise<ToolVersion> {
  const num = toInt((await db.raw('show server_version_num')).rows[0].server_version_num);
  const major = Math.floor(num / 10_000);
  return { version: `${major}.${num % 10_000}`, major };
}

function missing(tool: string, major: number): BackupRefusal {
  return new BackupRefusal(
    `${tool} not found: install postgresql-client-${major} (Debian/Ubuntu: apt-get install postgresql-client-${major}; it needs the PostgreSQL apt repository when the release ships another major) or put ${tool} ${major} or newer on PATH`,
  );
}

/**
 * The connection string without its password, which goes to the tools through PGPASSWORD instead, so it never
 * shows in a process list.
 */
function toolConnection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env } };
}

async function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(tool, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${tool} failed: ${(e.stderr || e.message).trim()}`);
  }
}

/** Dumps the database to file in pg_dump's custom format; refuses when pg_dump is missing or older than the server. */
export async function dumpPostgres(db: Knex, databaseUrl: string, file: string): Promise<{ version: string; serverVersion: string }> {
  const server = await serverVersion(db);
  const tool = await toolVersion('pg_dump');
  if (!tool) throw missing('pg_dump', server.major);
  // pg_dump reads servers of its own major version and older ones, never newer ones.
  if (tool.major < server.major) {
    throw new BackupRefusal(`pg_dump ${tool.version} cannot dump a PostgreSQL ${server.version} server: install postgresql-client-${server.major} (pg_dump ${server.major} or newer)`);
  }
  const { dbname, env } = toolConnection(databaseUrl);
  await runTool('pg_dump', ['--format=custom', `--file=${file}`, `--dbname=${dbname}`], env);
  return { version: tool.version, serverVersion: server.version };
}

/** Checks that pg_restore can read an archive written by pg_dump of dumpMajor; returns its version. */
export async function requirePgRestore(db: Knex, dumpMajor: number): Promise<ToolVersion> {
  const tool = await toolVersion('pg_restore');
  if (!tool) throw missing('pg_restore', Math.max(dumpMajor, (await serverVersion(db)).major));
  if (tool.major < dumpMajor) {
    throw new BackupRefusal(`pg_restore ${tool.version} cannot read an archive written by pg_dump ${dumpMajor}: install postgresql-client-${dumpMajor} or newer`);
  }
  return tool;
}

export interface PgTarget {
  /** Tables in the public schema. */
  tables: number;
  /** Other sessions connected to the database (a running shop). */
  otherConnections: number;
}

export async function inspectPgTarget(db: Knex): Promise<PgTarget> {
  const tables = toInt((await db.raw("select count(*) as n from pg_tables where schemaname = 'public'")).rows[0].n);
  const otherConnections = toInt((await db.raw('select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')).rows[0].n);
  return { tables, otherConnections };
}

/** Moves the old tables aside inside the database: the public schema is renamed and an empty one takes its place. */
export async function moveAsidePublicSchema(db: Knex, stamp: string): Promise<string> {
  const base = `public_replaced_${stamp.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}_${n}`;
    const taken = (await db.raw('select 1 from pg_namespace where nspname = ?', [name])).rows.length > 0;
    if (taken) continue;
    await db.transaction(async (trx) => {
      await trx.raw(`alter schema public rename to ${name}`);
      await trx.raw('create schema public');
    });
    return name;
  }
}

/** Restores a custom-format archive into the (empty) database, in one transaction: all of it or nothing. */
export async function restorePostgres(databaseUrl: string, file: string): Promise<void> {
  const { dbname, env } = toolConnection(databaseUrl);
  await runTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`, file], env);
}
