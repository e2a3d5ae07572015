// The read-only catalog API (/api/v1): shapes, visibility for members, pagination, ETags, errors, OpenAPI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct, imageFilesOf } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { grantMembership } from '../membership/service';
import { createApiToken } from '../accounts/api-tokens';

const DAY = 24 * 60 * 60 * 1000;

async function seed(t: TestApp): Promise<void> {
  const db = t.testDb.db;
  await addCategory(db, 'kitchen', 'Kitchen');
  await addCategory(db, 'cookware', 'Cookware', 'kitchen');
  await addCategory(db, 'garden', 'Garden');
  const base = Date.now() - 100 * DAY;
  await addProduct(db, 'kitchen', { slug: 'linen-apron', name: 'Linen Apron', featured: true, createdAt: new Date(base + DAY), variants: [{ sku: 'AP-S', priceCents: 2500, stock: 10, options: { size: 'S' } }, { sku: 'AP-L', priceCents: 2900, stock: 2, options: { size: 'L' } }] });
  await addProduct(db, 'cookware', { slug: 'cast-iron-skillet', name: 'Cast Iron Skillet', createdAt: new Date(base + 2 * DAY), variants: [{ sku: 'SK-1', priceCents: 4900, stock: 0 }] });
  await addProduct(db, 'kitchen', { slug: 'draft-teapot', name: 'Draft Teapot', status: 'draft', variants: [{ sku: 'TP-1', priceCents: 3000, stock: 5 }] });
  const early = await addProduct(db, 'kitchen', { slug: 'early-kettle', name: 'Early Kettle', createdAt: new Date(base + 3 * DAY), variants: [{ sku: 'EK-1', priceCents: 6000, stock: 5 }] });
  await db('products').where({ id: early }).update({ members_only_until: Date.now() + 10 * DAY });
  await db('variants').where({ sku: 'AP-S' }).update({ member_price_cents: 2000 });
  for (let i = 0; i < 30; i++) {
    await addProduct(db, 'garden', { slug: `pot-${i}`, name: `Plant Pot ${i}`, createdAt: new Date(base + (10 + i) * DAY), variants: [{ sku: `POT-${i}`, priceCents: 500 + i, stock: 5 }], images: 0 });
  }
}

