// Storefront catalog through HTTP: browsing, filters, sort, pages, product pages, search, SEO files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';

const DAY = 24 * 60 * 60 * 1000;

async function seed(t: TestApp): Promise<void> {
  const db = t.testDb.db;
  await addCategory(db, 'kitchen', 'Kitchen');
  await addCategory(db, 'cookware', 'Cookware', 'kitchen');
  await addCategory(db, 'garden', 'Garden');
  const base = Date.now() - 100 * DAY;
  await addProduct(db, 'kitchen', { slug: 'linen-apron', name: "Chef's Linen Apron", featured: true, createdAt: new Date(base + 1 * DAY), variants: [{ sku: 'EMP-KIT-0001-S', priceCents: 2500, stock: 10, options: { size: 'S' } }, { sku: 'EMP-KIT-0001-L', priceCents: 2900, stock: 2, options: { size: 'L' } }] });
  await addProduct(db, 'cookware', { slug: 'creme-brulee-ramekins', name: 'Crème Brûlée Ramekins', description: 'Set of four stoneware ramekins.', createdAt: new Date(base + 5 * DAY), variants: [{ sku: 'EMP-COO-0002', priceCents: 1800, stock: 0 }] });
  await addProduct(db, 'cookware', { slug: 'cast-iron-skillet', name: 'Cast Iron Skillet', createdAt: new Date(base + 3 * DAY), variants: [{ sku: 'EMP-COO-0003', priceCents: 4900, stock: 40 }] });
  await addProduct(db, 'kitchen', { slug: 'draft-teapot', name: 'Secret Draft Teapot', status: 'draft', variants: [{ sku: 'EMP-KIT-0004', priceCents: 3000, stock: 5 }] });
  await addProduct(db, 'kitchen', { slug: 'old-kettle', name: 'Archived Kettle', status: 'archived', variants: [{ sku: 'EMP-KIT-0005', priceCents: 3000, stock: 5 }] });
  await addProduct(db, 'garden', { slug: 'watering-can', name: 'Galvanised Watering Can', createdAt: new Date(base + 9 * DAY), variants: [{ sku: 'EMP-GAR-0006', priceCents: 3400, stock: 7 }] });
  // Enough garden products for three pages of 24.
  for (let i = 0; i < 50; i++) {
    await addProduct(db, 'garden', { slug: `plant-pot-${i}`, name: `Terracotta Plant Pot No. ${i}`, createdAt: new Date(base + (10 + i) * DAY), variants: [{ sku: `EMP-GAR-POT-${i}`, priceCents: 500 + i * 10, stock: 3 + i }], images: 0 });
  }
}

