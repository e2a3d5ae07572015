// GraphQL account: me for anonymous callers, customers, members and apps; orders only for their customer (and staff); batching and limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { grantMembership } from '../membership/service';
import { createApiToken } from '../accounts/api-tokens';
import { placeOrder } from '../orders/service';
import { ensureDefaultCheckoutSettings } from '../orders/settings';
import { cartWith, RecordingProvider, reviewedOrder } from '../orders/testing';

const DAY = 24 * 60 * 60 * 1000;

function extend(app: FastifyInstance): void {
  addTestSignIn(app);
  app.get('/test/csrf-token', async (_request, reply) => ({ token: await reply.generateCsrf() }));
}

interface GqlBody {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

for (const dialect of dialects) {
  describe(`graphql account and orders on ${dialect}`, () => {
    let t: TestApp;
    const provider = new RecordingProvider();
    const variants: number[] = [];
    let alice = { userId: 0, cookie: '', token: '' };
    let bob = { userId: 0, cookie: '', token: '' };
    let busy = { userId: 0, cookie: '', token: '' };
    let staffCookie = '';
    const aliceOrders: string[] = [];
    let bobOrder = '';

    async function account(opts: { member?: boolean; role?: 'customer' | 'staff' } = {}) {
      const userId = await createUser(t.testDb.db, opts.role ?? 'customer');
      if (opts.member) await grantMembership(t.testDb.db, userId, { days: 30, source: 'admin' });
      return { userId, cookie: await signIn(t.app, userId), token: (await createApiToken(t.testDb.db, userId, 'app')).token };
    }

    /** Places an order of these variants (one each) for the account, at `now`. */
    async function order(userId: number, variantIds: number[], now: number): Promise<string> {
      const audience = { member: false, now };
      const cartId = await cartWith(t.testDb.db, variantIds.map((id) => [id, 1]), audience, userId);
      const placed = await placeOrder(t.testDb.db, provider, await reviewedOrder(t.testDb.db, { cartId, audience, userId, now }));
      return placed.number;
    }

    before(async () => {
      t = await createTestApp(dialect, {}, extend);
      const db = t.testDb.db;
      await ensureDefaultCheckoutSettings(db);
      await addCategory(db, 'kitchen', 'Kitchen');
      for (let i = 0; i < 6; i++) {
        await addProduct(db, 'kitchen', { slug: `bowl-${i}`, name: `Bowl ${i}`, variants: [{ sku: `BWL-${i}`, priceCents: 1000 + i, stock: 500 }] });
        variants.push(Number((await db('variants').where({ sku: `BWL-${i}` }).first('id')).id));
      }
      alice = await account();
      bob = await account();
      busy = await account();
      staffCookie = (await account({ role: 'staff' })).cookie;
      const base = Date.now() - 30 * DAY;
      aliceOrders.push(await order(alice.userId, [variants[0], variants[1]], base));
      aliceOrders.push(await order(alice.userId, [variants[2]], base + DAY));
      aliceOrders.push(await order(alice.userId, [variants[3]], base + 2 * DAY));
      bobOrder = await order(bob.userId, [variants[4]], base + DAY);
      // 25 orders of two lines each, every line a different product than its neighbour's.
      for (let i = 0; i < 25; i++) await order(busy.userId, [variants[i % 6], variants[(i + 1) % 6]], base + i * 1000);
    });
    after(async () => t.close());

    async function gql(query: string, who: { cookie?: string; token?: string } = {}) {
      const headers: Record<string, string> = {};
      if (who.token) headers.authorization = `Bearer ${who.token}`;
      else if (who.cookie) {
        headers.cookie = who.cookie;
        headers['x-csrf-token'] = (await t.app.inject({ method: 'GET', url: '/test/csrf-token', headers: { cookie: who.cookie } })).json().token;
      }
      const res = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query }, headers });
      return { res, body: res.json() as GqlBody };
    }

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

    test('me: null when anonymous; the customer with role, language and membership; a member’s membership is active', async () => {
      const anonymous = await gql('{ me { id email } }');
      assert.equal(anonymous.res.statusCode, 200);
      assert.deepEqual(anonymous.body, { data: { me: null } });

      const user = await t.testDb.db('users').where({ id: alice.userId }).first('email', 'name');
      const me = (await gql('{ me { id email name role locale membership { active endsAt } } }', alice)).body;
      assert.equal(me.errors, undefined, JSON.stringify(me.errors));
      assert.deepEqual(me.data?.me, { id: alice.userId, email: user.email, name: user.name, role: 'CUSTOMER', locale: 'EN', membership: { active: false, endsAt: null } });

      const member = await account({ member: true });
      const plus = (await gql('{ me { role membership { active endsAt } } }', member)).body.data?.me;
      assert.equal(plus.role, 'CUSTOMER');
      assert.equal(plus.membership.active, true);
      assert.ok(Date.parse(plus.membership.endsAt) > Date.now() + 29 * DAY);

      const staff = (await gql('{ me { role } }', { cookie: staffCookie })).body.data?.me;
      assert.deepEqual(staff, { role: 'STAFF' });
    });