for (const dialect of dialects) {
  describe(`catalog API on ${dialect}`, () => {
    let t: TestApp;
    let customer = '';
    let member = '';
    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      await seed(t);
      customer = await signIn(t.app, await createUser(t.testDb.db));
      const memberId = await createUser(t.testDb.db);
      await grantMembership(t.testDb.db, memberId, { days: 30, source: 'admin' });
      member = await signIn(t.app, memberId);
    });
    after(async () => t.close());

    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

    test('categories: a tree with API and HTML links', async () => {
      const res = await get('/api/v1/categories');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /application\/json/);
      const body = res.json();
      const kitchen = body.categories.find((c: { slug: string }) => c.slug === 'kitchen');
      assert.equal(kitchen.name, 'Kitchen');
      assert.deepEqual(kitchen.links, { products: '/api/v1/products?category=kitchen', html: '/categories/kitchen' });
      assert.equal(kitchen.children[0].slug, 'cookware');
      assert.deepEqual(kitchen.children[0].children, []);
    });

    test('products: cards with prices, stock, image and currency; a category includes its children', async () => {
      const res = await get('/api/v1/products?category=kitchen&sort=price_asc');
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.deepEqual(body.items.map((c: { slug: string }) => c.slug), ['linen-apron', 'cast-iron-skillet']);
      const apron = body.items[0];
      assert.equal(apron.priceCents, 2500);
      assert.equal(apron.regularPriceCents, null);
      assert.equal(apron.memberTeaserCents, 2000);
      assert.equal(apron.currency, 'EUR');
      assert.equal(apron.priceVaries, true);
      assert.deepEqual(apron.stock, { kind: 'in_stock' });
      assert.equal(apron.image.url, `/media/${(await imageFilesOf(t.testDb.db, 'linen-apron'))[0]}`);
      assert.deepEqual(apron.links, { self: '/api/v1/products/linen-apron', html: '/products/linen-apron' });
      assert.deepEqual(body.items[1].stock, { kind: 'sold_out' });
      assert.equal(body.total, 2);
      assert.deepEqual((await get('/api/v1/products?category=kitchen&instock=1')).json().items.map((c: { slug: string }) => c.slug), ['linen-apron']);
      assert.deepEqual((await get('/api/v1/products?category=kitchen&min=45&max=50')).json().items.map((c: { slug: string }) => c.slug), ['cast-iron-skillet']);
    });

    test('search by q', async () => {
      const body = (await get('/api/v1/products?q=skillet')).json();
      assert.deepEqual(body.items.map((c: { slug: string }) => c.slug), ['cast-iron-skillet']);
      assert.equal(body.links.self, '/api/v1/products?q=skillet');
    });

    test('pagination links keep the filters', async () => {
      const body = (await get('/api/v1/products?category=garden&sort=name')).json();
      assert.equal(body.page, 1);
      assert.equal(body.pageCount, 2);
      assert.equal(body.total, 30);
      assert.equal(body.items.length, 24);
      assert.deepEqual(body.links, {
        self: '/api/v1/products?category=garden&sort=name',
        next: '/api/v1/products?category=garden&sort=name&page=2',
        prev: null,
        first: '/api/v1/products?category=garden&sort=name',
        last: '/api/v1/products?category=garden&sort=name&page=2',
      });
      const second = (await get(body.links.next)).json();
      assert.equal(second.page, 2);
      assert.equal(second.items.length, 6);
      assert.equal(second.links.next, null);
      assert.equal(second.links.prev, '/api/v1/products?category=garden&sort=name');
    });

    test('product detail with variants, images and category; drafts and unknown slugs are 404 problem+json', async () => {
      const res = await get('/api/v1/products/linen-apron');
      assert.equal(res.statusCode, 200);
      const p = res.json();
      assert.equal(p.name, 'Linen Apron');
      assert.equal(p.category.slug, 'kitchen');
      assert.equal(p.images.length, 1);
      assert.equal(p.variants.length, 2);
      const [s, l] = p.variants;
      assert.equal(typeof s.id, 'number');
      assert.equal(s.sku, 'AP-S');
      assert.deepEqual(s.options, { size: 'S' });
      assert.equal(s.priceCents, 2500);
      assert.deepEqual(l.stock, { kind: 'low', left: 2 });
      for (const url of ['/api/v1/products/draft-teapot', '/api/v1/products/nope']) {
        const missing = await get(url);
        assert.equal(missing.statusCode, 404);
        assert.match(missing.headers['content-type'] as string, /application\/problem\+json/);
        assert.equal(missing.json().status, 404);
      }
    });

    test('early access: hidden from anonymous visitors and customers, shown to members', async () => {
      for (const cookie of [undefined, customer]) {
        const headers: Record<string, string> = cookie ? { cookie } : {};
        assert.equal((await get('/api/v1/products/early-kettle', headers)).statusCode, 404);
        const slugs = (await get('/api/v1/products?category=kitchen', headers)).json().items.map((c: { slug: string }) => c.slug);
        assert.ok(!slugs.includes('early-kettle'));
      }
      const res = await get('/api/v1/products/early-kettle', { cookie: member });
      assert.equal(res.statusCode, 200);
      assert.ok(res.json().membersOnlyUntil);
      const slugs = (await get('/api/v1/products?category=kitchen', { cookie: member })).json().items.map((c: { slug: string }) => c.slug);
      assert.ok(slugs.includes('early-kettle'));
    });

    test('members see member prices; others see the teaser', async () => {
      const card = (await get('/api/v1/products?category=kitchen&sort=price_asc', { cookie: member })).json().items.find((c: { slug: string }) => c.slug === 'linen-apron');
      assert.equal(card.priceCents, 2000);
      assert.equal(card.regularPriceCents, 2500);
      assert.equal(card.memberTeaserCents, null);
      const variant = (await get('/api/v1/products/linen-apron', { cookie: member })).json().variants[0];
      assert.equal(variant.priceCents, 2000);
      assert.equal(variant.regularPriceCents, 2500);
      const customerCard = (await get('/api/v1/products?category=kitchen', { cookie: customer })).json().items.find((c: { slug: string }) => c.slug === 'linen-apron');
      assert.equal(customerCard.priceCents, 2500);
    });

    test('ETag and If-None-Match give 304', async () => {
      for (const url of ['/api/v1/categories', '/api/v1/products?category=kitchen', '/api/v1/products/linen-apron']) {
        const first = await get(url);
        const etag = first.headers.etag as string;
        assert.match(etag, /^W\/"/);
        const again = await get(url, { 'if-none-match': etag });
        assert.equal(again.statusCode, 304, url);
        assert.equal(again.body, '');
        assert.equal((await get(url, { 'if-none-match': 'W/"other"' })).statusCode, 200);
      }
      assert.match(String((await get('/api/v1/categories')).headers.vary), /Cookie.*Authorization/);
      // Members see other content, so another ETag.
      const anon = (await get('/api/v1/products/linen-apron')).headers.etag;
      const mem = (await get('/api/v1/products/linen-apron', { cookie: member })).headers.etag;
      assert.notEqual(anon, mem);
    });

    test('a member’s token shows member prices and early access; a bad token is 401, never anonymous', async () => {
      const memberId = await createUser(t.testDb.db);
      await grantMembership(t.testDb.db, memberId, { days: 30, source: 'admin' });
      const { token } = await createApiToken(t.testDb.db, memberId, 'app');
      const auth = { authorization: `Bearer ${token}` };
      assert.equal((await get('/api/v1/products/early-kettle', auth)).statusCode, 200);
      assert.equal((await get('/api/v1/products/linen-apron', auth)).json().variants[0].priceCents, 2000);
      for (const url of ['/api/v1/categories', '/api/v1/products', '/api/v1/products/linen-apron']) {
        const res = await get(url, { authorization: 'Bearer emp_not-a-token' });
        assert.equal(res.statusCode, 401, url);
        assert.equal(res.json().code, 'error.invalidToken');
      }
    });

    test('bad input gives 400 problem+json with errors', async () => {
      for (const [url, field] of [
        ['/api/v1/products?min=abc', 'min'],
        ['/api/v1/products?page=abc', 'page'],
        ['/api/v1/products?sort=bogus', 'sort'],
        ['/api/v1/products?category=nope', 'category'],
      ] as const) {
        const res = await get(url);
        assert.equal(res.statusCode, 400, url);
        assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
        const body = res.json();
        assert.equal(body.status, 400);
        assert.ok(body.errors && typeof body.errors[field] === 'string', `${url}: ${res.body}`);
      }
    });

    test('OpenAPI document lists the API and no HTML routes; docs page answers', async () => {
      const res = await get('/api/openapi.json');
      assert.equal(res.statusCode, 200);
      const doc = JSON.parse(res.body);
      assert.match(doc.openapi, /^3\./);
      const paths = Object.keys(doc.paths);
      for (const p of ['/api/v1/categories', '/api/v1/products', '/api/v1/products/{slug}']) assert.ok(paths.includes(p), p);
      assert.deepEqual(paths.filter((p) => !p.startsWith('/api/')), []);
      const docs = await get('/api/docs');
      assert.ok([200, 302].includes(docs.statusCode));
      const page = docs.statusCode === 302 ? await get(docs.headers.location as string) : docs;
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /swagger-ui/);
    });
  });
}
