// A URL per language: /fr/ pages in French, links that stay in their language, hreflang alternates and canonicals
// that point at each other (checked like a crawler would), both languages in sitemap.xml, the switch, the offer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { Shopper, csrfTokenIn } from '../test-support/shopper';
import { PAGE_ADDRESS } from '../test-support/http-shopper';
import { isLocalizedPath, localizePath, splitLocalePrefix } from './locale-paths';

const ORIGIN = 'http://shop.test';

function linksOf(html: string): { canonical: string | null; alternates: Map<string, string> } {
  const canonical = /<link rel="canonical" href="([^"]+)">/.exec(html)?.[1] ?? null;
  const alternates = new Map<string, string>();
  for (const m of html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)) alternates.set(m[1], m[2].replaceAll('&amp;', '&'));
  return { canonical: canonical?.replaceAll('&amp;', '&') ?? null, alternates };
}

/** Every site link and form target of a page (href, action), entity-decoded. */
function sitePathsOf(html: string): string[] {
  return [...html.matchAll(/\s(?:href|action)="(\/[^"]*)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
}

describe('locale paths', () => {
  test('prefix the storefront, never the back office, the APIs or files', () => {
    assert.equal(localizePath('/', 'fr', 'en'), '/fr/');
    assert.equal(localizePath('/?x=1', 'fr', 'en'), '/fr/?x=1');
    assert.equal(localizePath('/cart', 'fr', 'en'), '/fr/cart');
    assert.equal(localizePath('/fr/cart', 'fr', 'en'), '/fr/cart');
    assert.equal(localizePath('/cart', 'en', 'en'), '/cart');
    for (const p of ['/admin', '/admin/orders', '/api/v1/products', '/graphql', '/static/css/site.css', '/media/x.jpg', '/language/en', '/sitemap.xml', '//evil.example']) {
      assert.equal(localizePath(p, 'fr', 'en'), p, p);
    }
    assert.equal(isLocalizedPath('/administrator'), true);
    assert.deepEqual(splitLocalePrefix('/fr/products/mug?variant=2', 'en'), { locale: 'fr', rest: '/products/mug?variant=2' });
    assert.deepEqual(splitLocalePrefix('/fr', 'en'), { locale: 'fr', rest: '/' });
    assert.deepEqual(splitLocalePrefix('/fr?q=1', 'en'), { locale: 'fr', rest: '/?q=1' });
    assert.deepEqual(splitLocalePrefix('/fresh', 'en'), { locale: null, rest: '/fresh' });
    assert.deepEqual(splitLocalePrefix('/fr/admin', 'en'), { locale: null, rest: '/fr/admin' });
    // A shop whose default is French puts English under /en/.
    assert.equal(localizePath('/cart', 'en', 'fr'), '/en/cart');
    assert.deepEqual(splitLocalePrefix('/fr/cart', 'fr'), { locale: null, rest: '/fr/cart' });
  });
});

