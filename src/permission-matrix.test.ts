// One permission matrix, four channels: pages, REST, GraphQL and the live socket give every role the same answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { dialects } from './test-support/databases';
import { createTestApp, type TestApp } from './test-support/test-app';
import { addProduct } from './test-support/catalog-fixtures';
import { addTestSignIn, createUser, signIn } from './test-support/sign-in';
import { grantMembership } from './membership/service';
import { createApiToken } from './accounts/api-tokens';
import { ensureDefaultCheckoutSettings } from './orders/settings';
import { placeOrder } from './orders/service';
import { cartWith, RecordingProvider, reviewedOrder } from './orders/testing';
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

/** What each role may see: the rules the channels must agree on. */
const may = {
  seeEarlyAccess: (who: Who) => who === 'member',
  payMemberPrice: (who: Who) => who === 'member',
  /** The customer owns `order`; staff see every order; nobody else sees it at all. */
  seeCustomersOrder: (who: Who) => who === 'customer' || who === 'staff' || who === 'admin',
  seeStrangersOrder: (who: Who) => who === 'staff' || who === 'admin',
  watchAllOrders: (who: Who) => who === 'staff' || who === 'admin',
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
      await addProduct(db, null, { slug: 'open-mug', name: 'Open Mug', variants: [{ sku: 'MUG-1', priceCents: 2500, stock: 50 }] });
      await db('variants').where({ sku: 'MUG-1' }).update({ member_price_cents: 2000 });
      const early = await addProduct(db, null, { slug: 'early-kettle', name: 'Early Kettle', variants: [{ sku: 'EK-1', priceCents: 6000, stock: 5 }] });
      await db('products').where({ id: early }).update({ members_only_until: Date.now() + 10 * DAY });
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

    const page = (who: Who, url: string) => t.app.inject({ method: 'GET', url, headers: people[who].cookie ? { cookie: people[who].cookie } : {} });
    const api = (who: Who, url: string) => t.app.inject({ method: 'GET', url, headers: people[who].token ? { authorization: `Bearer ${people[who].token}` } : {} });
    async function graphql(who: Who, query: string): Promise<Record<string, unknown>> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (people[who].token) headers.authorization = `Bearer ${people[who].token}`;
      const res = await t.app.inject({ method: 'POST', url: '/graphql', headers, payload: JSON.stringify({ query }) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().data;
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

    for (const who of EVERYONE) {
      test(`${who}: early access and member prices`, async () => {
        const visible = may.seeEarlyAccess(who);
        assert.equal((await page(who, '/products/early-kettle')).statusCode, visible ? 200 : 404, 'page');
        assert.equal((await api(who, '/api/v1/products/early-kettle')).statusCode, visible ? 200 : 404, 'REST');
        const gql = await graphql(who, '{ product(slug: "early-kettle") { name } products(first: 50) { edges { node { slug } } } }');
        assert.equal(gql.product === null, !visible, 'GraphQL product');
        const slugs = (gql.products as { edges: { node: { slug: string } }[] }).edges.map((e) => e.node.slug);
        assert.equal(slugs.includes('early-kettle'), visible, 'GraphQL listing');
        const listing = (await api(who, '/api/v1/products?sort=newest')).json();
        assert.equal(listing.items.some((p: { slug: string }) => p.slug === 'early-kettle'), visible, 'REST listing');
        const live = await liveAnswers(who, ['product:early-kettle', 'product:open-mug', 'product:no-such-thing']);
        assert.deepEqual(live, { 'product:early-kettle': visible ? 'subscribed' : 'denied', 'product:open-mug': 'subscribed', 'product:no-such-thing': 'denied' }, 'live');

        const price = may.payMemberPrice(who) ? 2000 : 2500;
        assert.equal((await api(who, '/api/v1/products/open-mug')).json().minPriceCents, price, 'REST price');
        const gqlMug = (await graphql(who, '{ product(slug: "open-mug") { priceCents } }')).product as { priceCents: number };
        assert.equal(gqlMug.priceCents, price, 'GraphQL price');
        assert.match((await page(who, '/products/open-mug')).body, price === 2000 ? /€20\.00/ : /€25\.00/, 'page price');
      });

      test(`${who}: orders`, async () => {
        const own = may.seeCustomersOrder(who);
        const strangers = may.seeStrangersOrder(who);
        const pageOf = async (n: string) => (await page(who, `/orders/${n}`)).statusCode;
        assert.equal(await pageOf(customersOrder), own ? 200 : 404, 'page: the customer’s order');
        assert.equal(await pageOf(strangersOrder), strangers ? 200 : 404, 'page: a stranger’s order');

        const restOf = async (n: string) => (await api(who, `/api/v1/orders/${n}`)).statusCode;
        const anonymousStatus = who === 'anonymous' ? 401 : 404;
        assert.equal(await restOf(customersOrder), own ? 200 : anonymousStatus, 'REST: the customer’s order');
        assert.equal(await restOf(strangersOrder), strangers ? 200 : anonymousStatus, 'REST: a stranger’s order');
        const mine = await api(who, '/api/v1/orders');
        if (who === 'anonymous') assert.equal(mine.statusCode, 401);
        else {
          const numbers = mine.json().items.map((o: { number: string }) => o.number);
          assert.equal(numbers.includes(customersOrder), who === 'customer', 'REST: my orders');
          assert.ok(!numbers.includes(strangersOrder), 'REST: nobody lists a stranger’s order as theirs');
        }

        const gql = await graphql(who, `{ a: order(number: "${customersOrder}") { number } b: order(number: "${strangersOrder}") { number } me { orders { number } } }`);
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
        const form = await t.app.inject({ method: 'POST', url: '/cart/add', headers, payload: `product=early-kettle&variant=${earlyVariant}&quantity=1` });
        assert.equal(form.statusCode < 400, allowed, `page form: ${form.statusCode}`);

        const restHeaders: Record<string, string> = { 'content-type': 'application/json', ...sameSite };
        if (people[who].token) restHeaders.authorization = `Bearer ${people[who].token}`;
        const rest = await t.app.inject({ method: 'POST', url: '/api/v1/cart/lines', headers: restHeaders, payload: JSON.stringify({ variantId: earlyVariant, quantity: 1 }) });
        assert.equal(rest.statusCode < 400, allowed, `REST: ${rest.statusCode} ${rest.body}`);
        if (!allowed) assert.equal(rest.statusCode, 404);

        const gqlHeaders: Record<string, string> = { 'content-type': 'application/json', ...sameSite };
        if (people[who].token) gqlHeaders.authorization = `Bearer ${people[who].token}`;
        const gql = await t.app.inject({ method: 'POST', url: '/graphql', headers: gqlHeaders, payload: JSON.stringify({ query: `mutation { addToCart(variantId: ${earlyVariant}, quantity: 1) { itemCount } }` }) });
        const body = gql.json();
        assert.equal(body.errors === undefined, allowed, `GraphQL: ${gql.body}`);
        if (!allowed) assert.equal(body.errors[0].extensions.code, 'cart.variant.unavailable');
      });

      test(`${who}: the back office and the account`, async () => {
        const adminPage = (await page(who, `/admin/orders/${customersOrder}`)).statusCode;
        assert.equal(adminPage, who === 'anonymous' ? 303 : may.watchAllOrders(who) ? 200 : 403, 'back-office order page');
        const me = await api(who, '/api/v1/me');
        assert.equal(me.statusCode, who === 'anonymous' ? 401 : 200, 'REST me');
        const gql = await graphql(who, '{ me { role membership { active } } }');
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
