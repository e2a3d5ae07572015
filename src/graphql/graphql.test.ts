// GraphQL catalog: shapes, audience rules (early access, member prices), limits, CSRF and batching.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct, imageFilesOf } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { grantMembership } from '../membership/service';

const DAY = 24 * 60 * 60 * 1000;

function extend(app: FastifyInstance): void {
  addTestSignIn(app);
  app.get('/test/csrf-token', async (_request, reply) => ({ token: await reply.generateCsrf() }));
}

for (const dialect of dialects) {
  describe(`graphql catalog on ${dialect}`, () => {
    let t: TestApp;
    let memberCookie = '';
    let customerCookie = '';
    before(async () => {
      t = await createTestApp(dialect, {}, extend);
      const db = t.testDb.db;
      await addCategory(db, 'kitchen', 'Kitchen');
      await addCategory(db, 'cookware', 'Cookware', 'kitchen');
      await addCategory(db, 'garden', 'Garden');
      const base = Date.now() - 100 * DAY;
      await addProduct(db, 'kitchen', { slug: 'linen-apron', name: 'Linen Apron', featured: true, createdAt: new Date(base), images: 2, variants: [{ sku: 'APR-S', priceCents: 2500, stock: 10, options: { size: 'S' } }, { sku: 'APR-L', priceCents: 2900, stock: 2, options: { size: 'L' } }] });
      await db('variants').where({ sku: 'APR-S' }).update({ member_price_cents: 2000 });
      await addProduct(db, 'cookware', { slug: 'skillet', name: 'Cast Iron Skillet', createdAt: new Date(base + DAY), variants: [{ sku: 'SKL', priceCents: 4900, stock: 0 }] });
      await addProduct(db, 'kitchen', { slug: 'secret-teapot', name: 'Early Teapot', createdAt: new Date(base + 2 * DAY), variants: [{ sku: 'TEA', priceCents: 3000, stock: 5 }] });
      await db('products').where({ slug: 'secret-teapot' }).update({ members_only_until: Date.now() + 10 * DAY });
      await addProduct(db, 'kitchen', { slug: 'draft-thing', name: 'Draft Thing', status: 'draft', variants: [{ sku: 'DRF', priceCents: 100, stock: 5 }] });
      for (let i = 0; i < 45; i++) {
        await addProduct(db, 'garden', { slug: `pot-${i}`, name: `Plant Pot ${i}`, createdAt: new Date(base + (10 + i) * DAY), images: 1 + (i % 2), variants: [{ sku: `POT-${i}-A`, priceCents: 500 + i, stock: 5 }, { sku: `POT-${i}-B`, priceCents: 600 + i, stock: 1 }] });
      }
      const member = await createUser(db);
      await grantMembership(db, member, { days: 30, source: 'admin' });
      memberCookie = await signIn(t.app, member);
      customerCookie = await signIn(t.app, await createUser(db));
    });
    after(async () => t.close());

    const post = (query: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url: '/graphql', payload: { query }, headers });
    const get = (query: string, cookie?: string) => t.app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(query)}`, headers: cookie ? { cookie } : {} });

    async function countingQueries<T>(fn: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
      const sql: string[] = [];
      const listener = (q: { sql: string }) => sql.push(q.sql);
      t.testDb.db.on('query', listener);
      try {
        return { result: await fn(), sql };
      } finally {
        t.testDb.db.removeListener('query', listener);
      }
    }

    test('products: a connection with cursors, filters and the product shape', async () => {
      const res = await post(`{ products(category: "kitchen", sort: PRICE_ASC, first: 1) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { slug name description currency priceCents regularPriceCents memberTeaserCents stock { state left }
          images { url alt width height } variants { id sku options { name value } label priceCents stock { state left } } category { slug name } } } } }`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.errors, undefined);
      const conn = body.data.products;
      assert.equal(conn.totalCount, 2, 'kitchen and its child, no draft, no early access');
      assert.equal(conn.pageInfo.hasNextPage, true);
      const node = conn.edges[0].node;
      assert.equal(node.slug, 'linen-apron');
      assert.equal(node.description, 'Linen Apron made with care.');
      assert.equal(node.priceCents, 2500);
      assert.equal(node.regularPriceCents, null);
      assert.equal(node.memberTeaserCents, 2000);
      assert.deepEqual(node.stock, { state: 'IN_STOCK', left: null });
      assert.equal(node.images.length, 2);
      const [firstFile] = await imageFilesOf(t.testDb.db, 'linen-apron');
      assert.deepEqual(node.images[0], { url: `/media/${firstFile}`, alt: 'Linen Apron, view 1', width: 800, height: 800 });
      assert.deepEqual(node.variants.map((v: { sku: string }) => v.sku), ['APR-S', 'APR-L']);
      assert.deepEqual(node.variants[0].options, [{ name: 'size', value: 'S' }]);
      assert.deepEqual(node.variants[1].stock, { state: 'LOW', left: 2 });
      assert.deepEqual(node.category, { slug: 'kitchen', name: 'Kitchen' });

      const next = (await post(`{ products(category: "kitchen", sort: PRICE_ASC, first: 1, after: "${conn.pageInfo.endCursor}") { pageInfo { hasNextPage } edges { node { slug stock { state } } } } }`)).json();
      assert.deepEqual(next.data.products.edges.map((e: { node: { slug: string } }) => e.node.slug), ['skillet']);
      assert.equal(next.data.products.edges[0].node.stock.state, 'SOLD_OUT');
      assert.equal(next.data.products.pageInfo.hasNextPage, false);

      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: { products: { edges: { node: { slug: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } = (await post(`{ products(category: "garden", sort: NAME, first: 20${cursor ? `, after: "${cursor}"` : ''}) { edges { node { slug } } pageInfo { hasNextPage endCursor } } }`)).json();
        all.push(...page.data.products.edges.map((e) => e.node.slug));
        cursor = page.data.products.pageInfo.hasNextPage ? page.data.products.pageInfo.endCursor : null;
      } while (cursor);
      assert.equal(all.length, 45);
      assert.equal(new Set(all).size, 45);

      const filtered = (await post('{ cookware: products(category: "cookware", minPriceCents: 4000) { totalCount } inStock: products(category: "cookware", minPriceCents: 4000, inStockOnly: true) { totalCount } cheap: products(category: "kitchen", maxPriceCents: 2600) { totalCount } }')).json();
      assert.equal(filtered.data.cookware.totalCount, 1);
      assert.equal(filtered.data.inStock.totalCount, 0, 'the skillet is sold out');
      assert.equal(filtered.data.cheap.totalCount, 1);
      const search = (await post('{ products(search: "skillet") { edges { node { slug } } } }')).json();
      assert.deepEqual(search.data.products.edges.map((e: { node: { slug: string } }) => e.node.slug), ['skillet']);
    });

    test('product(slug) and categories', async () => {
      const res = (await post('{ product(slug: "linen-apron") { slug name priceCents memberTeaserCents variants { sku priceCents memberTeaserCents } images { url } category { slug } } draft: product(slug: "draft-thing") { slug } }')).json();
      assert.equal(res.errors, undefined);
      assert.equal(res.data.product.name, 'Linen Apron');
      assert.equal(res.data.product.memberTeaserCents, 2000);
      assert.deepEqual(res.data.product.variants, [{ sku: 'APR-S', priceCents: 2500, memberTeaserCents: 2000 }, { sku: 'APR-L', priceCents: 2900, memberTeaserCents: null }]);
      assert.equal(res.data.product.images.length, 2);
      assert.equal(res.data.draft, null);
      const odd = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query: 'query($s: String!) { product(slug: $s) { slug } }', variables: { s: 'linen\u0001apron' } } });
      assert.deepEqual(odd.json(), { data: { product: null } });
      const cats = (await post('{ categories { slug children { slug products { totalCount } } products(first: 2) { totalCount edges { node { slug } } } } }')).json();
      assert.deepEqual(cats.data.categories.map((c: { slug: string }) => c.slug).sort(), ['garden', 'kitchen']);
      const kitchen = cats.data.categories.find((c: { slug: string }) => c.slug === 'kitchen');
      assert.deepEqual(kitchen.children, [{ slug: 'cookware', products: { totalCount: 1 } }]);
      assert.equal(kitchen.products.totalCount, 2);
    });

    test('early access products are for members only; member prices only for members', async () => {
      const q = '{ product(slug: "secret-teapot") { slug } products(category: "kitchen") { totalCount } apron: product(slug: "linen-apron") { priceCents regularPriceCents memberTeaserCents variants { sku priceCents regularPriceCents } } }';
      for (const cookie of [undefined, customerCookie]) {
        const res = (await get(q, cookie)).json();
        assert.equal(res.data.product, null);
        assert.equal(res.data.products.totalCount, 2);
        assert.equal(res.data.apron.priceCents, 2500);
        assert.equal(res.data.apron.regularPriceCents, null);
      }
      const res = (await get(q, memberCookie)).json();
      assert.equal(res.errors, undefined);
      assert.deepEqual(res.data.product, { slug: 'secret-teapot' });
      assert.equal(res.data.products.totalCount, 3);
      assert.deepEqual(res.data.apron, { priceCents: 2000, regularPriceCents: 2500, memberTeaserCents: null, variants: [{ sku: 'APR-S', priceCents: 2000, regularPriceCents: 2500 }, { sku: 'APR-L', priceCents: 2900, regularPriceCents: null }] });
      const list = (await get('{ products(category: "kitchen", sort: PRICE_ASC, first: 1) { edges { node { priceCents regularPriceCents } } } }', memberCookie)).json();
      assert.deepEqual(list.data.products.edges[0].node, { priceCents: 2000, regularPriceCents: 2500 });
    });

    test('CSRF: anonymous JSON POST works; with a session cookie the x-csrf-token header is required; cross-site refused', async () => {
      assert.equal((await post('{ categories { slug } }')).statusCode, 200);
      assert.equal((await post('{ categories { slug } }', { origin: 'https://evil.example' })).statusCode, 403);
      assert.equal((await post('{ categories { slug } }', { cookie: memberCookie })).statusCode, 403);
      const { token } = (await t.app.inject({ method: 'GET', url: '/test/csrf-token', headers: { cookie: memberCookie } })).json();
      const ok = await post('{ product(slug: "secret-teapot") { slug } }', { cookie: memberCookie, 'x-csrf-token': token });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json().data.product, { slug: 'secret-teapot' });
    });

    test('too deep queries and alias floods are refused before any resolver runs', async () => {
      const deep = '{ categories { children { children { children { children { children { children { children { children { slug } } } } } } } } } }';
      const aliases = `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: products { totalCount }`).join(' ')} }`;
      const wide = `{ products { edges { node { ${Array.from({ length: 250 }, () => 'name').join(' ')} } } } }`;
      for (const query of [deep, aliases, wide]) {
        const { result: res, sql } = await countingQueries(() => post(query));
        const body = res.json();
        assert.ok(Array.isArray(body.errors) && body.errors.length > 0, res.body);
        assert.equal(body.data ?? null, null);
        assert.deepEqual(sql, [], 'no SQL ran');
        assert.doesNotMatch(res.body, /at .*\.(ts|js):\d+/, 'no stack trace');
      }
    });

    test('variants and images are batched: the query count of a page does not grow with its size', async () => {
      const page = (first: number) => `{ products(category: "garden", first: ${first}) { edges { node { name variants { sku } images { url } } } } }`;
      const counts: number[] = [];
      for (const first of [2, 20]) {
        const { result: res, sql } = await countingQueries(() => post(page(first)));
        const body = res.json();
        assert.equal(body.errors, undefined);
        assert.equal(body.data.products.edges.length, first);
        assert.equal(body.data.products.edges[0].node.variants.length, 2);
        assert.ok(body.data.products.edges[0].node.images.length >= 1);
        counts.push(sql.length);
      }
      console.log(`# ${dialect}: SQL queries for a 2-product page: ${counts[0]}, for a 20-product page: ${counts[1]}`);
      assert.equal(counts[0], counts[1]);
      assert.ok(counts[1] <= 6, `${counts[1]} queries`);
    });

    test('locale: a root field names the language of the operation, else Accept-Language; Content-Language says which', async () => {
      const tooMany = '{ products(first: 1000, locale: FR) { totalCount } }';
      const french = await post(tooMany, { 'accept-language': 'en' });
      assert.equal(french.headers['content-language'], 'fr');
      assert.equal(french.json().errors[0].extensions.code, 'BAD_USER_INPUT');
      assert.equal(french.json().errors[0].message, 'Demandez de 1 à 100 éléments à la fois.');
      const english = await post('{ products(first: 1000, locale: EN) { totalCount } }', { 'accept-language': 'fr' });
      assert.equal(english.headers['content-language'], 'en');
      assert.equal(english.json().errors[0].message, 'Ask for 1 to 100 at a time.');
      // Without the argument: Accept-Language (a query by GET too).
      const byHeader = await post('{ products(first: 1000) { totalCount } }', { 'accept-language': 'fr-BE, fr;q=0.9' });
      assert.equal(byHeader.headers['content-language'], 'fr');
      assert.match(byHeader.json().errors[0].message, /^Demandez/);
      const byGet = await get('{ categories(locale: FR) { slug } }');
      assert.equal(byGet.statusCode, 200);
      assert.equal(byGet.headers['content-language'], 'fr');
      assert.deepEqual(byGet.json().data.categories.map((c: { slug: string }) => c.slug).sort(), ['garden', 'kitchen']);
      // As a variable.
      const withVariable = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query: 'query ($l: Locale) { products(first: 0, locale: $l) { totalCount } }', variables: { l: 'FR' } } });
      assert.equal(withVariable.headers['content-language'], 'fr');
      assert.match(withVariable.json().errors[0].message, /^Demandez/);
      // An unknown language is the schema's refusal; two languages in one operation are refused before anything runs.
      const unknown = await post('{ categories(locale: DE) { slug } }');
      assert.equal(unknown.statusCode, 400);
      assert.ok(unknown.json().errors.length > 0);
      const both = await post('{ a: categories(locale: EN) { slug } b: categories(locale: FR) { slug } }', { 'accept-language': 'fr' });
      const bothErrors = both.json().errors;
      assert.equal(bothErrors[0].extensions.code, 'BAD_USER_INPUT');
      assert.match(bothErrors[0].message, /une seule langue/);
      assert.equal(both.json().data ?? null, null);
    });
  });
}

describe('graphql in production', () => {
  test('introspection and GraphiQL are off', async () => {
    const t = await createTestApp('sqlite', { env: 'production' });
    try {
      const res = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __schema { types { name } } }' } });
      const body = res.json();
      assert.equal(body.data ?? null, null);
      assert.match(body.errors[0].message, /introspection has been disabled/);
      assert.equal((await t.app.inject({ method: 'GET', url: '/graphiql' })).statusCode, 404);
      const ok = (await t.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ categories { slug } }' } })).json();
      assert.deepEqual(ok, { data: { categories: [] } });
    } finally {
      await t.close();
    }
  });
});
