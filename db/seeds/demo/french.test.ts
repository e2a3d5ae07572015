// The demo shop speaks French: every product and category has a French name, description and slug, every image its
// French alternative text, every option value the variants use has its French, and the storefront shows them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { dialects, createTestDb, type TestDb } from '../../../src/test-support/databases';
import { seedDemoShop } from './shop';
import { OPTION_VALUES_FR } from './french';

for (const dialect of dialects) {
  describe(`the demo shop in French on ${dialect}`, () => {
    let t: TestDb;
    before(async () => {
      t = await createTestDb(dialect);
      await seedDemoShop(t.db, { uploadDir: path.join(t.dir, 'uploads'), now: new Date('2026-11-20T10:00:00Z') });
    });
    after(async () => t.cleanup());

    test('every product has a French name, description, meta description and slug, unlike its English ones', async () => {
      const rows = await t.db('products as p')
        .leftJoin('product_translations as t', (j) => j.on('t.product_id', 'p.id').andOnVal('t.locale', 'fr'))
        .select('p.slug as en_slug', 'p.name as en_name', 't.name', 't.description', 't.meta_description', 't.slug');
      assert.ok(rows.length >= 250, `${rows.length} products`);
      for (const r of rows) {
        for (const field of ['name', 'description', 'meta_description', 'slug'] as const) assert.ok(typeof r[field] === 'string' && r[field].trim() !== '', `${r.en_slug}: French ${field}`);
        assert.match(r.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.slug);
      }
      // Written in French, not copied: no French name equals its English name, and slugs are distinct.
      assert.deepEqual(rows.filter((r) => r.name === r.en_name).map((r) => r.en_name), []);
      assert.equal(new Set(rows.map((r) => r.slug)).size, rows.length);
      const apron = rows.find((r) => r.en_name === "Chef's Linen Apron");
      assert.equal(apron?.name, 'Tablier de chef en lin');
      assert.equal(rows.find((r) => r.en_name === 'Enamelled Cast Iron Skillet')?.name, 'Poêle en fonte émaillée');
    });

    test('every category has a French name, description and slug', async () => {
      const rows = await t.db('categories as c')
        .leftJoin('category_translations as t', (j) => j.on('t.category_id', 'c.id').andOnVal('t.locale', 'fr'))
        .select('c.slug as en_slug', 't.name', 't.description', 't.slug');
      assert.equal(rows.length, 31);
      for (const r of rows) for (const field of ['name', 'description', 'slug'] as const) assert.ok(r[field] && r[field].trim() !== '', `${r.en_slug}: French ${field}`);
      assert.equal(new Set(rows.map((r) => r.slug)).size, rows.length);
    });

    test('every image has French alternative text, written in French', async () => {
      const rows = await t.db('product_images as i')
        .join('products as p', 'p.id', 'i.product_id')
        .leftJoin('image_translations as t', (j) => j.on('t.image_id', 'i.id').andOnVal('t.locale', 'fr'))
        .select('p.name as product', 'i.alt', 't.alt as alt_fr');
      assert.ok(rows.length >= 250, `${rows.length} images`);
      for (const r of rows) {
        assert.ok(typeof r.alt_fr === 'string' && r.alt_fr.trim() !== '', `${r.alt}: French alt`);
        assert.notEqual(r.alt_fr, r.alt);
        assert.match(r.alt_fr, /, (vue de face|gros plan|vue de côté)$/, r.alt_fr);
        assert.doesNotMatch(r.alt_fr, /\b(in|view|close-up)\b/, r.alt_fr);
      }
      const apron = rows.filter((r) => r.product === "Chef's Linen Apron").map((r) => r.alt_fr);
      assert.ok(apron.length > 0 && apron.every((a) => a.startsWith('Tablier de chef en lin, ')), apron.join(' | '));
      assert.ok(rows.some((r) => /, coloris [a-zéèêà ]+, /.test(r.alt_fr)), 'colour photos name their colour in French');
    });

    test('every option value the variants use reads in French (or is the same in both, like sizes in cm)', async () => {
      const values = new Set<string>();
      for (const r of await t.db('variants').select('options')) for (const v of Object.values(typeof r.options === 'string' ? JSON.parse(r.options) : r.options)) values.add(v as string);
      const translated = new Map((await t.db('option_translations').where({ locale: 'fr', kind: 'value' }).select('source', 'text')).map((r) => [r.source, r.text]));
      const untranslated = [...values].filter((v) => !translated.has(v)).sort();
      // What stays as is: measures and clothing sizes, the same in French.
      for (const v of untranslated) assert.ok(OPTION_VALUES_FR[v] === v || /^[\d.,× –/]+( ?(cm|ml))?$|^(XS|S|M|L|XL|A4|A5|S\/M|L\/XL)$/.test(v), `no French for option value ${v}`);
      assert.equal(translated.get('Sage'), 'Sauge');
      assert.equal(translated.get('Sand'), 'Sable');
      const names = await t.db('option_translations').where({ locale: 'fr', kind: 'name' }).select('source', 'text');
      assert.ok(names.some((n) => n.source === 'colour' && n.text === 'Couleur'));
    });
  });
}
