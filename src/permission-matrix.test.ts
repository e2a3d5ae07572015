// One permission matrix, four channels: pages, REST, GraphQL and the live socket give every role the same answers,
// in English and in French (pages under /fr/ at the French addresses, REST by Accept-Language, GraphQL by its
// locale argument), and the French answers really are French.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { LightMyRequestResponse } from 'fastify';
import { dialects } from './test-support/databases';
import { createTestApp, type TestApp } from './test-support/test-app';
import { addProduct } from './test-support/catalog-fixtures';
import { addTestSignIn, createUser, signIn } from './test-support/sign-in';
import { grantMembership } from './membership/service';
import { createApiToken } from './accounts/api-tokens';
import { ensureDefaultCheckoutSettings } from './orders/settings';
import { placeOrder } from './orders/service';
import { cartWith, RecordingProvider, reviewedOrder } from './orders/testing';
import { reindexProducts } from './catalog/search';
import { translate, type Locale, type MessageKey } from './i18n';
import { productChannel } from './live/channels';
import type { Role } from './plugins/auth';

const DAY = 24 * 60 * 60 * 1000;
type Who = 'anonymous' | 'customer' | 'member' | 'staff' | 'admin';
const EVERYONE: Who[] = ['anonymous', 'customer', 'member', 'staff', 'admin'];

interface Person {
  /** Session cookie for pages and same-origin scripts ('' for anonymous). */
  cookie: string;
  /** Personal API token for apps (null for anonymous). */
  token: string | null;
}

/** What each role may see: the rules the channels must agree on, whatever the language. */
const may = {
  seeEarlyAccess: (who: Who) => who === 'member',
  payMemberPrice: (who: Who) => who === 'member',
  /** The customer owns `order`; staff see every order; nobody else sees it at all. */
  seeCustomersOrder: (who: Who) => who === 'customer' || who === 'staff' || who === 'admin',
  seeStrangersOrder: (who: Who) => who === 'staff' || who === 'admin',
  watchAllOrders: (who: Who) => who === 'staff' || who === 'admin',
};

/** How each channel is asked in one language, and what its answers say in it. */
interface Language {
  locale: Locale;
  /** Before a page's path: '' in English, '/fr' in French. */
  prefix: string;
  /** GraphQL's locale argument on every root field (none in English: the default). */
  gqlLocale: 'FR' | null;
  /** Accept-Language sent to REST and GraphQL (none in English). */
  acceptLanguage: string | null;
  /** The products' slugs and names in this language (French ones are translations). */
  mug: { slug: string; name: string };
  kettle: { slug: string; name: string };
  /** Prices as this language writes them. */
  price: Record<2000 | 2500, string>;
}

const ENGLISH: Language = {
  locale: 'en',
  prefix: '',
  gqlLocale: null,
  acceptLanguage: null,
  mug: { slug: 'open-mug', name: 'Open Mug' },
  kettle: { slug: 'early-kettle', name: 'Early Kettle' },
  price: { 2000: '€20.00', 2500: '€25.00' },
};
const FRENCH: Language = {
  locale: 'fr',
  prefix: '/fr',
  gqlLocale: 'FR',
  acceptLanguage: 'fr-FR, fr;q=0.9',
  mug: { slug: 'tasse-ouverte', name: 'Tasse ouverte' },
  kettle: { slug: 'bouilloire-en-avant-premiere', name: 'Bouilloire en avant-première' },
  // A no-break space between the amount and the euro sign, a comma before the cents.
  price: { 2000: '20,00\u00a0€', 2500: '25,00\u00a0€' },
};