for (const dialect of dialects) {
  describe(`a URL per language on ${dialect}`, () => {
    let t: TestApp;
    let mugId: number;
    before(async () => {
      t = await createTestApp(dialect);
      await addCategory(t.testDb.db, 'kitchen', 'Kitchen');
      await addProduct(t.testDb.db, 'kitchen', { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 1250, stock: 5 }] });
      mugId = Number((await t.testDb.db('variants').where({ sku: 'MUG' }).first('id')).id);
    });
    after(async () => t.close());

    test('/fr/ pages answer in French and their links stay under /fr/', async () => {
      for (const url of ['/fr/', '/fr', '/fr/categories/kitchen', '/fr/products/mug', '/fr/search?q=mug', '/fr/cart', '/fr/plus', '/fr/account/login', '/fr/account/signup']) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 200, url);
        assert.match(res.body, /<html lang="fr">/, url);
        assert.equal(res.headers['content-language'], 'fr', url);
        const links = sitePathsOf(res.body).filter((p) => isLocalizedPath(p));
        assert.ok(links.length > 5, url);
        for (const link of links) assert.ok(link.startsWith('/fr/'), `${url}: ${link}`);
        // The back office, files and the switch keep their one address.
        for (const link of sitePathsOf(res.body).filter((p) => !isLocalizedPath(p))) assert.doesNotMatch(link, /^\/fr\//, `${url}: ${link}`);
      }
      const product = await t.app.inject({ url: '/fr/products/mug' });
      assert.match(product.body, /action="\/fr\/cart\/add"/);
      assert.match(product.body, /href="\/fr\/categories\/kitchen"/);
      assert.match(product.body, /Ajouter au panier/);
      const english = await t.app.inject({ url: '/products/mug' });
      assert.match(english.body, /<html lang="en">/);
      assert.match(english.body, /action="\/cart\/add"/);
      assert.doesNotMatch(english.body, /href="\/fr\//);
    });

    test('an unknown page under /fr/ is a French 404; /fr/admin is not a page', async () => {
      const missing = await t.app.inject({ url: '/fr/products/nothing-here' });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /<html lang="fr">/);
      assert.doesNotMatch(missing.body, /rel="canonical"/);
      assert.equal((await t.app.inject({ url: '/fr/admin' })).statusCode, 404);
      assert.equal((await t.app.inject({ url: '/fr/api/v1/products' })).statusCode, 404);
    });

    test('crawler: every page names itself and its other language as alternates, and they name it back', async () => {
      const start = ['/', '/categories/kitchen', '/categories/kitchen?page=1', '/products/mug', '/products/mug?variant=' + mugId, '/plus'];
      const seen = new Map<string, ReturnType<typeof linksOf> & { lang: string }>();
      const queue = [...start, ...start.map((p) => localizePath(p, 'fr', 'en'))];
      while (queue.length > 0) {
        const url = queue.shift() as string;
        if (seen.has(url)) continue;
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 200, url);
        const page = { ...linksOf(res.body), lang: /<html lang="(\w+)">/.exec(res.body)?.[1] ?? '' };
        seen.set(url, page);
        assert.ok(page.canonical, `${url} has a canonical`);
        assert.deepEqual([...page.alternates.keys()].sort(), ['en', 'fr', 'x-default'], url);
        // The canonical is this page's own language version; x-default is the English one.
        assert.equal(page.canonical, page.alternates.get(page.lang), url);
        assert.equal(page.alternates.get('x-default'), page.alternates.get('en'), url);
        assert.ok(page.alternates.get('fr')?.startsWith(`${ORIGIN}/fr/`), url);
        assert.ok(!page.alternates.get('en')?.startsWith(`${ORIGIN}/fr/`), url);
        for (const href of page.alternates.values()) {
          assert.ok(href.startsWith(ORIGIN), href);
          queue.push(href.slice(ORIGIN.length));
        }
      }
      // Each alternate, fetched, is in its language, is its own canonical and lists the same alternates.
      for (const [url, page] of seen) {
        for (const [hreflang, href] of page.alternates) {
          if (hreflang === 'x-default') continue;
          const there = seen.get(href.slice(ORIGIN.length));
          assert.ok(there, `${url} -> ${href} was fetched`);
          assert.equal(there.lang, hreflang, href);
          assert.equal(there.canonical, href, href);
          assert.deepEqual([...there.alternates], [...page.alternates], `${url} <-> ${href}`);
        }
      }
      assert.equal(seen.get('/products/mug')?.canonical, `${ORIGIN}/products/mug`);
      assert.equal(seen.get('/fr/products/mug')?.canonical, `${ORIGIN}/fr/products/mug`);
      assert.equal(seen.get('/fr/')?.canonical, `${ORIGIN}/fr/`);
      // Pages kept out of search engines name no canonical and no alternates.
      for (const url of ['/cart', '/fr/cart', '/fr/account/login', '/fr/search?q=mug']) {
        const body = (await t.app.inject({ url })).body;
        assert.match(body, /<meta name="robots" content="noindex">/, url);
        assert.doesNotMatch(body, /rel="canonical"|rel="alternate"/, url);
      }
      // A filtered listing names the plain listing as canonical, in its language.
      const sorted = linksOf((await t.app.inject({ url: '/fr/categories/kitchen?sort=price_asc' })).body);
      assert.equal(sorted.canonical, `${ORIGIN}/fr/categories/kitchen`);
    });

    test('sitemap.xml lists every page in both languages with its alternates; robots.txt keeps both out of the cart', async () => {
      const res = await t.app.inject({ url: '/sitemap.xml' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /xmlns:xhtml="http:\/\/www.w3.org\/1999\/xhtml"/);
      const urls = [...res.body.matchAll(/<url>(.*?)<\/url>/g)].map((m) => m[1]);
      const locs = urls.map((u) => /<loc>([^<]+)<\/loc>/.exec(u)?.[1]);
      for (const path of ['/', '/categories/kitchen', '/products/mug']) {
        assert.ok(locs.includes(`${ORIGIN}${path}`), path);
        assert.ok(locs.includes(`${ORIGIN}${localizePath(path, 'fr', 'en')}`), `fr ${path}`);
      }
      for (const u of urls) {
        const loc = /<loc>([^<]+)<\/loc>/.exec(u)?.[1] as string;
        const alternates = new Map([...u.matchAll(/hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1], m[2]]));
        assert.deepEqual([...alternates.keys()].sort(), ['en', 'fr', 'x-default']);
        assert.ok([alternates.get('en'), alternates.get('fr')].includes(loc), loc);
      }
      const robots = (await t.app.inject({ url: '/robots.txt' })).body;
      assert.match(robots, /Disallow: \/fr\/cart\n/);
      assert.match(robots, /Disallow: \/cart\n/);
    });

    test('the footer switch goes to the same page and query in the other language and remembers the choice', async () => {
      const english = await t.app.inject({ url: '/categories/kitchen?instock=1&sort=price_asc' });
      const toFrench = /<a href="([^"]+)" hreflang="fr" lang="fr">Français<\/a>/.exec(english.body)?.[1].replaceAll('&amp;', '&');
      assert.equal(toFrench, `/language/fr?return=${encodeURIComponent('/categories/kitchen?instock=1&sort=price_asc')}`);
      const switched = await t.app.inject({ url: toFrench as string });
      assert.equal(switched.statusCode, 303);
      assert.equal(switched.headers.location, '/fr/categories/kitchen?instock=1&sort=price_asc');
      assert.match(String(switched.headers['set-cookie']), /lang=fr/);
      const french = await t.app.inject({ url: switched.headers.location as string, cookies: { lang: 'fr' } });
      assert.match(french.body, /<html lang="fr">/);
      const toEnglish = /<a href="([^"]+)" hreflang="en" lang="en">English<\/a>/.exec(french.body)?.[1].replaceAll('&amp;', '&');
      const back = await t.app.inject({ url: toEnglish as string });
      assert.equal(back.headers.location, '/categories/kitchen?instock=1&sort=price_asc');
      assert.match(String(back.headers['set-cookie']), /lang=en/);
      // The URL decides what a page shows: the French cookie does not turn an unprefixed page French, nor the reverse.
      assert.match((await t.app.inject({ url: '/products/mug', cookies: { lang: 'fr' } })).body, /<html lang="en">/);
      assert.match((await t.app.inject({ url: '/fr/products/mug', cookies: { lang: 'en' } })).body, /<html lang="fr">/);
    });

    test('a first visit asking for French gets the English page with an offer, not a redirect', async () => {
      for (let i = 0; i < 2; i++) {
        // Twice: the second answer may come from the page cache, which must keep visitors with and without the offer apart.
        const offered = await t.app.inject({ url: '/products/mug?variant=' + mugId, headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } });
        assert.equal(offered.statusCode, 200);
        assert.match(offered.body, /<html lang="en">/);
        assert.match(offered.body, /<aside class="language-offer container" lang="fr"[^>]*>/);
        assert.match(offered.body, /Cette page existe en français\. <a href="\/fr\/products\/mug\?variant=\d+" hreflang="fr">La lire en français<\/a>/);
        assert.match(offered.body, /href="\/language\/en\?return=%2Fproducts%2Fmug%3Fvariant%3D\d+">Non merci<\/a>/);
        assert.match(String(offered.headers.vary), /Accept-Language/i);
        const plain = await t.app.inject({ url: '/products/mug?variant=' + mugId, headers: { 'accept-language': 'en' } });
        assert.doesNotMatch(plain.body, /language-offer/);
      }
      // Dismissed: the English choice is remembered and the offer is gone; a /fr/ page never offers English.
      const dismissed = await t.app.inject({ url: '/language/en?return=%2Fproducts%2Fmug' });
      assert.equal(dismissed.headers.location, '/products/mug');
      assert.doesNotMatch((await t.app.inject({ url: '/products/mug', cookies: { lang: 'en' }, headers: { 'accept-language': 'fr' } })).body, /language-offer/);
      assert.doesNotMatch((await t.app.inject({ url: '/fr/products/mug', headers: { 'accept-language': 'en' } })).body, /language-offer/);
    });

    test('old URLs keep working: unprefixed pages and /language/ links', async () => {
      for (const url of ['/', '/categories/kitchen', '/products/mug', '/cart', '/search?q=mug', '/account/login']) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 200, url);
        assert.match(res.body, /<html lang="en">/, url);
      }
      const old = await t.app.inject({ url: '/language/fr?return=%2Fcart' });
      assert.equal(old.headers.location, '/fr/cart');
    });

    test('a shopper who starts in French stays in French through cart, checkout and their redirects', async () => {
      const shopper = new Shopper(t.app);
      const page = await shopper.get('/fr/products/mug');
      const add = await shopper.post('/fr/cart/add', { product: 'mug', variant: String(mugId), quantity: '1' }, { origin: 'http://localhost:80', host: 'localhost:80' });
      assert.equal(add.statusCode, 303, page.body.slice(0, 0) + add.body);
      assert.equal(add.headers.location, '/fr/cart');
      const cart = await shopper.get('/fr/cart');
      assert.match(cart.body, /<html lang="fr">/);
      assert.match(cart.body, /href="\/fr\/checkout"/);
      const checkout = await shopper.get('/fr/checkout');
      assert.equal(checkout.statusCode, 303);
      assert.match(checkout.headers.location as string, /^\/fr\/checkout\//);
      const contact = await shopper.get('/fr/checkout/contact');
      assert.match(contact.body, /action="\/fr\/checkout\/contact"/);
      const sent = await shopper.post('/fr/checkout/contact', { _csrf: csrfTokenIn(contact.body, '/fr/checkout/contact'), email: 'camille@example.test' });
      assert.equal(sent.statusCode, 303);
      assert.equal(sent.headers.location, '/fr/checkout/shipping');
      const shipping = await shopper.get('/fr/checkout/shipping');
      const refused = await shopper.post('/fr/checkout/shipping', { _csrf: csrfTokenIn(shipping.body, '/fr/checkout/shipping'), ...PAGE_ADDRESS, postalCode: '' });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /<html lang="fr">/);
      // A page that asks to sign in sends to the French login, which returns to the page asked for.
      const account = await new Shopper(t.app).get('/fr/account');
      assert.equal(account.statusCode, 303);
      assert.equal(account.headers.location, `/fr/account/login?return=${encodeURIComponent('/account')}`);
    });
  });
}