    test('Bearer tokens sign apps in; a revoked token is 401, never anonymous', async () => {
      const viaToken = await gql('{ me { id } }', { token: alice.token });
      assert.equal(viaToken.res.statusCode, 200);
      assert.deepEqual(viaToken.body.data?.me, { id: alice.userId });
      const extra = await createApiToken(t.testDb.db, alice.userId, 'old phone');
      await t.testDb.db('api_tokens').where({ id: extra.summary.id }).update({ revoked_at: Date.now() });
      const revoked = await gql('{ me { id } }', { token: extra.token });
      assert.equal(revoked.res.statusCode, 401);
      assert.equal(revoked.res.headers['www-authenticate'], 'Bearer error="invalid_token"');
      assert.equal(revoked.body.data ?? null, null);
      assert.equal(revoked.body.errors?.[0].extensions?.code, 'error.invalidToken');
      assert.equal(revoked.body.errors?.[0].message, 'This API token is not valid: it is unknown or was revoked.');
    });

    test('me.orders: the customer’s own orders, newest first, with lines as sold and their products', async () => {
      const { body } = await gql(
        `{ me { orders { number status placedAt currency subtotalCents discountCents shippingCents taxCents totalCents shippingMethod
          shippingAddress { name city country } cursor lines { name sku label quantity unitPriceCents lineTotalCents product { slug name priceCents } } } } }`,
        alice,
      );
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      const orders = body.data?.me.orders;
      assert.deepEqual(orders.map((o: { number: string }) => o.number), [...aliceOrders].reverse());
      assert.ok(!orders.some((o: { number: string }) => o.number === bobOrder), 'never another customer’s order');
      const oldest = orders[2];
      assert.equal(oldest.status, 'PAID');
      assert.equal(oldest.currency, 'EUR');
      assert.equal(oldest.subtotalCents, 1000 + 1001);
      assert.equal(oldest.totalCents, oldest.subtotalCents - oldest.discountCents + oldest.shippingCents + oldest.taxCents);
      assert.deepEqual(oldest.shippingAddress, { name: 'Camille Martin', city: 'Paris', country: 'FR' });
      assert.deepEqual(oldest.lines.map((l: { sku: string }) => l.sku), ['BWL-0', 'BWL-1']);
      assert.deepEqual(oldest.lines[0].product, { slug: 'bowl-0', name: 'Bowl 0', priceCents: 1000 });
      assert.equal(oldest.lines[0].name, 'Bowl 0');

      // The line keeps what was sold; the product follows the catalog, and is null once the viewer may not see it.
      await t.testDb.db('variants').where({ id: variants[3] }).update({ price_cents: 9999 });
      await t.testDb.db('products').where({ slug: 'bowl-2' }).update({ status: 'archived' });
      try {
        const again = (await gql('{ me { orders(first: 2) { lines { sku unitPriceCents product { slug priceCents } } } } }', alice)).body.data?.me.orders;
        assert.deepEqual(again[0].lines, [{ sku: 'BWL-3', unitPriceCents: 1003, product: { slug: 'bowl-3', priceCents: 9999 } }]);
        assert.deepEqual(again[1].lines, [{ sku: 'BWL-2', unitPriceCents: 1002, product: null }]);
      } finally {
        await t.testDb.db('variants').where({ id: variants[3] }).update({ price_cents: 1003 });
        await t.testDb.db('products').where({ slug: 'bowl-2' }).update({ status: 'active' });
      }
    });

    test('orders page by cursor: orders(first, after) and orderConnection', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const args: string = after ? `first: 10, after: "${after}"` : 'first: 10';
        const orders: { number: string; cursor: string }[] = (await gql(`{ me { orders(${args}) { number cursor } } }`, busy)).body.data?.me.orders;
        if (orders.length === 0) break;
        seen.push(...orders.map((o) => o.number));
        after = orders[orders.length - 1].cursor;
      }
      assert.equal(seen.length, 25);
      assert.equal(new Set(seen).size, 25);

      const first = (await gql('{ me { orderConnection(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { number } } } } }', busy)).body.data?.me.orderConnection;
      assert.equal(first.totalCount, 25);
      assert.equal(first.pageInfo.hasNextPage, true);
      assert.deepEqual(first.edges.map((e: { node: { number: string } }) => e.node.number), seen.slice(0, 20));
      const rest = (await gql(`{ me { orderConnection(first: 20, after: "${first.pageInfo.endCursor}") { pageInfo { hasNextPage } edges { node { number } } } } }`, busy)).body.data?.me.orderConnection;
      assert.equal(rest.pageInfo.hasNextPage, false);
      assert.deepEqual(rest.edges.map((e: { node: { number: string } }) => e.node.number), seen.slice(20));