for (const dialect of dialects) {
  describe(`permission matrix on ${dialect}`, () => {
    let t: TestApp;
    let baseUrl = '';
    const people = {} as Record<Who, Person>;
    let customersOrder = '';
    let strangersOrder = '';
    let earlyVariant = 0;

    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      const db = t.testDb.db;
      await ensureDefaultCheckoutSettings(db);
      const mugId = await addProduct(db, null, { slug: 'open-mug', name: 'Open Mug', variants: [{ sku: 'MUG-1', priceCents: 2500, stock: 50 }] });
      await db('variants').where({ sku: 'MUG-1' }).update({ member_price_cents: 2000 });
      const early = await addProduct(db, null, { slug: 'early-kettle', name: 'Early Kettle', variants: [{ sku: 'EK-1', priceCents: 6000, stock: 10 }] });
      await db('products').where({ id: early }).update({ members_only_until: Date.now() + 10 * DAY });
      for (const [id, text] of [[mugId, FRENCH.mug], [early, FRENCH.kettle]] as const) {
        await db('product_translations').insert({ product_id: id, locale: 'fr', name: text.name, description: `${text.name}, fait avec soin.`, meta_description: '', slug: text.slug });
      }
      await reindexProducts(db, [mugId, early]);
      const mug = Number((await db('variants').where({ sku: 'MUG-1' }).first('id')).id);
      earlyVariant = Number((await db('variants').where({ sku: 'EK-1' }).first('id')).id);

      const roleOf: Record<Exclude<Who, 'anonymous'>, Role> = { customer: 'customer', member: 'customer', staff: 'staff', admin: 'admin' };
      people.anonymous = { cookie: '', token: null };
      const ids = {} as Record<Who, number>;
      for (const who of ['customer', 'member', 'staff', 'admin'] as const) {
        ids[who] = await createUser(db, roleOf[who]);
        if (who === 'member') await grantMembership(db, ids[who], { days: 30, source: 'admin' });
        people[who] = { cookie: await signIn(t.app, ids[who]), token: (await createApiToken(db, ids[who], 'matrix')).token };
      }
      const stranger = await createUser(db);
      const now = Date.now();
      const audience = { member: false, now };
      const provider = new RecordingProvider();
      for (const [owner, set] of [[ids.customer, (n: string) => (customersOrder = n)], [stranger, (n: string) => (strangersOrder = n)]] as const) {
        const cartId = await cartWith(db, [[mug, 1]], audience, owner);
        const input = await reviewedOrder(db, { cartId, audience, userId: owner, email: `owner-${owner}@example.test`, now });
        set((await placeOrder(db, provider, input)).number);
      }
      baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(async () => t.close());

    for (const lang of [ENGLISH, FRENCH]) {
      const inFrench = lang.locale === 'fr';
      const say = (key: MessageKey) => translate(lang.locale, key);
      /** A page of the shop in this language: the path under the language's prefix, with this person's session. */
      const page = (who: Who, path: string, extra: Record<string, string> = {}) =>
        t.app.inject({ method: 'GET', url: `${lang.prefix}${path}`, headers: { ...(people[who].cookie ? { cookie: people[who].cookie } : {}), ...extra } });
      const appHeaders = (who: Who, extra: Record<string, string> = {}): Record<string, string> => ({
        ...(people[who].token ? { authorization: `Bearer ${people[who].token}` } : {}),
        ...(lang.acceptLanguage ? { 'accept-language': lang.acceptLanguage } : {}),
        ...extra,
      });
      const api = (who: Who, url: string) => t.app.inject({ method: 'GET', url, headers: appHeaders(who) });
      /** `locale: FR` for a root field that takes other arguments too, in French; nothing in English. */
      const L = lang.gqlLocale ? `, locale: ${lang.gqlLocale}` : '';
      /** The same for a root field without other arguments. */
      const onlyL = lang.gqlLocale ? `(locale: ${lang.gqlLocale})` : '';
      async function graphql(who: Who, query: string): Promise<Record<string, unknown>> {
        const res = await t.app.inject({ method: 'POST', url: '/graphql', headers: appHeaders(who, { 'content-type': 'application/json' }), payload: JSON.stringify({ query }) });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.headers['content-language'], lang.locale, 'GraphQL Content-Language');
        return res.json().data;
      }

      /** A page answered in this language: <html lang>, Content-Language, and for a refusal the refusal's title in it. */
      function assertPageLanguage(res: LightMyRequestResponse, what: string): void {
        assert.equal(res.headers['content-language'], lang.locale, `${what}: Content-Language`);
        if (res.statusCode >= 300 && res.statusCode < 400) {
          assert.ok(String(res.headers.location).startsWith(inFrench ? '/fr/' : '/') && (inFrench || !String(res.headers.location).startsWith('/fr/')), `${what}: redirect stays in the language: ${res.headers.location}`);
          return;
        }
        assert.match(res.body, new RegExp(`<html lang="${lang.locale}"`), `${what}: <html lang>`);
        if (res.statusCode === 404) assert.ok(res.body.includes(say('error.notFound.title')), `${what}: the not-found page in ${lang.locale}`);
        if (res.statusCode === 403) assert.ok(res.body.includes(say('error.forbidden.title')), `${what}: the refusal in ${lang.locale}`);
      }
      /** An app's answer in this language: Content-Language, and a problem's title in it. */
      function assertApiLanguage(res: LightMyRequestResponse, what: string): void {
        assert.equal(res.headers['content-language'], lang.locale, `${what}: Content-Language`);
        const titles: Record<number, MessageKey> = { 401: 'error.unauthorized.title', 403: 'error.forbidden.title', 404: 'error.notFound.title' };
        if (titles[res.statusCode]) assert.equal(res.json().title, say(titles[res.statusCode]!), `${what}: the problem in ${lang.locale}`);
      }

      /** Joins each channel over /live as a browser with this person's session would, and collects the answers. */
      async function liveAnswers(who: Who, channels: string[]): Promise<Record<string, string>> {
        const headers: Record<string, string> = { origin: baseUrl };
        if (people[who].cookie) headers.cookie = people[who].cookie;
        const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/live`, { headers });
        const answers: Record<string, string> = {};
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no answer for ${who}: ${JSON.stringify(answers)}`)), 10_000);
          ws.on('open', () => channels.forEach((channel) => ws.send(JSON.stringify({ type: 'subscribe', channel }))));
          ws.on('message', (raw) => {
            const message = JSON.parse(String(raw));
            if (message.type === 'subscribed' || message.type === 'denied') answers[message.channel] = message.type;
            if (Object.keys(answers).length === channels.length) {
              clearTimeout(timer);
              resolve();
            }
          });
          ws.on('error', reject);
        });
        ws.close();
        return answers;
      }

      describe(`in ${inFrench ? 'French' : 'English'}`, () => {
        for (const who of EVERYONE) {
          test(`${who}: early access and member prices`, async () => {
            const visible = may.seeEarlyAccess(who);
            const kettlePage = await page(who, `/products/${lang.kettle.slug}`);
            assert.equal(kettlePage.statusCode, visible ? 200 : 404, 'page');
            assertPageLanguage(kettlePage, 'page');
            if (visible) {
              assert.match(kettlePage.body, new RegExp(`<h1[^>]*>${lang.kettle.name}</h1>`), 'page: the product’s name in the language');
              // Whatever its address, the page listens where the product's stock news goes: the base slug's channel.
              assert.ok(kettlePage.body.includes(`data-live-channel="${productChannel('early-kettle')}"`), 'page: its live channel');
            }
            const rest = await api(who, `/api/v1/products/${lang.kettle.slug}`);
            assert.equal(rest.statusCode, visible ? 200 : 404, 'REST');
            assertApiLanguage(rest, 'REST');
            if (visible) assert.equal(rest.json().name, lang.kettle.name, 'REST name');
            const gql = await graphql(who, `{ product(slug: "${lang.kettle.slug}"${L}) { name } products(first: 50${L}) { edges { node { slug name } } } }`);
            assert.deepEqual(gql.product, visible ? { name: lang.kettle.name } : null, 'GraphQL product');
            const nodes = (gql.products as { edges: { node: { slug: string; name: string } }[] }).edges.map((e) => e.node);
            assert.equal(nodes.some((n) => n.slug === lang.kettle.slug && n.name === lang.kettle.name), visible, 'GraphQL listing');
            assert.ok(nodes.some((n) => n.slug === lang.mug.slug && n.name === lang.mug.name), 'GraphQL listing: the open product, in the language');
            const listing = await api(who, '/api/v1/products?sort=newest');
            assertApiLanguage(listing, 'REST listing');
            const items: { slug: string; name: string }[] = listing.json().items;
            assert.equal(items.some((p) => p.slug === lang.kettle.slug && p.name === lang.kettle.name), visible, 'REST listing');
            assert.ok(items.some((p) => p.slug === lang.mug.slug && p.name === lang.mug.name), 'REST listing: the open product, in the language');
            const live = await liveAnswers(who, ['product:early-kettle', 'product:open-mug', 'product:no-such-thing']);
            assert.deepEqual(live, { 'product:early-kettle': visible ? 'subscribed' : 'denied', 'product:open-mug': 'subscribed', 'product:no-such-thing': 'denied' }, 'live');

            const price = may.payMemberPrice(who) ? 2000 : 2500;
            const restMug = await api(who, `/api/v1/products/${lang.mug.slug}`);
            assert.equal(restMug.json().minPriceCents, price, 'REST price');
            assert.equal(restMug.json().name, lang.mug.name, 'REST name');
            const gqlMug = (await graphql(who, `{ product(slug: "${lang.mug.slug}"${L}) { name priceCents } }`)).product;
            assert.deepEqual(gqlMug, { name: lang.mug.name, priceCents: price }, 'GraphQL price');
            const mugPage = await page(who, `/products/${lang.mug.slug}`);
            assert.equal(mugPage.statusCode, 200);
            assertPageLanguage(mugPage, 'page');
            assert.ok(mugPage.body.includes(lang.price[price]), `page price: ${lang.price[price]}`);
          });

          test(`${who}: orders`, async () => {
            const own = may.seeCustomersOrder(who);
            const strangers = may.seeStrangersOrder(who);
            for (const [n, allowed, what] of [[customersOrder, own, 'the customer’s order'], [strangersOrder, strangers, 'a stranger’s order']] as const) {
              const res = await page(who, `/orders/${n}`);
              assert.equal(res.statusCode, allowed ? 200 : 404, `page: ${what}`);
              assertPageLanguage(res, `page: ${what}`);
            }

            const anonymousStatus = who === 'anonymous' ? 401 : 404;
            for (const [n, allowed, what] of [[customersOrder, own, 'the customer’s order'], [strangersOrder, strangers, 'a stranger’s order']] as const) {
              const res = await api(who, `/api/v1/orders/${n}`);
              assert.equal(res.statusCode, allowed ? 200 : anonymousStatus, `REST: ${what}`);
              assertApiLanguage(res, `REST: ${what}`);
            }
            const mine = await api(who, '/api/v1/orders');
            assertApiLanguage(mine, 'REST: my orders');
            if (who === 'anonymous') assert.equal(mine.statusCode, 401);
            else {
              const numbers = mine.json().items.map((o: { number: string }) => o.number);
              assert.equal(numbers.includes(customersOrder), who === 'customer', 'REST: my orders');
              assert.ok(!numbers.includes(strangersOrder), 'REST: nobody lists a stranger’s order as theirs');
            }

            const gql = await graphql(who, `{ a: order(number: "${customersOrder}"${L}) { number } b: order(number: "${strangersOrder}"${L}) { number } me${onlyL} { orders { number } } }`);
            assert.equal(gql.a !== null, own, 'GraphQL: the customer’s order');
            assert.equal(gql.b !== null, strangers, 'GraphQL: a stranger’s order');
            if (who === 'anonymous') assert.equal(gql.me, null);
            else {
              const numbers = JSON.stringify(gql.me);
              assert.equal(numbers.includes(customersOrder), who === 'customer', 'GraphQL: my orders');
              assert.ok(!numbers.includes(strangersOrder));
            }

            const live = await liveAnswers(who, [`order:${customersOrder}`, `order:${strangersOrder}`, 'admin:orders']);
            assert.deepEqual(
              live,
              {
                [`order:${customersOrder}`]: own ? 'subscribed' : 'denied',
                [`order:${strangersOrder}`]: strangers ? 'subscribed' : 'denied',
                'admin:orders': may.watchAllOrders(who) ? 'subscribed' : 'denied',
              },
              'live',
            );
          });

          test(`${who}: only members put early access in a cart, on every channel`, async () => {
            const allowed = may.seeEarlyAccess(who);
            const sameSite = { origin: 'http://localhost:80' };
            // The page's form (a signed-in page carries the CSRF token; a visitor without a session needs none).
            const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...sameSite };
            if (people[who].cookie) {
              headers.cookie = people[who].cookie;
              headers['x-csrf-token'] = /name="_csrf" value="([^"]+)"/.exec((await page(who, '/account')).body)?.[1] ?? '';
            }
            const form = await t.app.inject({ method: 'POST', url: `${lang.prefix}/cart/add`, headers, payload: `product=${lang.kettle.slug}&variant=${earlyVariant}&quantity=1` });
            assert.equal(form.statusCode < 400, allowed, `page form: ${form.statusCode}`);
            assertPageLanguage(form, 'page form');

            const rest = await t.app.inject({ method: 'POST', url: '/api/v1/cart/lines', headers: appHeaders(who, { 'content-type': 'application/json', ...sameSite }), payload: JSON.stringify({ variantId: earlyVariant, quantity: 1 }) });
            assert.equal(rest.statusCode < 400, allowed, `REST: ${rest.statusCode} ${rest.body}`);
            assertApiLanguage(rest, 'REST');
            if (!allowed) assert.equal(rest.statusCode, 404);

            const gql = await t.app.inject({
              method: 'POST',
              url: '/graphql',
              headers: appHeaders(who, { 'content-type': 'application/json', ...sameSite }),
              payload: JSON.stringify({ query: `mutation { addToCart(variantId: ${earlyVariant}, quantity: 1${L}) { itemCount } }` }),
            });
            assert.equal(gql.headers['content-language'], lang.locale, 'GraphQL Content-Language');
            const body = gql.json();
            assert.equal(body.errors === undefined, allowed, `GraphQL: ${gql.body}`);
            if (!allowed) {
              assert.equal(body.errors[0].extensions.code, 'cart.variant.unavailable');
              assert.equal(body.errors[0].message, say('cart.variant.unavailable'), 'GraphQL: the refusal in the language');
            }
          });

          test(`${who}: the back office and the account`, async () => {
            // The back office has one address in every language: a French visitor is known by the language cookie.
            const adminPage = await t.app.inject({
              method: 'GET',
              url: `/admin/orders/${customersOrder}`,
              headers: { ...(people[who].cookie ? { cookie: inFrench ? `${people[who].cookie}; lang=fr` : people[who].cookie } : inFrench ? { cookie: 'lang=fr' } : {}) },
            });
            assert.equal(adminPage.statusCode, who === 'anonymous' ? 303 : may.watchAllOrders(who) ? 200 : 403, 'back-office order page');
            assertPageLanguage(adminPage, 'back-office order page');
            const account = await page(who, '/account');
            assert.equal(account.statusCode, who === 'anonymous' ? 303 : 200, 'account page');
            assertPageLanguage(account, 'account page');
            const me = await api(who, '/api/v1/me');
            assert.equal(me.statusCode, who === 'anonymous' ? 401 : 200, 'REST me');
            assertApiLanguage(me, 'REST me');
            const gql = await graphql(who, `{ me${onlyL} { role membership { active } } }`);
            if (who === 'anonymous') assert.equal(gql.me, null);
            else {
              const body = me.json();
              assert.equal(body.membership.active, who === 'member', 'REST membership');
              assert.deepEqual(gql.me, { role: who === 'admin' ? 'ADMIN' : who === 'staff' ? 'STAFF' : 'CUSTOMER', membership: { active: who === 'member' } });
            }
          });
        }
      });
    }
  });
}
