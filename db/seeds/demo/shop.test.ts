// The demo shop seed fills an empty catalog with a browsable, searchable shop, and leaves a filled one alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, migrateToLatest } from '../../../src/db';
import { seedDemoShop } from './shop';
import { loadShopSettings, updateShopSettings } from '../../../src/settings/shop-settings';

test('the demo shop seeds a complete catalog once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-seed-'));
  const uploadDir = path.join(dir, 'uploads');
  const db = createDb({ databaseUrl: null, sqliteFile: path.join(dir, 'shop.sqlite') });
  try {
    await migrateToLatest(db);
    const now = new Date('2026-11-20T10:00:00Z');
    const counts = await seedDemoShop(db, { uploadDir, now });
    assert.ok(counts.products >= 130, `seeded ${counts.products} products`);

    const topLevel = await db('categories').whereNull('parent_id').count({ n: '*' }).first();
    assert.ok(Number(topLevel?.n) >= 8);
    const children = await db('categories').whereNotNull('parent_id').select('parent_id');
    assert.ok(children.length > 0, 'some categories have child categories');

    const active = await db('products').where('status', 'active').select('id', 'name', 'slug', 'created_at');
    assert.ok(active.length >= 120, `${active.length} active products`);
    const hidden = await db('products').whereIn('status', ['draft', 'archived']).select('status');
    assert.equal(hidden.filter((p) => p.status === 'draft').length, 3);
    assert.equal(hidden.filter((p) => p.status === 'archived').length, 2);

    const variantCounts = new Map<number, number>();
    for (const v of await db('variants').select('product_id')) variantCounts.set(Number(v.product_id), (variantCounts.get(Number(v.product_id)) ?? 0) + 1);
    const imageFiles = new Map<number, string[]>();
    for (const image of await db('product_images').select('product_id', 'file', 'width', 'height', 'alt')) {
      assert.equal(Number(image.width), 800);
      assert.equal(Number(image.height), 800);
      assert.ok(image.alt.length > 0);
      const list = imageFiles.get(Number(image.product_id)) ?? [];
      list.push(image.file);
      imageFiles.set(Number(image.product_id), list);
    }
    for (const product of active) {
      assert.ok((variantCounts.get(Number(product.id)) ?? 0) >= 1, `${product.name} has a variant`);
      const files = imageFiles.get(Number(product.id)) ?? [];
      assert.ok(files.length >= 1, `${product.name} has an image`);
      for (const file of files) {
        const svg = fs.readFileSync(path.join(uploadDir, file), 'utf8');
        assert.match(svg, /^<svg [^>]*viewBox="0 0 800 800"/);
        assert.doesNotMatch(svg, /<script|href=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
      }
    }

    const variants = await db('variants').select('sku', 'stock', 'price_cents', 'options');
    assert.equal(new Set(variants.map((v) => v.sku)).size, variants.length, 'SKUs are unique');
    assert.ok(variants.some((v) => Number(v.stock) === 0), 'some variants are sold out');
    assert.ok(variants.some((v) => Number(v.stock) >= 1 && Number(v.stock) <= 3), 'some variants are nearly gone');
    for (const v of variants) {
      assert.ok(Number.isInteger(Number(v.price_cents)) && Number(v.price_cents) >= 350 && Number(v.price_cents) <= 39_000, `${v.sku} price`);
      assert.equal(typeof JSON.parse(v.options), 'object');
    }

    // Names shoppers will search for with accents and apostrophes are there, with plain ASCII slugs.
    const names = active.map((p) => p.name);
    assert.ok(names.some((n) => /[éèêâûç]/i.test(n)));
    assert.ok(names.some((n) => n.includes("'")));
    for (const p of active) assert.match(p.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    const search = await db('product_search').count({ n: '*' }).first();
    assert.equal(Number(search?.n), counts.products, 'every product is in the search index');

    // Nothing is dated in the future, and nothing before the 120-day window.
    for (const p of active) {
      const created = new Date(p.created_at).getTime();
      assert.ok(created <= now.getTime() && created >= now.getTime() - 120 * 86_400_000, `${p.name} created_at`);
    }

    // A consumer shop: prices include VAT; a later seed run leaves the owner's choice alone.
    assert.equal((await loadShopSettings(db)).pricesIncludeTax, true);
    await updateShopSettings(db, { pricesIncludeTax: false });

    const again = await seedDemoShop(db, { uploadDir, now });
    assert.deepEqual(again, { categories: 0, products: 0, variants: 0, images: 0 });
    assert.equal((await loadShopSettings(db)).pricesIncludeTax, false);
    const total = await db('products').count({ n: '*' }).first();
    assert.equal(Number(total?.n), counts.products);
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the demo shop is the same on every run', async () => {
  const now = new Date('2026-11-20T10:00:00Z');
  const snapshots: string[] = [];
  for (let run = 0; run < 2; run++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-seed-'));
    const db = createDb({ databaseUrl: null, sqliteFile: path.join(dir, 'shop.sqlite') });
    try {
      await migrateToLatest(db);
      await seedDemoShop(db, { uploadDir: path.join(dir, 'uploads'), now });
      const products = await db('products').orderBy('slug').select('slug', 'name', 'description', 'status', 'featured');
      const variants = await db('variants').orderBy('sku').select('sku', 'options', 'price_cents', 'stock');
      // File names are random on every run (see the next test); what they show is not.
      const rows = await db('product_images as i').join('products as p', 'p.id', 'i.product_id').orderBy(['p.slug', 'i.position']).select('p.slug', 'i.position', 'i.file', 'i.alt');
      const images = rows.map((r) => ({ slug: r.slug, position: Number(r.position), alt: r.alt }));
      const svg = fs.readFileSync(path.join(dir, 'uploads', rows[0]!.file), 'utf8');
      snapshots.push(JSON.stringify({ products, variants, images, svg }));
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.equal(snapshots[0], snapshots[1]);
});

test('seed images get random names that say nothing about their product, new on every run', async () => {
  const now = new Date('2026-11-20T10:00:00Z');
  const runs: string[][] = [];
  for (let run = 0; run < 2; run++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-seed-'));
    const db = createDb({ databaseUrl: null, sqliteFile: path.join(dir, 'shop.sqlite') });
    try {
      await migrateToLatest(db);
      await seedDemoShop(db, { uploadDir: path.join(dir, 'uploads'), now });
      const files = (await db('product_images').orderBy('id').select('file')).map((r) => r.file as string);
      assert.ok(files.length > 200);
      assert.equal(new Set(files).size, files.length, 'every image has its own file');
      for (const file of files) {
        assert.match(file, /^[0-9a-f]{32}\.svg$/, `${file} is 128 random bits`);
        assert.ok(fs.existsSync(path.join(dir, 'uploads', file)));
      }
      // Nothing else is written: no file on disk is named after a product.
      assert.deepEqual(fs.readdirSync(path.join(dir, 'uploads')).sort(), [...files].sort());
      runs.push(files);
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.equal(runs[0]!.filter((f) => runs[1]!.includes(f)).length, 0, 'names cannot be predicted from an earlier run');
});
