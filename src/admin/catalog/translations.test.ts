// Back office: a product's French beside its English (saved, validated, slug unique per language), the filter of
// products missing French, and the French of option names and values; the storefront follows at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../../test-support/databases';
import { createTestApp, type TestApp } from '../../test-support/test-app';
import { addTestSignIn, createUser, signIn } from '../../test-support/sign-in';
import { Shopper } from '../../test-support/shopper';
import { addCategory, addProduct } from '../../test-support/catalog-fixtures';
import { activeShippingMethods } from '../../orders/settings';

const EMPTY = { name: '', slug: '', description: '', metaDescription: '' };

for (const dialect of dialects) {
  describe(`back-office translations on ${dialect}`, () => {
    let t: TestApp;
    let db: TestApp['testDb']['db'];
    let staff: Shopper;
    let admin: Shopper;
    let customer: Shopper;
    let mugId: number;
    let bowlId: number;

    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      db = t.testDb.db;
      await addCategory(db, 'kitchen', 'Kitchen');
      mugId = await addProduct(db, 'kitchen', { slug: 'blue-mug', name: 'Blue Mug', description: 'A blue mug.', variants: [{ sku: 'MUG-S', priceCents: 1200, stock: 4, options: { colour: 'Sage', size: 'Large' } }, { sku: 'MUG-N', priceCents: 1200, stock: 4, options: { colour: 'Sand', size: 'Large' } }] });
      bowlId = await addProduct(db, 'kitchen', { slug: 'bol', name: 'Bowl', variants: [{ sku: 'BOWL-1', priceCents: 900, stock: 4 }] });
      await addProduct(db, 'kitchen', { slug: 'plate', name: 'Plate', variants: [{ sku: 'PLATE-1', priceCents: 900, stock: 4 }] });
      staff = new Shopper(t.app).useSession(await signIn(t.app, await createUser(db, 'staff')));
      customer = new Shopper(t.app).useSession(await signIn(t.app, await createUser(db, 'customer')));
      admin = new Shopper(t.app).useSession(await signIn(t.app, await createUser(db, 'admin')));
    });
    after(async () => t.close());

    test('only staff reach the French forms', async () => {
      assert.equal((await customer.get('/admin/options')).statusCode, 403);
      assert.equal((await customer.postWithTokenFrom(`/admin/products/${mugId}/translations/fr`, { ...EMPTY, name: 'x' }, '/account/profile')).statusCode, 403);
      assert.equal(await db('product_translations').where('product_id', mugId).first(), undefined);
    });

    test('the edit page shows the English beside empty French fields; saving shows the French in the shop', async () => {
      const page = await staff.get(`/admin/products/${mugId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /id="french"/);
      assert.match(page.body, /A blue mug\./);
      assert.match(page.body, /name="metaDescription"/);
      // Warm the French page first: only invalidation can make the French show.
      assert.match((await t.app.inject({ url: '/fr/products/blue-mug' })).body, /<h1[^>]*>Blue Mug<\/h1>/);
      const saved = await staff.postWithTokenFrom(`/admin/products/${mugId}/translations/fr`, { name: 'Mug bleu', slug: '', description: 'Un mug bleu.', metaDescription: 'Mug en grès bleu.' }, `/admin/products/${mugId}`);
      assert.equal(saved.statusCode, 303);
      const row = await db('product_translations').where({ product_id: mugId, locale: 'fr' }).first();
      assert.equal(row.name, 'Mug bleu');
      // An empty slug is made from the French name.
      assert.equal(row.slug, 'mug-bleu');
      const shop = await t.app.inject({ url: '/fr/products/mug-bleu' });
      assert.equal(shop.statusCode, 200);
      assert.match(shop.body, /<h1[^>]*>Mug bleu<\/h1>/);
      assert.match(shop.body, /Un mug bleu\./);
      assert.match((await t.app.inject({ url: '/fr/search?q=bleus' })).body, /Mug bleu/, 'the French is searchable at once, plural and all');
      assert.equal((await db('audit_log').where('action', 'product.translate').count({ n: '*' }).first().then((r) => Number(r!.n))), 1);
    });

    test('bad French fields come back beside the field, and a slug is unique per language', async () => {
      const bad = await staff.postWithTokenFrom(`/admin/products/${bowlId}/translations/fr`, { ...EMPTY, name: 'Bol', slug: 'Pas Un Slug!' }, `/admin/products/${bowlId}`);
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /Utilisez|Use lower-case letters/);
      assert.match(bad.body, /value="Pas Un Slug!"/);
      // Another product's French slug, or another product's English slug, is taken.
      for (const slug of ['mug-bleu', 'plate']) {
        const taken = await staff.postWithTokenFrom(`/admin/products/${bowlId}/translations/fr`, { ...EMPTY, name: 'Bol', slug }, `/admin/products/${bowlId}`);
        assert.equal(taken.statusCode, 422, slug);
        assert.match(taken.body, /Another product already uses this address/);
      }
      // Its own English slug is fine as its French one.
      const own = await staff.postWithTokenFrom(`/admin/products/${bowlId}/translations/fr`, { ...EMPTY, name: 'Bol', slug: 'bol', description: 'Un bol.' }, `/admin/products/${bowlId}`);
      assert.equal(own.statusCode, 303);
      const tooLong = await staff.postWithTokenFrom(`/admin/products/${bowlId}/translations/fr`, { ...EMPTY, name: 'x'.repeat(161) }, `/admin/products/${bowlId}`);
      assert.equal(tooLong.statusCode, 422);
      assert.equal((await db('product_translations').where({ product_id: bowlId }).first()).name, 'Bol');
    });

    test('the list filters the products missing French (no row, or an empty name, description or slug)', async () => {
      // The products of this test (the shop also sells its Plus membership as a product).
      const mine = ['Blue Mug', 'Bowl', 'Plate'];
      const names = async (url: string) =>
        [...(await staff.get(url)).body.matchAll(/<td><a href="\/admin\/products\/\d+">([^<]*)<\/a>/g)].map((m) => m[1]!).filter((n) => mine.includes(n)).sort();
      assert.deepEqual(await names('/admin/products'), ['Blue Mug', 'Bowl', 'Plate']);
      assert.deepEqual(await names('/admin/products?missing=fr'), ['Plate']);
      await db('product_translations').where({ product_id: bowlId }).update({ description: ' ' });
      assert.deepEqual(await names('/admin/products?missing=fr'), ['Bowl', 'Plate']);
      // Emptying every French field removes the row: the English shows again.
      assert.equal((await staff.postWithTokenFrom(`/admin/products/${mugId}/translations/fr`, EMPTY, `/admin/products/${mugId}`)).statusCode, 303);
      assert.equal(await db('product_translations').where({ product_id: mugId }).first(), undefined);
      assert.deepEqual(await names('/admin/products?missing=fr'), ['Blue Mug', 'Bowl', 'Plate']);
      assert.match((await t.app.inject({ url: '/fr/products/blue-mug' })).body, /<h1[^>]*>Blue Mug<\/h1>/);
    });

    test('option names and values: listed once each, saved in French, shown on the French product page', async () => {
      const page = await staff.get('/admin/options');
      assert.equal(page.statusCode, 200);
      for (const field of ['name:colour', 'name:size', 'value:Sage', 'value:Sand', 'value:Large']) assert.match(page.body, new RegExp(`name="${field}"`));
      const saved = await staff.postWithTokenFrom('/admin/options', { 'value:Sage': 'Sauge', 'value:Large': 'Grand', 'name:colour': 'Couleur', 'value:Unknown': 'x' }, '/admin/options');
      assert.equal(saved.statusCode, 303);
      const rows = await db('option_translations').where('locale', 'fr').orderBy(['kind', 'source']).select('kind', 'source', 'text');
      assert.deepEqual(rows, [{ kind: 'name', source: 'colour', text: 'Couleur' }, { kind: 'value', source: 'Large', text: 'Grand' }, { kind: 'value', source: 'Sage', text: 'Sauge' }]);
      const shop = (await t.app.inject({ url: '/fr/products/blue-mug' })).body;
      assert.match(shop, />Sauge</);
      // Untranslated values show as they are.
      assert.match(shop, />Sand</);
      const tooLong = await staff.postWithTokenFrom('/admin/options', { 'value:Sage': 'x'.repeat(121) }, '/admin/options');
      assert.equal(tooLong.statusCode, 422);
      assert.match(tooLong.body, /aria-invalid="true"/);
      // An emptied field removes the translation.
      await staff.postWithTokenFrom('/admin/options', { 'value:Large': '' }, '/admin/options');
      assert.equal(await db('option_translations').where({ locale: 'fr', source: 'Large' }).first(), undefined);
    });

    test('a shipping method takes its French name in its form; emptied, French shoppers read the English', async () => {
      const made = await admin.submit('/admin/shipping-methods/new', { code: 'next-day', name: 'Next day', nameFr: 'Livraison le lendemain', price: '9.90', position: '3', active: 'on' }, '/admin/shipping-methods');
      assert.equal(made.statusCode, 303, made.body);
      const method = await db('shipping_methods').where('code', 'next-day').first('id');
      assert.equal((await activeShippingMethods(db, 'fr')).find((m) => m.code === 'next-day')?.name, 'Livraison le lendemain');
      assert.equal((await activeShippingMethods(db, 'en')).find((m) => m.code === 'next-day')?.name, 'Next day');
      const form = await admin.get(`/admin/shipping-methods/${method.id}/edit`);
      assert.match(form.body, /name="nameFr"[^>]*value="Livraison le lendemain"|value="Livraison le lendemain"[^>]*name="nameFr"/);
      const tooLong = await admin.submit(`/admin/shipping-methods/${method.id}/edit`, { code: 'next-day', name: 'Next day', nameFr: 'x'.repeat(121), price: '9.90', position: '3', active: 'on' }, `/admin/shipping-methods/${method.id}`);
      assert.equal(tooLong.statusCode, 422);
      const emptied = await admin.submit(`/admin/shipping-methods/${method.id}/edit`, { code: 'next-day', name: 'Next day', nameFr: '', price: '9.90', position: '3', active: 'on' }, `/admin/shipping-methods/${method.id}`);
      assert.equal(emptied.statusCode, 303);
      assert.equal((await activeShippingMethods(db, 'fr')).find((m) => m.code === 'next-day')?.name, 'Next day');
    });
  });
}
