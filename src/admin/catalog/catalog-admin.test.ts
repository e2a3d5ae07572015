// Back-office catalog: guards, products and variants written by staff reach the storefront at once, stock goes through the ledger.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../../test-support/databases';
import { createTestApp, type TestApp } from '../../test-support/test-app';
import { addTestSignIn, createUser, signIn } from '../../test-support/sign-in';
import { Shopper } from '../../test-support/shopper';
import { addCategory, addProduct } from '../../test-support/catalog-fixtures';
import { ledgerTotal } from '../../inventory/service';
import { parseOptionLines, slugify } from './service';
import { parseDayInput } from '../../lib/form-input';

const PRODUCT = { name: 'Linen Apron', slug: '', description: 'A sturdy apron.', categoryId: '', status: 'active', membersOnlyUntil: '' };

test('slugs, option lines and dates parse as a clerk types them', () => {
  assert.equal(slugify('  Crème Brûlée Dish — Large! '), 'creme-brulee-dish-large');
  assert.deepEqual(parseOptionLines('Size: M\n\ncolour : Blue \r\n'), { Size: 'M', colour: 'Blue' });
  assert.equal(parseOptionLines('Size M'), null);
  assert.equal(parseDayInput('2030-02-01'), Date.UTC(2030, 1, 1));
  // The shared day parser answers null (it answered undefined when the catalog had its own copy).
  assert.equal(parseDayInput('2030-02-30'), null);
});