for (const dialect of dialects) {
  describe(`pages whose address differs by language on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      // A page that names its path in each language, as translated slugs do (/offre in French, /offer in English).
      t = await createTestApp(dialect, {}, (app) => {
        for (const path of ['/test/offer', '/test/offre']) {
          app.get(path, async (_request, reply) =>
            reply.render('membership/plus', {
              priceCents: 1000,
              status: null,
              endsAt: null,
              signedIn: false,
              join: { slug: 'plus', variantId: 1 },
              loginHref: '/account/login',
              canonical: `${ORIGIN}${path}?page=2`,
              currentPath: `${path}?page=2&sort=name`,
              alternatePaths: { en: '/test/offer', fr: '/test/offre' },
            }),
          );
        }
      });
    });
    after(async () => t.close());

    test('alternates, canonical and the switch use each language’s path', async () => {
      const french = await t.app.inject({ url: '/fr/test/offre?page=2&sort=name' });
      const links = linksOf(french.body);
      assert.equal(links.canonical, `${ORIGIN}/fr/test/offre?page=2`);
      assert.equal(links.alternates.get('en'), `${ORIGIN}/test/offer?page=2`);
      assert.equal(links.alternates.get('fr'), `${ORIGIN}/fr/test/offre?page=2`);
      assert.equal(links.alternates.get('x-default'), `${ORIGIN}/test/offer?page=2`);
      assert.match(french.body, new RegExp(`href="/language/en\\?return=${encodeURIComponent('/test/offer?page=2&sort=name')}"`));
      const offered = await t.app.inject({ url: '/test/offer?page=2&sort=name', headers: { 'accept-language': 'fr' } });
      assert.match(offered.body, /<a href="\/fr\/test\/offre\?page=2&amp;sort=name" hreflang="fr">/);
    });
  });
}