      for (const bad of ['first: 0', 'first: 101', 'after: "nonsense"', `after: "${Buffer.from('o:5').toString('base64url')}"`]) {
        const { body } = await gql(`{ me { orders(${bad}) { number } } }`, busy);
        assert.equal(body.errors?.[0].extensions?.code, 'BAD_USER_INPUT', bad);
        assert.ok(['first', 'after'].includes(body.errors?.[0].extensions?.field as string), bad);
      }
    });

    test('order(number): its customer and staff see it; anyone else, anonymous or signed in, gets null', async () => {
      const q = (n: string) => `{ order(number: "${n}") { number totalCents shippingAddress { name } lines { sku } } }`;
      const own = (await gql(q(bobOrder), bob)).body;
      assert.equal(own.errors, undefined, JSON.stringify(own.errors));
      assert.equal(own.data?.order.number, bobOrder);
      assert.deepEqual(own.data?.order.lines, [{ sku: 'BWL-4' }]);
      assert.deepEqual(own.data?.order.shippingAddress, { name: 'Camille Martin' });
      assert.equal((await gql(q(bobOrder.toLowerCase()), { token: bob.token })).body.data?.order.number, bobOrder);

      for (const who of [alice, { token: alice.token }, {}]) {
        const { res, body } = await gql(q(bobOrder), who);
        assert.equal(res.statusCode, 200);
        assert.deepEqual(body, { data: { order: null } });
      }
      assert.deepEqual((await gql(q('EMP-0000000000'), bob)).body, { data: { order: null } });
      assert.deepEqual((await gql(q('nonsense'), bob)).body, { data: { order: null } });

      const staff = (await gql(q(bobOrder), { cookie: staffCookie })).body.data?.order;
      assert.equal(staff.number, bobOrder);
      assert.deepEqual(staff.shippingAddress, { name: 'Camille Martin' });
    });

    test('me { orders { lines { product { name } } } } is batched: the query count does not grow with the number of orders', async () => {
      const query = (first: number) => `{ me { orders(first: ${first}) { number lines { name product { name } } } } }`;
      const counts: number[] = [];
      // The token's last use is written at most once a minute: the first request of this minute writes it.
      await gql('{ me { id } }', { token: busy.token });
      for (const first of [2, 20]) {
        const { result, sql } = await countingQueries(() => gql(query(first), { token: busy.token }));
        const body = result.body;
        assert.equal(body.errors, undefined, JSON.stringify(body.errors));
        assert.equal(body.data?.me.orders.length, first);
        assert.equal(body.data?.me.orders[0].lines.length, 2);
        assert.ok(body.data?.me.orders.every((o: { lines: { product: { name: string } | null }[] }) => o.lines.every((l) => l.product?.name)));
        counts.push(sql.length);
      }
      console.log(`# ${dialect}: SQL queries for me{orders(first: N){lines{product{name}}}} with a Bearer token: ${counts[0]} for 2 orders, ${counts[1]} for 20`);
      assert.equal(counts[0], counts[1]);
      assert.ok(counts[1] <= 8, `${counts[1]} queries`);

      const { sql: withCookie } = await countingQueries(() => t.app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(query(20))}`, headers: { cookie: busy.cookie } }));
      console.log(`# ${dialect}: the same for 20 orders with a session cookie (GET): ${withCookie.length}`);
      assert.ok(withCookie.length <= 8, `${withCookie.length} queries`);
    });

    test('too deep order queries, alias floods and mutation floods are refused before any resolver runs', async () => {
      const deep = '{ me { orders { lines { product { category { children { children { children { slug } } } } } } } } }';
      const aliases = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: me { orders { number } }`).join(' ')} }`;
      const mutations = `mutation { ${Array.from({ length: 11 }, (_, i) => `m${i}: addToCart(variantId: ${variants[0]}, quantity: 1) { itemCount }`).join(' ')} }`;
      const wideOrders = `{ me { orders { lines { ${Array.from({ length: 250 }, () => 'sku').join(' ')} } } } }`;
      for (const query of [deep, aliases, mutations, wideOrders]) {
        const { result: res, sql } = await countingQueries(() => t.app.inject({ method: 'POST', url: '/graphql', payload: { query } }));
        const body = res.json();
        assert.ok(Array.isArray(body.errors) && body.errors.length > 0, res.body);
        assert.equal(body.data ?? null, null);
        assert.deepEqual(sql, [], 'no SQL ran');
        assert.doesNotMatch(res.body, /at .*\.(ts|js):\d+/, 'no stack trace');
      }
      // The deepest useful read still works.
      const useful = await gql('{ me { orders(first: 1) { lines { product { variants { options { name } } } } } } }', alice);
      assert.equal(useful.body.errors, undefined, JSON.stringify(useful.body.errors));
      // Ten changes in one document are fine.
      const ten = `mutation { ${Array.from({ length: 10 }, (_, i) => `m${i}: addToCart(variantId: ${variants[5]}, quantity: 1) { itemCount }`).join(' ')} }`;
      const tenRes = await gql(ten, { token: alice.token });
      assert.equal(tenRes.body.errors, undefined, JSON.stringify(tenRes.body.errors));
      assert.equal(tenRes.body.data?.m9.itemCount, 10);
    });
  });
}