for (const dialect of dialects) {
  describe(`back-office catalog on ${dialect}`, () => {
    let t: TestApp;
    let db: TestApp['testDb']['db'];
    let staff: Shopper;
    let customer: Shopper;
    let categoryId: number;
    let mugId: number;
    let mugVariantId: number;

    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      db = t.testDb.db;
      categoryId = await addCategory(db, 'kitchen', 'Kitchen');
      mugId = await addProduct(db, 'kitchen', { slug: 'blue-mug', name: 'Blue Mug', variants: [{ sku: 'MUG-BLUE', priceCents: 1200, stock: 4 }] });
      mugVariantId = Number((await db('variants').where('sku', 'MUG-BLUE').first('id')).id);
      staff = new Shopper(t.app).useSession(await signIn(t.app, await createUser(db, 'staff')));
      customer = new Shopper(t.app).useSession(await signIn(t.app, await createUser(db, 'customer')));
    });
    after(async () => t.close());

    test('anonymous visitors are sent to log in, customers get 403, on every route', async () => {
      const gets = ['/admin/products', '/admin/products/new', `/admin/products/${mugId}`];
      const posts = ['/admin/products/new', `/admin/products/${mugId}`, `/admin/products/${mugId}/archive`, `/admin/products/${mugId}/variants`, `/admin/variants/${mugVariantId}`, `/admin/variants/${mugVariantId}/stock`];
      const anonymous = new Shopper(t.app);
      for (const url of gets) {
        const res = await anonymous.get(url);
        assert.equal(res.statusCode, 303, url);
        assert.equal(res.headers.location, `/account/login?return=${encodeURIComponent(url)}`);
        assert.equal((await customer.get(url)).statusCode, 403, url);
      }
      // With a valid CSRF token, so it is the role guard that answers.
      for (const url of posts) {
        const res = await anonymous.postWithTokenFrom(url, { name: 'x', change: '5', reason: 'received' }, '/account/login');
        assert.equal(res.statusCode, 303, url);
        assert.match(res.headers.location as string, /^\/account\/login/);
        assert.equal((await customer.postWithTokenFrom(url, { name: 'x', change: '5', reason: 'received' }, '/account/profile')).statusCode, 403, url);
      }
      // Nothing they posted changed anything.
      assert.equal(await ledgerTotal(db, mugVariantId), 0);
      assert.equal((await db('products').where('id', mugId).first('status')).status, 'active');
      assert.equal((await db('audit_log').count({ n: '*' }).first())!.n, dialect === 'pg' ? '0' : 0);
    });

    test('staff create a product with a variant and shoppers see it at once', async () => {
      // Warm the storefront caches first, so only invalidation can make the new product show.
      assert.doesNotMatch((await t.app.inject({ url: '/categories/kitchen' })).body, /Linen Apron/);
      assert.equal((await t.app.inject({ url: '/products/linen-apron' })).statusCode, 404);

      const created = await staff.postWithTokenFrom('/admin/products/new', { ...PRODUCT, categoryId: String(categoryId) }, '/admin/products/new');
      assert.equal(created.statusCode, 303);
      const id = Number(/^\/admin\/products\/(\d+)$/.exec(created.headers.location as string)![1]);
      const product = await db('products').where('id', id).first();
      assert.equal(product.slug, 'linen-apron');
      assert.equal(product.members_only_until, null);

      const page = await staff.get(`/admin/products/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Product created/);

      const variant = await staff.postWithTokenFrom(`/admin/products/${id}/variants`, { sku: 'APRON-NAT', options: 'Colour: Natural', price: '24.50', memberPrice: '22', stock: '7' }, `/admin/products/${id}`);
      assert.equal(variant.statusCode, 303);
      const row = await db('variants').where('sku', 'APRON-NAT').first();
      assert.equal(Number(row.price_cents), 2450);
      assert.equal(Number(row.member_price_cents), 2200);
      assert.equal(Number(row.stock), 7);
      assert.deepEqual(JSON.parse(row.options), { Colour: 'Natural' });
      // The starting stock is in the ledger too.
      assert.equal(await ledgerTotal(db, Number(row.id)), 7);

      const shop = await t.app.inject({ url: '/products/linen-apron' });
      assert.equal(shop.statusCode, 200);
      assert.match(shop.body, /Linen Apron/);
      assert.match((await t.app.inject({ url: '/categories/kitchen' })).body, /Linen Apron/);
      // Search finds it by SKU in the back office.
      const list = await staff.get('/admin/products?q=apron-nat');
      assert.match(list.body, /Linen Apron/);
      assert.doesNotMatch(list.body, /Blue Mug/);
    });

    test('a taken SKU, a bad price or a taken slug re-render the form with 422, input kept', async () => {
      const dup = await staff.postWithTokenFrom(`/admin/products/${mugId}/variants`, { sku: 'MUG-BLUE', options: '', price: '12.50', memberPrice: '', stock: '1' }, `/admin/products/${mugId}`);
      assert.equal(dup.statusCode, 422);
      assert.match(dup.body, /Another variant already has this SKU/);

      const bad = await staff.postWithTokenFrom(`/admin/products/${mugId}/variants`, { sku: 'MUG-RED', options: 'Colour: Red', price: '12.5.0', memberPrice: 'cheap', stock: '1' }, `/admin/products/${mugId}`);
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /Enter an amount such as 12.50/);
      assert.match(bad.body, /value="12.5.0"/);
      assert.match(bad.body, /value="cheap"/);
      assert.equal(await db('variants').where('sku', 'MUG-RED').first(), undefined);

      const editDup = await staff.postWithTokenFrom(`/admin/variants/${mugVariantId}`, { sku: 'apron-nat', options: '', price: '12', memberPrice: '' }, `/admin/products/${mugId}`);
      assert.equal(editDup.statusCode, 422);
      assert.match(editDup.body, /Another variant already has this SKU/);

      const slug = await staff.postWithTokenFrom('/admin/products/new', { ...PRODUCT, name: 'Another', slug: 'blue-mug' }, '/admin/products/new');
      assert.equal(slug.statusCode, 422);
      assert.match(slug.body, /Another product already uses this address/);
      assert.match(slug.body, /value="Another"/);

      const noName = await staff.postWithTokenFrom('/admin/products/new', { ...PRODUCT, name: '', membersOnlyUntil: '2030-13-01' }, '/admin/products/new');
      assert.equal(noName.statusCode, 422);
      assert.match(noName.body, /Enter the product’s name/);
      assert.match(noName.body, /Enter a date as YYYY-MM-DD/);
    });

    test('editing a product saves early access and a variant price; both reach the storefront', async () => {
      const res = await staff.postWithTokenFrom(`/admin/products/${mugId}`, { name: 'Blue Mug', slug: 'blue-mug', description: 'Glazed.', categoryId: String(categoryId), status: 'active', membersOnlyUntil: '2999-01-01' }, `/admin/products/${mugId}`);
      assert.equal(res.statusCode, 303);
      assert.equal(Number((await db('products').where('id', mugId).first()).members_only_until), Date.UTC(2999, 0, 1));
      // Early access: shoppers without Plus no longer see it.
      assert.equal((await t.app.inject({ url: '/products/blue-mug' })).statusCode, 404);
      await staff.postWithTokenFrom(`/admin/products/${mugId}`, { name: 'Blue Mug', slug: 'blue-mug', description: 'Glazed.', categoryId: String(categoryId), status: 'active', membersOnlyUntil: '' }, `/admin/products/${mugId}`);
      const edit = await staff.postWithTokenFrom(`/admin/variants/${mugVariantId}`, { sku: 'MUG-BLUE', options: 'Size: Large', price: '13.75', memberPrice: '' }, `/admin/products/${mugId}`);
      assert.equal(edit.statusCode, 303);
      assert.match((await t.app.inject({ url: '/products/blue-mug' })).body, /13\.75/);
    });

    test('a variant shows one of its product’s photos, chosen in the back office; another product’s photo is refused', async () => {
      const tee = await addProduct(db, 'kitchen', { slug: 'tee', name: 'Tee', images: 2, variants: [{ sku: 'TEE-SAND', priceCents: 2000, stock: 3, options: { colour: 'Sand' } }, { sku: 'TEE-SAGE', priceCents: 2000, stock: 3, options: { colour: 'Sage' } }] });
      const [, sagePhoto] = (await db('product_images').where('product_id', tee).orderBy('position').select('id')).map((r) => Number(r.id));
      const sage = Number((await db('variants').where('sku', 'TEE-SAGE').first('id')).id);
      const page = await staff.get(`/admin/products/${tee}`);
      assert.match(page.body, /<label for="variant-\d+-image">Photo/);
      assert.match(page.body, /<option value="">The product’s first photo<\/option>/);
      const saved = await staff.postWithTokenFrom(`/admin/variants/${sage}`, { sku: 'TEE-SAGE', options: 'colour: Sage', price: '20', memberPrice: '', image: String(sagePhoto) }, `/admin/products/${tee}`);
      assert.equal(saved.statusCode, 303);
      assert.equal(Number((await db('variants').where('id', sage).first('image_id')).image_id), sagePhoto);
      assert.match((await staff.get(`/admin/products/${tee}`)).body, new RegExp(`<option value="${sagePhoto}" selected>2\\.`));
      const mugPhoto = Number((await db('product_images').where('product_id', mugId).first('id')).id);
      const foreign = await staff.postWithTokenFrom(`/admin/variants/${sage}`, { sku: 'TEE-SAGE', options: 'colour: Sage', price: '20', memberPrice: '', image: String(mugPhoto) }, `/admin/products/${tee}`);
      assert.equal(foreign.statusCode, 422);
      assert.match(foreign.body, /Choose one of this product’s photos/);
      assert.equal(Number((await db('variants').where('id', sage).first('image_id')).image_id), sagePhoto, 'unchanged');
      const cleared = await staff.postWithTokenFrom(`/admin/variants/${sage}`, { sku: 'TEE-SAGE', options: 'colour: Sage', price: '20', memberPrice: '', image: '' }, `/admin/products/${tee}`);
      assert.equal(cleared.statusCode, 303);
      assert.equal((await db('variants').where('id', sage).first('image_id')).image_id, null);
    });

    test('a stock adjustment writes a ledger row; the ledger explains the stock; going below zero is refused', async () => {
      const v = () => db('variants').where('id', mugVariantId).first();
      const startStock = Number((await v()).stock);
      const received = await staff.postWithTokenFrom(`/admin/variants/${mugVariantId}/stock`, { change: '+6', reason: 'received', note: 'Delivery 42' }, `/admin/products/${mugId}`);
      assert.equal(received.statusCode, 303);
      const damaged = await staff.postWithTokenFrom(`/admin/variants/${mugVariantId}/stock`, { change: '-2', reason: 'damaged', note: '' }, `/admin/products/${mugId}`);
      assert.equal(damaged.statusCode, 303);
      assert.equal(Number((await v()).stock), startStock + 4);
      const rows = await db('inventory_ledger').where('variant_id', mugVariantId).orderBy('id');
      assert.deepEqual(
        rows.slice(-2).map((r) => [Number(r.change), r.reason, r.note]),
        [
          [6, 'received', 'Delivery 42'],
          [-2, 'damaged', ''],
        ],
      );
      // The fixture's stock predates the ledger; everything since is explained by it.
      assert.equal((await ledgerTotal(db, mugVariantId)) + startStock, Number((await v()).stock));

      const tooMany = await staff.postWithTokenFrom(`/admin/variants/${mugVariantId}/stock`, { change: '-1000', reason: 'correction', note: '' }, `/admin/products/${mugId}`);
      assert.equal(tooMany.statusCode, 422);
      assert.match(tooMany.body, /Stock cannot go below zero/);
      assert.match(tooMany.body, /value="-1000"/);
      const zero = await staff.postWithTokenFrom(`/admin/variants/${mugVariantId}/stock`, { change: '0', reason: 'stolen', note: '' }, `/admin/products/${mugId}`);
      assert.equal(zero.statusCode, 422);
      assert.match(zero.body, /Enter a whole number other than 0/);
      assert.match(zero.body, /Choose a reason from the list/);
      assert.equal(Number((await v()).stock), startStock + 4);

      const page = await staff.get(`/admin/products/${mugId}`);
      assert.match(page.body, /Delivery 42/);
      assert.match(page.body, /Damaged/);

      // A product created here has a ledger from the start, so its sum is exactly the stock.
      const apron = await db('variants').where('sku', 'APRON-NAT').first();
      await staff.postWithTokenFrom(`/admin/variants/${apron.id}/stock`, { change: '-3', reason: 'correction', note: 'Counted' }, '/admin/products');
      assert.equal(await ledgerTotal(db, Number(apron.id)), Number((await db('variants').where('id', apron.id).first()).stock));
      assert.equal(await ledgerTotal(db, Number(apron.id)), 4);
    });

    test('archiving hides the product from the storefront; the list filters by status', async () => {
      const id = Number((await db('products').where('slug', 'linen-apron').first('id')).id);
      assert.equal((await t.app.inject({ url: '/products/linen-apron' })).statusCode, 200);
      const res = await staff.postWithTokenFrom(`/admin/products/${id}/archive`, {}, `/admin/products/${id}`);
      assert.equal(res.statusCode, 303);
      assert.equal((await t.app.inject({ url: '/products/linen-apron' })).statusCode, 404);
      assert.doesNotMatch((await t.app.inject({ url: '/categories/kitchen' })).body, /Linen Apron/);
      const archived = await staff.get('/admin/products?status=archived');
      assert.match(archived.body, /Linen Apron/);
      assert.doesNotMatch(archived.body, /Blue Mug/);
      assert.match((await staff.get('/admin/products?status=active&q=blue')).body, /Blue Mug/);
    });

    test('the list pages through many products', async () => {
      for (let i = 0; i < 21; i++) await addProduct(db, null, { slug: `filler-${i}`, name: `Filler ${i}`, status: 'draft', variants: [{ sku: `FILL-${i}`, priceCents: 100, stock: 0 }], images: 0 });
      const first = await staff.get('/admin/products?status=draft');
      assert.match(first.body, /21 products/);
      assert.match(first.body, /href="\/admin\/products\?status=draft&amp;page=2"/);
      const second = await staff.get('/admin/products?status=draft&page=2');
      assert.equal((second.body.match(/Filler \d+/g) ?? []).length, 1);
      assert.equal((await staff.get('/admin/products?page=999')).statusCode, 200);
    });

    test('every change is in the audit log with who made it', async () => {
      const rows = await db('audit_log').whereIn('entity_type', ['product', 'variant']).orderBy('id');
      const actions = new Set(rows.map((r) => r.action));
      for (const a of ['product.create', 'product.update', 'product.archive', 'variant.create', 'variant.update', 'variant.stock']) assert.ok(actions.has(a), a);
      assert.ok(rows.every((r) => r.actor_email.includes('@')));
      const stock = rows.find((r) => r.action === 'variant.stock');
      assert.deepEqual(JSON.parse(stock.after).reason, 'received');
    });

    test('unknown ids are 404', async () => {
      assert.equal((await staff.get('/admin/products/999999')).statusCode, 404);
      assert.equal((await staff.get('/admin/products/abc')).statusCode, 404);
      assert.equal((await staff.postWithTokenFrom('/admin/variants/999999/stock', { change: '1', reason: 'received' }, '/admin/products')).statusCode, 404);
    });
  });
}
