// db:backup while the shop runs and db:restore into an empty place bring back the same orders, stock, sessions and media;
// a damaged backup and a non-empty target are refused; --force moves the old data aside.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import sharp from 'sharp';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createDb, migrateToLatest, migrationSource } from '../db';
import { dialects, type Dialect } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { Shopper } from '../test-support/shopper';
import { addImages, processImage } from '../admin/catalog/images';
import { imageFiles } from '../catalog/image-files';
import type { Manifest } from './manifest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECRET = 'test-secret-that-is-long-enough-for-sessions';
const ADDRESS = { name: 'Camille Martin', line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' };
const CARD = { cardNumber: '4242 4242 4242 4242', expiry: '12/34', cvc: '123' };

/** Whether pg_dump and pg_restore are on PATH: the PostgreSQL part needs them. */
async function pgToolsPresent(): Promise<boolean> {
  const ok = (tool: string) => new Promise<boolean>((resolve) => execFile(tool, ['--version'], (err) => resolve(!err)));
  return (await ok('pg_dump')) && (await ok('pg_restore'));
}

interface Target {
  dataDir: string;
  databaseUrl: string | null;
  open(): Knex;
  drop(): Promise<void>;
}

/** An empty data directory, and on PostgreSQL an empty database beside the test's one. */
async function emptyTarget(dialect: Dialect): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-restore-'));
  let databaseUrl: string | null = null;
  let name = '';
  const admin = () => knexFactory({ client: 'pg', connection: process.env.TEST_DATABASE_URL, pool: { min: 0, max: 1 } });
  if (dialect === 'pg') {
    name = `emporium_r_${randomBytes(6).toString('hex')}`;
    const a = admin();
    await a.raw(`create database ${name}`).finally(() => a.destroy());
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  return {
    dataDir,
    databaseUrl,
    open: () => createDb({ databaseUrl, sqliteFile: path.join(dataDir, 'emporium.sqlite') }),
    drop: async () => {
      if (name) {
        const a = admin();
        await a.raw(`drop database if exists ${name} with (force)`).finally(() => a.destroy());
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the script package.json names for the command, as `npm run` would, with the shop's settings in env. */
function cli(command: 'db:backup' | 'db:restore', args: string[], env: Record<string, string>): Promise<Run> {
  const script = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts[command] as string;
  const [runner, file] = script.split(' ');
  assert.equal(runner, 'tsx');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', file, ...args],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test', SESSION_SECRET: SECRET, DATABASE_URL: '', LOG_LEVEL: 'error', ...env }, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function envOf(target: Target): Record<string, string> {
  return { DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl ?? '' };
}

/** Everything the test compares between the shop and its restored copy. */
async function stateOf(db: Knex) {
  return {
    orders: await db('orders').orderBy('number'),
    lines: await db('order_lines').join('orders', 'orders.id', 'order_lines.order_id').orderBy(['orders.number', 'order_lines.id']).select('orders.number', 'order_lines.*'),
    stock: await db('variants').orderBy('sku').select('sku', 'stock', 'price_cents'),
    sessions: await db('sessions').orderBy('sid'),
    images: await db('product_images').orderBy('id').select('product_id', 'file', 'alt'),
  };
}

for (const dialect of dialects) {
  describe(`db:backup and db:restore on ${dialect}`, { skip: dialect === 'pg' && !(await pgToolsPresent()) ? 'pg_dump or pg_restore is not on PATH' : false }, () => {
    let t: TestApp;
    let backupDir: string;
    let manifest: Manifest;
    let orderNumber: string;
    let guest: Shopper;
    let customerCookie: string;
    let imageFile: string;
    let shopState: Awaited<ReturnType<typeof stateOf>>;
    const targets: Target[] = [];

    async function target(): Promise<Target> {
      const made = await emptyTarget(dialect);
      targets.push(made);
      return made;
    }

    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      const db = t.testDb.db;
      await addCategory(db, 'k', 'Kitchen');
      const mugId = await addProduct(db, 'k', { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 1250, stock: 10 }] });
      await addProduct(db, 'k', { slug: 'plate', name: 'Plate', variants: [{ sku: 'PLATE', priceCents: 2400, stock: 5 }] });
      const variantId = async (sku: string) => Number((await db('variants').where({ sku }).first('id')).id);

      // A guest buys two mugs and a plate through the pages.
      guest = new Shopper(t.app);
      assert.equal((await guest.post('/cart/add', { product: 'mug', variant: String(await variantId('MUG')), quantity: '2' })).statusCode, 303);
      assert.equal((await guest.postWithTokenFrom('/cart/add', { product: 'plate', variant: String(await variantId('PLATE')), quantity: '1' }, '/cart')).statusCode, 303);
      const review = await guest.checkoutToReview({ email: 'guest@example.test', address: ADDRESS });
      const form = Shopper.payForm(review.body);
      const paid = await guest.post('/checkout/pay', { _csrf: form.csrf, token: form.token, expectedTotal: form.expectedTotal, ...CARD });
      assert.equal(paid.statusCode, 303, paid.body);
      orderNumber = /^\/orders\/(EMP-[^/?]+)/.exec(String(paid.headers.location))?.[1] ?? '';
      assert.ok(orderNumber, `an order page, got ${paid.headers.location}`);

      // A signed-in customer's session, and an image uploaded for the mug.
      customerCookie = await signIn(t.app, await createUser(db));
      const staffId = await createUser(db, 'staff');
      const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 30, g: 90, b: 160 } } }).png().toBuffer();
      await addImages(db, t.config.uploadDir, { id: staffId, email: 'staff@example.test' }, mugId, [await processImage(png)], 'A blue mug');
      imageFile = (await db('product_images').where({ product_id: mugId, alt: 'A blue mug' }).first('file')).file;
      shopState = await stateOf(db);

      // The backup runs while the app above holds the database open (on SQLite its last writes are still in the -wal).
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-backups-'));
      const shopEnv = { DATA_DIR: t.testDb.dir, SQLITE_FILE: 'test.sqlite', UPLOAD_DIR: t.config.uploadDir, DATABASE_URL: t.testDb.databaseUrl ?? '' };
      const run = await cli('db:backup', ['--out', out, '--json'], shopEnv);
      assert.equal(run.code, 0, run.stderr);
      ({ dir: backupDir, manifest } = JSON.parse(run.stdout) as { dir: string; manifest: Manifest });
    });

    after(async () => {
      await t.close();
      for (const made of targets) await made.drop();
      if (backupDir) fs.rmSync(path.dirname(backupDir), { recursive: true, force: true });
    });

    test('the backup is one directory: the database, the media and a manifest with counts, schema version and checksums', async () => {
      assert.match(path.basename(backupDir), /^emporium-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
      assert.equal(manifest.dialect, dialect);
      const products = Number((await t.testDb.db('products').count({ n: '*' }).first())?.n);
      assert.deepEqual(manifest.counts, { orders: 1, products, users: 2, sessions: shopState.sessions.length });
      assert.match(manifest.schema.latest ?? '', /^\d{14}_/);
      assert.ok(manifest.schema.migrations > 30);
      for (const file of imageFiles(imageFile)) assert.match(manifest.files[`media/${file}`]?.sha256 ?? '', /^[0-9a-f]{64}$/, file);
      assert.ok(manifest.files[manifest.database].bytes > 0);
      assert.deepEqual(fs.readdirSync(backupDir).sort(), [manifest.database, 'manifest.json', 'media'].sort());
      assert.ok(!fs.existsSync(path.join(backupDir, 'test-processor')), "the processor's ledger is not the shop's to restore");
    });

    test('restored into an empty place, the shop has the same orders, stock, sessions and byte-identical media, and still knows who is signed in', async () => {
      const place = await target();
      const run = await cli('db:restore', [backupDir, '--json'], envOf(place));
      assert.equal(run.code, 0, run.stderr);
      assert.equal(JSON.parse(run.stdout).counts.orders, 1);

      const db = place.open();
      try {
        assert.deepEqual(await stateOf(db), shopState);
      } finally {
        await db.destroy();
      }
      for (const file of imageFiles(imageFile)) {
        assert.ok(fs.readFileSync(path.join(place.dataDir, 'uploads', file)).equals(fs.readFileSync(path.join(t.config.uploadDir, file))), `${file} is byte-identical`);
      }

      // A shop started on the restored data with the same SESSION_SECRET: the sessions carry on.
      const config = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: SECRET, ...envOf(place) }, { publicUrl: 'http://shop.test' });
      const restoredDb = place.open();
      const app = await buildApp(config, { db: restoredDb });
      try {
        const account = await app.inject({ url: '/account', headers: { cookie: customerCookie } });
        assert.equal(account.statusCode, 200, 'the customer is still signed in');
        const order = await app.inject({ url: `/orders/${orderNumber}`, headers: { cookie: guest.cookieHeader() } });
        assert.equal(order.statusCode, 200);
        assert.match(order.body, new RegExp(orderNumber));
        const image = await app.inject({ url: `/media/${imageFiles(imageFile)[0]}` });
        assert.equal(image.statusCode, 200);
      } finally {
        await app.close();
        await restoredDb.destroy();
      }
    });

    test('a damaged backup (a checksum that does not match) is refused with a clear message and nothing is restored', async () => {
      const damaged = `${backupDir}-damaged`;
      fs.cpSync(backupDir, damaged, { recursive: true });
      const media = path.join(damaged, 'media', imageFiles(imageFile)[1]);
      const bytes = fs.readFileSync(media);
      bytes[bytes.length >> 1] ^= 0xff;
      fs.writeFileSync(media, bytes);
      const place = await target();
      const run = await cli('db:restore', [damaged], envOf(place));
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, new RegExp(`Restore refused: checksum mismatch for media/${imageFiles(imageFile)[1]}.*the backup is damaged, nothing was restored`));
      assert.ok(!fs.existsSync(path.join(place.dataDir, 'emporium.sqlite')));
      assert.ok(!fs.existsSync(path.join(place.dataDir, 'uploads')));
      if (dialect === 'pg') {
        const db = place.open();
        try {
          assert.equal(Number((await db.raw("select count(*) as n from pg_tables where schemaname = 'public'")).rows[0].n), 0);
        } finally {
          await db.destroy();
        }
      }
    });

    test('a target with data is refused without --force; with --force the old data is moved aside, never deleted', async () => {
      const place = await target();
      assert.equal((await cli('db:restore', [backupDir], envOf(place))).code, 0);
      const db = place.open();
      try {
        await db('variants').where({ sku: 'MUG' }).update({ stock: 99 });
      } finally {
        await db.destroy();
      }

      const refused = await cli('db:restore', [backupDir], envOf(place));
      assert.equal(refused.code, 2, refused.stdout + refused.stderr);
      assert.match(refused.stderr, /Restore refused: the .* is not empty: nothing was restored\. Run again with --force/);

      const forced = await cli('db:restore', [backupDir, '--force', '--json'], envOf(place));
      assert.equal(forced.code, 0, forced.stderr);
      const movedAside = JSON.parse(forced.stdout).movedAside as string[];
      assert.equal(movedAside.length, 2, 'the database and the upload directory');
      const check = place.open();
      try {
        assert.deepEqual(await stateOf(check), shopState, 'the backup is back');
        if (dialect === 'pg') {
          const schema = /^PostgreSQL schema (\w+)$/.exec(movedAside[0])?.[1];
          assert.ok(schema, movedAside[0]);
          assert.equal((await check.withSchema(schema).from('variants').where({ sku: 'MUG' }).first('stock')).stock, 99, 'the old data is kept aside');
        }
      } finally {
        await check.destroy();
      }
      if (dialect === 'sqlite') {
        const old = createDb({ databaseUrl: null, sqliteFile: movedAside[0] });
        try {
          assert.equal((await old('variants').where({ sku: 'MUG' }).first('stock')).stock, 99, 'the old data is kept aside');
        } finally {
          await old.destroy();
        }
      }
      assert.ok(fs.readdirSync(movedAside[1]).includes(imageFiles(imageFile)[0]));
    });
  });
}

