// Catalogue content in French: translated names, descriptions, slugs, options and shipping methods, with the
// English text wherever a translation is missing, and caches kept apart per language.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { categoryIdBySlug, categorySlugs, productIdBySlug, productSlugs } from './translations';
import { activeShippingMethods, ensureDefaultCheckoutSettings } from '../orders/settings';
import { variantsForSale } from './service';
import { plusVariantId } from '../membership/plus-product';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function cardNames(html: string): string[] {
  return [...html.matchAll(/<span class="card-name">([^<]*)<\/span>/g)].map((m) => m[1]!);
}

for (const dialect of dialects) {
  describe(`translated catalogue content on ${dialect}`, () => {
    let t: TestApp;
    let apronId: number;
    let skilletId: number;
    let kitchenId: number;
    before(async () => {
      t = await createTestApp(dialect);
      const db = t.testDb.db;
      kitchenId = await addCategory(db, 'kitchen', 'Kitchen');
      await addCategory(db, 'cookware', 'Cookware', 'kitchen');
      apronId = await addProduct(db, 'kitchen', {
        slug: 'linen-apron',
        name: 'Washed Linen Apron',
        description: 'A full-length apron in washed linen.',
        variants: [
          { sku: 'APR-SAG', priceCents: 3900, stock: 10, options: { colour: 'Sage' } },
          { sku: 'APR-SND', priceCents: 3900, stock: 10, options: { colour: 'Sand' } },
        ],
      });
      skilletId = await addProduct(db, 'cookware', { slug: 'cast-iron-skillet', name: 'Cast Iron Skillet', description: 'Sears steak.', variants: [{ sku: 'SKL-1', priceCents: 4900, stock: 4 }] });
      await db('category_translations').insert({ category_id: kitchenId, locale: 'fr', name: 'Cuisine', description: 'Des outils solides pour cuisiner.', slug: 'cuisine' });
      await db('product_translations').insert({ product_id: apronId, locale: 'fr', name: 'Tablier en lin lavé', description: 'Un grand tablier en lin lavé.', meta_description: 'Tablier de cuisine en lin lavé, coupe longue.', slug: 'tablier-en-lin-lave' });
      await db('option_translations').insert([
        { locale: 'fr', kind: 'value', source: 'Sage', text: 'Sauge' },
        { locale: 'fr', kind: 'value', source: 'Sand', text: 'Sable' },
        { locale: 'fr', kind: 'name', source: 'colour', text: 'Couleur' },
      ]);
      await ensureDefaultCheckoutSettings(db);
    });
    after(async () => t.close());

    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
    /** The French page of an address (the /fr/ prefix decides the language). */
    const getFr = (url: string, headers: Record<string, string> = {}) => get(`/fr${url === '/' ? '' : url}`, headers);

    test('a French visitor reads French names, with the English ones where no translation exists', async () => {
      const res = await getFr('/categories/kitchen');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(cardNames(res.body).sort(), ['Cast Iron Skillet', 'Tablier en lin lavé'].sort());
      assert.match(res.body, /<h1[^>]*>Cuisine<\/h1>/);
      assert.match(res.body, /href="\/fr\/products\/tablier-en-lin-lave"/);
      // The sub-category has no French: its English name shows.
      assert.match(res.body, /Cookware/);
      // The navigation is French too.
      assert.match(res.body, /href="\/fr\/categories\/cuisine"[^>]*>Cuisine</);
      // hreflang names each language's own address.
      assert.match(res.body, /<link rel="alternate" hreflang="en" href="http:\/\/shop.test\/categories\/kitchen">/);
      assert.match(res.body, /<link rel="alternate" hreflang="fr" href="http:\/\/shop.test\/fr\/categories\/cuisine">/);
    });

    test('the product page in French: name, description, meta description, option values; the English slug still works', async () => {
      for (const url of ['/products/tablier-en-lin-lave', '/products/linen-apron']) {
        const res = await getFr(url);
        assert.equal(res.statusCode, 200, url);
        assert.match(res.body, /<h1[^>]*>Tablier en lin lavé<\/h1>/);
        assert.match(res.body, /Un grand tablier en lin lavé\./);
        assert.match(res.body, /<meta name="description" content="Tablier de cuisine en lin lavé, coupe longue\.">/);
        assert.match(res.body, />Sauge</);
        assert.match(res.body, />Sable</);
        // The form still posts the stored value, whatever the language shown.
        assert.match(res.body, /name="options\[colour\]" value="Sage"/);
        assert.match(res.body, /href="\/fr\/categories\/cuisine"/);
        assert.match(res.body, /<link rel="canonical" href="http:\/\/shop.test\/fr\/products\/tablier-en-lin-lave">/);
        assert.match(res.body, /<link rel="alternate" hreflang="en" href="http:\/\/shop.test\/products\/linen-apron">/);
      }
    });

    test('English pages are untouched, and the French slug also finds the product in English', async () => {
      const res = await get('/products/tablier-en-lin-lave');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1[^>]*>Washed Linen Apron<\/h1>/);
      assert.match(res.body, />Sage</);
      assert.doesNotMatch(res.body, /Sauge|Tablier/);
      assert.equal((await get('/categories/cuisine')).statusCode, 200);
      assert.equal((await getFr('/products/no-such-thing')).statusCode, 404);
    });

    test('the caches keep each language apart', async () => {
      for (let round = 0; round < 2; round++) {
        assert.match((await getFr('/')).body, /Tablier en lin lavé/);
        const en = (await get('/')).body;
        assert.match(en, /Washed Linen Apron/);
        assert.doesNotMatch(en, /Tablier en lin lavé/);
      }
      // A translation saved later shows once the catalog is invalidated, in French only.
      await t.testDb.db('product_translations').insert({ product_id: skilletId, locale: 'fr', name: 'Poêle en fonte', description: '', meta_description: '', slug: null });
      t.app.catalog.invalidate();
      const fr = (await getFr('/categories/cookware')).body;
      assert.deepEqual(cardNames(fr), ['Poêle en fonte']);
      // An empty description falls back to English; no French slug keeps the English one.
      const page = (await getFr('/products/cast-iron-skillet')).body;
      assert.match(page, /<h1[^>]*>Poêle en fonte<\/h1>/);
      assert.match(page, /Sears steak\./);
      assert.deepEqual(cardNames((await get('/categories/cookware')).body), ['Cast Iron Skillet']);
    });

    test('cart lines name the product and its options in the shopper’s language', async () => {
      const add = await t.app.inject({ method: 'POST', url: '/fr/cart/add', headers: FORM, payload: 'product=tablier-en-lin-lave&options%5Bcolour%5D=Sand&quantity=1' });
      assert.equal(add.statusCode, 303, add.body);
      const session = String(add.headers['set-cookie']).split(';')[0];
      const fr = (await getFr('/cart', { cookie: session })).body;
      assert.match(fr, /Tablier en lin lavé/);
      assert.match(fr, /Sable/);
      const en = (await get('/cart', { cookie: session })).body;
      assert.match(en, /Washed Linen Apron/);
      assert.match(en, /Sand/);
    });

    test('apps read the same French: REST by Accept-Language, GraphQL by its locale argument', async () => {
      const rest = await t.app.inject({ url: '/api/v1/products/linen-apron', headers: { 'accept-language': 'fr' } });
      assert.equal(rest.statusCode, 200, rest.body);
      assert.equal(rest.json().name, 'Tablier en lin lavé');
      const english = await t.app.inject({ url: '/api/v1/products/linen-apron' });
      assert.equal(english.json().name, 'Washed Linen Apron');
      const gql = await t.app.inject({
        method: 'POST',
        url: '/graphql',
        payload: { query: '{ product(slug: "linen-apron", locale: FR) { name description } products(first: 5, category: "kitchen", locale: FR) { edges { node { name description } } } }' },
      });
      const data = gql.json().data;
      assert.deepEqual(data.product, { name: 'Tablier en lin lavé', description: 'Un grand tablier en lin lavé.' });
      const apron = data.products.edges.map((e: { node: { name: string; description: string } }) => e.node).find((n: { name: string }) => n.name === 'Tablier en lin lavé');
      assert.equal(apron?.description, 'Un grand tablier en lin lavé.');
    });

    test('the Plus membership sold as a product has its French name in a French cart', async () => {
      const id = await plusVariantId(t.testDb.db);
      assert.ok(id);
      const now = Date.now();
      assert.equal((await variantsForSale(t.testDb.db, [id], { member: false, now, locale: 'fr' })).get(id)?.productName, 'Emporium Plus (1 an)');
      assert.equal((await variantsForSale(t.testDb.db, [id], { member: false, now })).get(id)?.productName, 'Emporium Plus (1 year)');
    });

    test('shipping methods carry French names', async () => {
      const fr = await activeShippingMethods(t.testDb.db, 'fr');
      assert.deepEqual(fr.map((m) => m.name), ['Livraison standard', 'Livraison express']);
      const en = await activeShippingMethods(t.testDb.db);
      assert.deepEqual(en.map((m) => m.name), ['Standard delivery', 'Express delivery']);
    });

    test('slugs per language and lookups by a slug in any language', async () => {
      assert.deepEqual(await productSlugs(t.testDb.db, apronId), { en: 'linen-apron', fr: 'tablier-en-lin-lave' });
      assert.deepEqual(await productSlugs(t.testDb.db, skilletId), { en: 'cast-iron-skillet', fr: 'cast-iron-skillet' });
      assert.equal(await productSlugs(t.testDb.db, 999999), null);
      assert.deepEqual(await categorySlugs(t.testDb.db, kitchenId), { en: 'kitchen', fr: 'cuisine' });
      assert.equal(await productIdBySlug(t.testDb.db, 'tablier-en-lin-lave'), apronId);
      assert.equal(await productIdBySlug(t.testDb.db, 'linen-apron'), apronId);
      assert.equal(await productIdBySlug(t.testDb.db, 'nothing'), null);
      assert.equal(await categoryIdBySlug(t.testDb.db, 'cuisine'), kitchenId);
    });

    test('search finds a product by its French name too, stems and elisions included', async () => {
      const { reindexProducts } = await import('./search');
      await reindexProducts(t.testDb.db);
      t.app.catalog.invalidate();
      for (const q of ['tablier', 'tabliers', "l'tablier lin", 'apron', 'tablier en lin lave', 'un grand tablier', 'tabli']) {
        const res = await t.app.inject({ url: `/fr/search?q=${encodeURIComponent(q)}` });
        assert.deepEqual(cardNames(res.body), ['Tablier en lin lavé'], q);
      }
      assert.match((await t.app.inject({ url: '/fr/search?q=tablier+zzzz' })).body, /Aucun résultat pour/, 'every word must match');
    });

    test('PostgreSQL stems each language with its own text-search configuration, and keeps every word whole', { skip: dialect !== 'pg' && 'PostgreSQL only' }, async () => {
      const { reindexProducts } = await import('./search');
      await reindexProducts(t.testDb.db);
      const matches = async (config: string, word: string) =>
        Boolean((await t.testDb.db.raw(`select document @@ to_tsquery(?::regconfig, ?) as m from product_search where product_id = ?`, [config, word, apronId])).rows[0].m);
      assert.ok(await matches('french', 'tabliers'), "french: 'tabliers' meets the French name's stem");
      assert.ok(await matches('english', 'aprons'), "english: 'aprons' meets the English name's stem");
      assert.ok(await matches('simple', 'en'), 'simple: a French stop word is still a whole word');
      const stems = (await t.testDb.db.raw(`select ts_lexize('french_stem', 'lavé') as fr, ts_lexize('english_stem', 'washed') as en`)).rows[0] as { fr: string[]; en: string[] };
      const doc = String((await t.testDb.db('product_search').where('product_id', apronId).first('document')).document);
      assert.match(doc, new RegExp(`'${stems.en[0]}'`), 'the English description is stemmed by english');
      assert.match(doc, /'lav'/, 'the French name is folded then stemmed by french');
    });

    test('sitemap.xml gives each language its own address: the French slug under /fr/, the same alternates as the pages', async () => {
      t.app.catalog.invalidate();
      const xml = (await t.app.inject({ url: '/sitemap.xml' })).body;
      assert.match(xml, /<loc>http:\/\/shop\.test\/fr\/products\/tablier-en-lin-lave<\/loc>/);
      assert.match(xml, /<loc>http:\/\/shop\.test\/products\/linen-apron<\/loc>[^\n]*hreflang="fr" href="http:\/\/shop\.test\/fr\/products\/tablier-en-lin-lave"/);
      assert.match(xml, /<loc>http:\/\/shop\.test\/fr\/categories\/cuisine<\/loc>/);
      assert.match(xml, /<loc>http:\/\/shop\.test\/fr\/products\/cast-iron-skillet<\/loc>/, 'no French slug: the English one under /fr/');
      assert.doesNotMatch(xml, /\/fr\/products\/linen-apron</);
    });
  });
}
