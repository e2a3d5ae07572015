// Runs unit + integration tests with Node's test runner: migrates a template database once (SQLite, and
// PostgreSQL when TEST_DATABASE_URL is set) so each test file starts from a cheap copy of it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-template-'));
const sqliteTemplate = path.join(tmp, 'template.sqlite');
const pgTemplate = process.env.TEST_DATABASE_URL ? `emporium_tpl_${process.pid}` : '';

function run(cmd, args, env = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function findTests(dir, out = []) {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(rel, out);
    else if (entry.name.endsWith('.test.ts')) out.push(rel);
  }
  return out;
}

const setup = `
import knexFactory from 'knex';
import { createDb, migrateToLatest } from './src/db';
const sqlite = createDb({ databaseUrl: null, sqliteFile: process.env.T_SQLITE });
await migrateToLatest(sqlite);
await sqlite.destroy();
if (process.env.T_PG) {
  const admin = knexFactory({ client: 'pg', connection: process.env.TEST_DATABASE_URL });
  await admin.raw('drop database if exists ' + process.env.T_PG + ' with (force)');
  await admin.raw('create database ' + process.env.T_PG);
  await admin.destroy();
  const u = new URL(process.env.TEST_DATABASE_URL); u.pathname = '/' + process.env.T_PG;
  const pg = createDb({ databaseUrl: u.toString(), sqliteFile: '' });
  await migrateToLatest(pg);
  await pg.destroy();
}
`;
const setupFile = path.join(root, `.test-setup-${process.pid}.ts`);
fs.writeFileSync(setupFile, setup);
let status = 1;
try {
  status = run(process.execPath, ['--import', 'tsx', setupFile], { T_SQLITE: sqliteTemplate, T_PG: pgTemplate });
  if (status === 0) {
    const files = [...findTests('src'), ...findTests('db')].sort();
    status = run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
      NODE_ENV: 'test',
      TEST_SQLITE_TEMPLATE: sqliteTemplate,
      TEST_PG_TEMPLATE: pgTemplate,
    });
  }
} finally {
  fs.rmSync(setupFile, { force: true });
  if (pgTemplate) {
    const drop = `import knexFactory from 'knex'; const a = knexFactory({ client: 'pg', connection: process.env.TEST_DATABASE_URL }); await a.raw('drop database if exists ${pgTemplate} with (force)'); await a.destroy();`;
    fs.writeFileSync(setupFile, drop);
    run(process.execPath, ['--import', 'tsx', setupFile]);
    fs.rmSync(setupFile, { force: true });
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);