for (const dialect of dialects) {
  describe(`db:backup and db:restore of an older shop, and missing tools, on ${dialect}`, { skip: dialect === 'pg' && !(await pgToolsPresent()) ? 'pg_dump or pg_restore is not on PATH' : false }, () => {
    const targets: Target[] = [];
    const outs: string[] = [];
    after(async () => {
      for (const made of targets) await made.drop();
      for (const out of outs) fs.rmSync(out, { recursive: true, force: true });
    });

    async function target(): Promise<Target> {
      const made = await emptyTarget(dialect);
      targets.push(made);
      return made;
    }

    function out(): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-backups-'));
      outs.push(dir);
      return dir;
    }

    test('a backup made before the newest migration comes up to date when restored', async () => {
      const source = await target();
      const all = await migrationSource.getMigrations([]);
      const db = source.open();
      try {
        for (let i = 0; i < all.length - 1; i++) await db.migrate.up({ migrationSource });
        await addCategory(db, 'k', 'Kitchen');
        await addProduct(db, 'k', { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 1250, stock: 7 }] });
      } finally {
        await db.destroy();
      }
      const made = await cli('db:backup', ['--out', out(), '--json'], envOf(source));
      assert.equal(made.code, 0, made.stderr);
      const { dir, manifest } = JSON.parse(made.stdout) as { dir: string; manifest: Manifest };
      assert.equal(manifest.schema.migrations, all.length - 1);

      const place = await target();
      const restored = await cli('db:restore', [dir, '--json'], envOf(place));
      assert.equal(restored.code, 0, restored.stderr);
      const result = JSON.parse(restored.stdout);
      assert.equal(result.migrationsApplied, 1);
      assert.equal(result.schema.latest, migrationSource.getMigrationName(all.at(-1) as string));
      const check = place.open();
      try {
        assert.equal((await check('variants').where({ sku: 'MUG' }).first('stock')).stock, 7);
      } finally {
        await check.destroy();
      }
    });

    if (dialect === 'pg') {
      /** A directory for PATH holding only a pg_dump that claims to be of the given version, or nothing. */
      function pathWith(version: string | null): string {
        const bin = out();
        if (version) {
          fs.writeFileSync(path.join(bin, 'pg_dump'), `#!/bin/sh\necho "pg_dump (PostgreSQL) ${version}"\n`, { mode: 0o755 });
          fs.writeFileSync(path.join(bin, 'pg_restore'), `#!/bin/sh\necho "pg_restore (PostgreSQL) ${version}"\n`, { mode: 0o755 });
        }
        return bin;
      }

      test('without pg_dump, or with one older than the server, the backup is refused with what to install, and leaves nothing behind', async () => {
        const source = await target();
        const db = source.open();
        try {
          await migrateToLatest(db);
        } finally {
          await db.destroy();
        }
        const dest = out();
        const missing = await cli('db:backup', ['--out', dest], { ...envOf(source), PATH: pathWith(null) });
        assert.equal(missing.code, 2, missing.stdout + missing.stderr);
        assert.match(missing.stderr, /^Backup refused: pg_dump not found: install postgresql-client-\d+/);
        const old = await cli('db:backup', ['--out', dest], { ...envOf(source), PATH: pathWith('9.6') });
        assert.equal(old.code, 2, old.stdout + old.stderr);
        assert.match(old.stderr, /^Backup refused: pg_dump 9\.6 cannot dump a PostgreSQL \d+\.\d+ server: install postgresql-client-\d+/);
        assert.deepEqual(fs.readdirSync(dest), [], 'no half-written backup');
      });
    }
  });
}