/** Product names in the order a listing shows them. */
function cardNames(html: string): string[] {
  return [...html.matchAll(/<span class="card-name">([^<]*)<\/span>/g)].map((m) => m[1].replace(/&#39;/g, "'"));
}

for (const dialect of dialects) {
  describe(`catalog pages on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
      await seed(t);
    });
    after(async () => t.close());

    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

    test('home shows featured products, categories and newest arrivals, never drafts', async () => {
      const res = await get('/');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.body, /Chef&#39;s Linen Apron/);
      assert.match(res.body, /href="\/categories\/kitchen"/);
      assert.match(res.body, /Terracotta Plant Pot No. 49/);
      assert.doesNotMatch(res.body, /Secret Draft Teapot|Archived Kettle/);
      assert.equal(res.headers['set-cookie'], undefined, 'browsing does not create a session');
    });

    test('a category lists its own and its children’s products', async () => {
      const res = await get('/categories/kitchen');
      assert.equal(res.statusCode, 200);
      const names = cardNames(res.body);
      assert.deepEqual(names.sort(), ["Cast Iron Skillet", "Chef's Linen Apron", 'Crème Brûlée Ramekins'].sort());
      assert.match(res.body, /3 products/);
    });

    test('sorts by price both ways and by name; an unknown sort falls back to featured', async () => {
      assert.deepEqual(cardNames((await get('/categories/kitchen?sort=price_asc')).body), ['Crème Brûlée Ramekins', "Chef's Linen Apron", 'Cast Iron Skillet']);
      assert.deepEqual(cardNames((await get('/categories/kitchen?sort=price_desc')).body), ['Cast Iron Skillet', "Chef's Linen Apron", 'Crème Brûlée Ramekins']);
      assert.deepEqual(cardNames((await get('/categories/kitchen?sort=name')).body), ['Cast Iron Skillet', "Chef's Linen Apron", 'Crème Brûlée Ramekins']);
      const odd = await get('/categories/kitchen?sort=%27%3Bdrop%20table');
      assert.equal(odd.statusCode, 200);
      assert.equal(cardNames(odd.body)[0], "Chef's Linen Apron");
    });

    test('filters by price range and stock, and the links keep that state', async () => {
      const res = await get('/categories/kitchen?min=20&max=30&instock=1&sort=price_asc');
      assert.deepEqual(cardNames(res.body), ["Chef's Linen Apron"]);
      assert.match(res.body, /name="min"[^>]*value="20"/);
      assert.match(res.body, /id="filter-instock"[^>]*checked/);
      assert.deepEqual(cardNames((await get('/categories/kitchen?instock=1')).body).sort(), ['Cast Iron Skillet', "Chef's Linen Apron"]);
      const garden = await get('/categories/garden?instock=1&sort=newest');
      assert.match(garden.body, /href="\/categories\/garden\?instock=1&amp;sort=newest&amp;page=2"/);
    });

    test('pages through a long category and clamps out-of-range pages', async () => {
      const page1 = await get('/categories/garden?sort=newest');
      const page3 = await get('/categories/garden?sort=newest&page=3');
      assert.equal(cardNames(page1.body).length, 24);
      assert.equal(cardNames(page3.body).length, 3);
      assert.match(page3.body, /Page 3 of 3/);
      for (const page of ['999999', '-4', 'abc', '1e9', '99999999999999999999']) {
        const res = await get(`/categories/garden?page=${page}`);
        assert.equal(res.statusCode, 200, `page=${page}`);
        assert.ok(cardNames(res.body).length > 0, `page=${page} shows products`);
      }
    });

    test('an absurd price range is answered with a message beside the field, never a 500', async () => {
      const bad = await get('/categories/kitchen?min=abc&max=1e308');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="filter-min-error"[^>]*>Enter an amount/);
      assert.match(bad.body, /id="filter-max-error"/);
      assert.match(bad.body, /value="abc"/, 'the visitor’s input is kept');
      const swapped = await get('/categories/kitchen?min=50&max=20');
      assert.equal(swapped.statusCode, 200);
      assert.match(swapped.body, /the other way round/);
      assert.deepEqual(cardNames(swapped.body).sort(), ["Chef's Linen Apron", 'Cast Iron Skillet'].sort());
      const arrays = await get('/categories/kitchen?min=1&min=2&sort=name&sort=price_asc');
      assert.equal(arrays.statusCode, 200);
    });

    test('a product page has price, variants, stock, canonical link, meta description and JSON-LD', async () => {
      const res = await get('/products/linen-apron');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Chef&#39;s Linen Apron<\/h1>/);
      assert.match(res.body, /<link rel="canonical" href="http:\/\/shop.test\/products\/linen-apron">/);
      assert.match(res.body, /<meta name="description" content="Chef&#39;s Linen Apron made with care.">/);
      assert.match(res.body, /<legend>Size<\/legend>/);
      assert.match(res.body, /type="radio"[^>]*name="options\[size\]" value="L"/, 'the choice is part of the add-to-cart form');
      assert.match(res.body, /€25.00/);
      assert.match(res.body, /Only 2 left/);
      const ld = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(res.body);
      assert.ok(ld, 'JSON-LD present');
      const data = JSON.parse(ld[1]);
      assert.equal(data['@type'], 'Product');
      assert.equal(data.offers.lowPrice, '25.00');
      assert.equal(data.offers.highPrice, '29.00');
      assert.equal(data.offers.priceCurrency, 'EUR');

      const chosen = await get('/products/linen-apron?variant=999999');
      assert.equal(chosen.statusCode, 200);
      const soldOut = await get('/products/creme-brulee-ramekins');
      assert.match(soldOut.body, /Sold out/);
    });

    test('a chosen variant shows its own price and stock', async () => {
      const page = await get('/products/linen-apron');
      const data = /<script type="application\/json" data-variant-options>([^<]*)<\/script>/.exec(page.body);
      assert.ok(data, 'the variants travel with the page for its script');
      const large = (JSON.parse(data[1]) as { id: number; options: Record<string, string> }[]).find((v) => v.options.size === 'L');
      assert.ok(large, 'the L variant is described');
      const res = await get(`/products/linen-apron?variant=${large.id}`);
      assert.match(res.body, /<div class="variant-summary" data-variant-summary>\s*<p class="product-price"><span data-price>€29.00</);
      assert.match(res.body, /value="L" checked/);
      assert.match(res.body, /<template data-variant-summary-for="\d+">[\s\S]*EMP-KIT-0001-S/, 'the other variant is kept for the script');
    });

    test('unknown, draft and archived products and unknown categories are proper 404 pages', async () => {
      for (const url of ['/products/nope', '/products/draft-teapot', '/products/old-kettle', '/categories/nope', '/no/such/page']) {
        const res = await get(url);
        assert.equal(res.statusCode, 404, url);
        assert.match(res.body, /Page not found/);
        assert.match(res.headers['content-type'] as string, /text\/html/);
      }
      const json = await get('/products/nope', { accept: 'application/json' });
      assert.equal(json.statusCode, 404);
      assert.match(json.headers['content-type'] as string, /application\/problem\+json/);
      assert.equal(json.json().status, 404);
    });

    test('search ranks name matches, matches prefixes, SKUs and words without accents', async () => {
      assert.deepEqual(cardNames((await get('/search?q=lin')).body), ["Chef's Linen Apron"]);
      assert.deepEqual(cardNames((await get('/search?q=creme+brulee')).body), ['Crème Brûlée Ramekins']);
      assert.deepEqual(cardNames((await get('/search?q=EMP-COO-0003')).body), ['Cast Iron Skillet']);
      assert.deepEqual(cardNames((await get('/search?q=stoneware')).body), ['Crème Brûlée Ramekins']);
      const pots = await get('/search?q=terracotta&sort=price_desc');
      assert.equal(cardNames(pots.body)[0], 'Terracotta Plant Pot No. 49');
      assert.match(pots.body, /50 products found/);
      assert.doesNotMatch((await get('/search?q=secret')).body, /Secret Draft Teapot/);
    });

    test('search meets plurals and singulars through word stems', async () => {
      assert.deepEqual(cardNames((await get('/search?q=aprons')).body), ["Chef's Linen Apron"]);
      assert.deepEqual(cardNames((await get('/search?q=skillets')).body), ['Cast Iron Skillet']);
      assert.deepEqual(cardNames((await get('/search?q=ramekin')).body), ['Crème Brûlée Ramekins']);
      assert.deepEqual(cardNames((await get('/search?q=linens+aprons')).body), ["Chef's Linen Apron"]);
      // French elision: "l'" and "d'" are not words of their own.
      assert.deepEqual(cardNames((await get(`/search?q=${encodeURIComponent("l'apron")}`)).body), ["Chef's Linen Apron"]);
    });

    test('search treats quotes, SQL and FTS operators as text', async () => {
      for (const q of ['"', "'", "' OR 1=1 --", 'apron" OR "x', 'NEAR(apron skillet)', 'apron*', '*', 'a AND OR NOT', '^apron', 'col:apron', '%', '\\', '(((', 'drop table products;']) {
        const res = await get(`/search?q=${encodeURIComponent(q)}`);
        assert.equal(res.statusCode, 200, q);
      }
      assert.deepEqual(cardNames((await get(`/search?q=${encodeURIComponent('"apron"')}`)).body), ["Chef's Linen Apron"]);
    });

    test('a very long query is cut to size and no result suggests something', async () => {
      const long = await get(`/search?q=${'apron '.repeat(170)}`);
      assert.equal(long.statusCode, 200);
      assert.match(long.body, /only its first 200 characters/);
      const none = await get('/search?q=zzzzqqq');
      assert.equal(none.statusCode, 200);
      assert.match(none.body, /Nothing matched/);
      assert.match(none.body, /href="\/categories\/kitchen"/);
      assert.ok(cardNames(none.body).length > 0, 'suggested products');
      const empty = await get('/search');
      assert.equal(empty.statusCode, 200);
    });

    test('sitemap.xml lists visible products and categories; robots.txt points to it', async () => {
      const sitemap = await get('/sitemap.xml');
      assert.equal(sitemap.statusCode, 200);
      assert.match(sitemap.headers['content-type'] as string, /application\/xml/);
      assert.match(sitemap.body, /<loc>http:\/\/shop.test\/products\/linen-apron<\/loc>/);
      assert.match(sitemap.body, /<loc>http:\/\/shop.test\/categories\/cookware<\/loc>/);
      assert.doesNotMatch(sitemap.body, /draft-teapot|old-kettle/);
      const robots = await get('/robots.txt');
      assert.match(robots.body, /Sitemap: http:\/\/shop.test\/sitemap.xml/);
    });
  });
}
