// `npm run db:backup [-- --out DIR] [--json]`: a consistent backup of the database and the uploaded media while the shop runs.
import path from 'node:path';
import { configOrExit } from '../config';
import { createDb } from '../db';
import { exists } from '../backup/files';
import { createBackup } from '../backup/create-backup';
import { BackupRefusal } from '../backup/refusal';
import { parseArgs } from './args';

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

let args: Record<string, string>;
try {
  args = parseArgs(process.argv.slice(2));
} catch (err) {
  fail(`${(err as Error).message}. Usage: npm run db:backup -- [--out DIR] [--json]`, 2);
}
const unknown = Object.keys(args).filter((name) => !['out', 'json'].includes(name));
if (unknown.length > 0 || args.out === 'true' || args.out === '') fail(`${unknown.length > 0 ? `unknown option --${unknown[0]}` : '--out needs a directory'}. Usage: npm run db:backup -- [--out DIR] [--json]`, 2);
const config = configOrExit();
const out = path.resolve(args.out ?? path.join(config.dataDir, 'backups'));
if (!config.databaseUrl && !(await exists(config.sqliteFile))) fail(`There is no database to back up at ${config.sqliteFile} (check DATA_DIR and SQLITE_FILE).`, 2);
const db = createDb(config);
try {
  const { dir, manifest } = await createBackup(db, config, out);
  if (args.json === 'true') {
    console.log(JSON.stringify({ dir, manifest }));
  } else {
    const c = manifest.counts;
    const media = Object.keys(manifest.files).length - 1;
    console.log(`Backup written to ${dir}: ${manifest.dialect === 'pg' ? `pg_dump ${manifest.pgDump?.version} archive` : 'SQLite database'}, ${media} media file(s), ${c.orders} orders, ${c.products} products, ${c.users} users, schema ${manifest.schema.latest}.`);
  }
} catch (err) {
  if (err instanceof BackupRefusal) fail(`Backup refused: ${err.message}`, 2);
  fail(`Backup failed: ${(err as Error).message}`, 1);
} finally {
  await db.destroy();
}
