// `npm run db:restore -- <backup dir> [--force] [--json]`: checks the backup's checksums, restores it into the configured database and upload directory, then migrates.
import { configOrExit } from '../config';
import { restoreBackup } from '../backup/restore-backup';
import { BackupRefusal } from '../backup/refusal';
import { parseArgs } from './args';

const USAGE = 'Usage: npm run db:restore -- <backup directory> [--force] [--json]';

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const argv = process.argv.slice(2);
const positional = argv.filter((a) => !a.startsWith('--'));
let args: Record<string, string>;
try {
  // --force and --json take no value, so the backup directory may come before or after them.
  args = parseArgs(argv.filter((a) => a.startsWith('--')));
} catch (err) {
  fail(`${(err as Error).message}. ${USAGE}`, 2);
}
// A mistyped --force must not pass unnoticed.
const unknown = Object.keys(args).filter((name) => !['force', 'json'].includes(name));
if (unknown.length > 0) fail(`unknown option --${unknown[0]}. ${USAGE}`, 2);
if (positional.length !== 1) fail(USAGE, 2);
const config = configOrExit();
try {
  const result = await restoreBackup(config, positional[0], { force: args.force === 'true' });
  if (args.json === 'true') {
    console.log(JSON.stringify(result));
  } else {
    const c = result.counts;
    for (const old of result.movedAside) console.log(`Moved the old data aside: ${old}`);
    console.log(
      `Restored ${result.backup} into ${config.databaseUrl ? 'the PostgreSQL database in DATABASE_URL' : config.sqliteFile}: ${c.orders} orders, ${c.products} products, ${c.users} users, ${result.mediaFiles} media file(s) in ${config.uploadDir}; ${result.migrationsApplied} migration(s) applied, schema ${result.schema.latest}.`,
    );
  }
} catch (err) {
  if (err instanceof BackupRefusal) fail(`Restore refused: ${err.message}`, 2);
  fail(`Restore failed: ${(err as Error).message}`, 1);
}
