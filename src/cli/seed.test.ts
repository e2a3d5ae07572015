// `npm run db:seed` on a fresh data directory loads the demo shop; run again, it says so and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '../db';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function seed(dataDir: string): { status: number | null; out: string } {
  // The script package.json names, so a wrong path there fails here.
  const script = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts['db:seed'] as string;
  const [runner, file] = script.split(' ');
  assert.equal(runner, 'tsx');
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

test('db:seed loads the demo shop into an empty database, and leaves a filled one alone', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-cli-seed-'));
  try {
    const first = seed(dataDir);
    assert.equal(first.status, 0, first.out);
    assert.match(first.out, /Loaded the demo shop into .*emporium\.sqlite: 254 products in 31 categories/);

    const db = createDb({ databaseUrl: null, sqliteFile: path.join(dataDir, 'emporium.sqlite') });
    try {
      const count = async (table: string) => Number((await db(table).count({ n: '*' }).first())?.n);
      assert.equal(await count('products'), 254);
      assert.ok(await db('users').where({ email: 'admin@emporium.test' }).first('id'), 'the demo accounts are there');
      assert.ok(fs.readdirSync(path.join(dataDir, 'uploads')).length > 0, 'the artwork is there');
      await db('products').where({ slug: (await db('products').first('slug')).slug }).update({ name: 'Renamed by the shop' });

      const second = seed(dataDir);
      assert.equal(second.status, 0, second.out);
      assert.match(second.out, /already has a catalog \(254 products in 31 categories\): nothing was changed/);
      assert.equal(await count('products'), 254);
      assert.ok(await db('products').where({ name: 'Renamed by the shop' }).first('id'), 'the shop’s own change is kept');
    } finally {
      await db.destroy();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
