// GET /live over a real socket: who may join which channel, how the upgrade is guarded, the protocol's limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, sessionCookieFrom, signIn } from '../test-support/sign-in';
import { grantMembership } from '../membership/service';
import { createApiToken } from '../accounts/api-tokens';
import { placeOrder } from '../orders/service';
import { ensureDefaultCheckoutSettings } from '../orders/settings';
import { cartWith, guest, reviewedOrder } from '../orders/testing';
import { TestCardProvider } from '../payments/test-card-provider';
import { rememberPlacedOrder, tokenHash } from '../orders/placed-order-access';
import { eventually, listening, TestSocket } from './testing';

const DAY = 24 * 60 * 60 * 1000;

/** A test-only route that gives the browser's session a guest order's access, as checkout does. */
function addRememberOrder(app: FastifyInstance): void {
  addTestSignIn(app);
  app.post<{ Body: { number: string; accessToken: string } }>('/test/remember-order', { config: { csrf: false } }, async (request) => {
    rememberPlacedOrder(request, { number: request.body.number, accessToken: request.body.accessToken, tokenHash: tokenHash(request.body.number) });
    return { ok: true };
  });
}

for (const dialect of dialects) {
  describe(`live socket on ${dialect}`, () => {
    let t: TestApp;
    let url = '';
    let origin = '';
    const ids: Record<string, number> = {};
    const cookies: Record<string, string> = {};
    let ownOrder = '';
    let otherOrder = '';
    let guestOrder = '';
    let guestCookie = '';
    let ownerToken = '';
    const open: TestSocket[] = [];

    async function socket(headers: Record<string, string> = {}, options = {}): Promise<TestSocket> {
      const s = await TestSocket.open(url, { origin, ...headers }, options);
      open.push(s);
      return s;
    }

    async function orderFor(userId: number | null, variantId: number): Promise<{ number: string; accessToken: string }> {
      const now = Date.now();
      const cartId = await cartWith(t.testDb.db, [[variantId, 1]], guest(now), userId);
      const input = await reviewedOrder(t.testDb.db, { cartId, audience: guest(now), userId, now });
      return placeOrder(t.testDb.db, new TestCardProvider(), input);
    }

    before(async () => {
      t = await createTestApp(dialect, {}, addRememberOrder);
      const db = t.testDb.db;
      await ensureDefaultCheckoutSettings(db);
      await addProduct(db, null, { slug: 'live-lamp', name: 'Live Lamp', variants: [{ sku: 'LL-1', priceCents: 2000, stock: 50 }] });
      const early = await addProduct(db, null, { slug: 'early-lamp', name: 'Early Lamp', variants: [{ sku: 'EL-1', priceCents: 3000, stock: 5 }] });
      await db('products').where({ id: early }).update({ members_only_until: Date.now() + 10 * DAY });
      await addProduct(db, null, { slug: 'draft-lamp', name: 'Draft Lamp', status: 'draft', variants: [{ sku: 'DL-1', priceCents: 3000, stock: 5 }] });
      ids.customer = await createUser(db, 'customer');
      ids.member = await createUser(db, 'customer');
      await grantMembership(db, ids.member, { days: 30, source: 'admin' });
      ids.staff = await createUser(db, 'staff');
      ids.admin = await createUser(db, 'admin');
      ids.stranger = await createUser(db, 'customer');
      for (const who of Object.keys(ids)) cookies[who] = await signIn(t.app, ids[who]);
      const lamp = Number((await db('variants').where({ sku: 'LL-1' }).first('id')).id);
      ownOrder = (await orderFor(ids.customer, lamp)).number;
      otherOrder = (await orderFor(ids.stranger, lamp)).number;
      const placedByGuest = await orderFor(null, lamp);
      guestOrder = placedByGuest.number;
      const remembered = await t.app.inject({ method: 'POST', url: '/test/remember-order', payload: { number: guestOrder, accessToken: placedByGuest.accessToken } });
      guestCookie = sessionCookieFrom(remembered);
      assert.ok(guestCookie, 'the guest has a session');
      ownerToken = (await createApiToken(db, ids.customer, 'live test')).token;
      ({ url, origin } = await listening(t.app));
    });

    after(async () => {
      for (const s of open) await s.close();
      await t.close();
    });

    test('who may join which channel, by role', async () => {
      const channels = {
        lamp: 'product:live-lamp',
        early: 'product:early-lamp',
        draft: 'product:draft-lamp',
        unknown: 'product:no-such-lamp',
        own: `order:${ownOrder}`,
        other: `order:${otherOrder}`,
        admin: 'admin:orders',
        junk: 'nonsense',
      };
      // y = subscribed, n = denied; "own" is the customer's order.
      const expected: Record<string, Record<keyof typeof channels, 'y' | 'n'>> = {
        anonymous: { lamp: 'y', early: 'n', draft: 'n', unknown: 'n', own: 'n', other: 'n', admin: 'n', junk: 'n' },
        customer: { lamp: 'y', early: 'n', draft: 'n', unknown: 'n', own: 'y', other: 'n', admin: 'n', junk: 'n' },
        member: { lamp: 'y', early: 'y', draft: 'n', unknown: 'n', own: 'n', other: 'n', admin: 'n', junk: 'n' },
        staff: { lamp: 'y', early: 'n', draft: 'n', unknown: 'n', own: 'y', other: 'y', admin: 'y', junk: 'n' },
        admin: { lamp: 'y', early: 'n', draft: 'n', unknown: 'n', own: 'y', other: 'y', admin: 'y', junk: 'n' },
      };
      for (const [who, row] of Object.entries(expected)) {
        const s = await socket(who === 'anonymous' ? {} : { cookie: cookies[who] });
        const got: Record<string, string> = {};
        for (const [name, channel] of Object.entries(channels)) got[name] = (await s.subscribe(channel)) === 'subscribed' ? 'y' : 'n';
        assert.deepEqual(got, row, `${who}`);
        await s.close();
      }
    });

    test('a guest joins the order its session placed, and no other', async () => {
      const s = await socket({ cookie: guestCookie });
      assert.equal(await s.subscribe(`order:${guestOrder}`), 'subscribed');
      assert.equal(await s.subscribe(`order:${ownOrder}`), 'denied');
      const stranger = await socket();
      assert.equal(await stranger.subscribe(`order:${guestOrder}`), 'denied', 'without the session, the number alone is not enough');
    });

    test('a personal API token (no Origin) joins its own order; a bad token is 401; no Origin without a token is 403', async () => {
      const app = await TestSocket.open(url, { authorization: `Bearer ${ownerToken}` });
      open.push(app);
      assert.equal(await app.subscribe(`order:${ownOrder}`), 'subscribed');
      assert.equal(await app.subscribe(`order:${otherOrder}`), 'denied');
      assert.equal(await app.subscribe('admin:orders'), 'denied');
      await assert.rejects(TestSocket.open(url, { authorization: 'Bearer emp_not-a-real-token' }), /401/);
      await assert.rejects(TestSocket.open(url, { cookie: cookies.customer }), /403/);
      await assert.rejects(TestSocket.open(url), /403/);
    });

    test('a bearer token ignores the session that came along: no guest access through the cookie', async () => {
      const s = await TestSocket.open(url, { authorization: `Bearer ${ownerToken}`, cookie: guestCookie });
      open.push(s);
      assert.equal(await s.subscribe(`order:${guestOrder}`), 'denied');
    });

    test('an upgrade from another site is refused with 403, even with the session cookie', async () => {
      await assert.rejects(TestSocket.open(url, { origin: 'http://evil.example', cookie: cookies.staff }), /403/);
      await assert.rejects(TestSocket.open(url, { origin: 'null', cookie: cookies.staff }), /403/);
      await assert.rejects(TestSocket.open(url, { origin: 'http://evil.example', authorization: `Bearer ${ownerToken}` }), /403/);
    });

    test('upgrading never creates a session', async () => {
      const before = Number((await t.testDb.db('sessions').count({ n: '*' }).first())?.n);
      const s = await socket();
      assert.equal(await s.subscribe(`order:${ownOrder}`), 'denied');
      assert.equal(await s.subscribe('product:live-lamp'), 'subscribed');
      await s.close();
      const after = Number((await t.testDb.db('sessions').count({ n: '*' }).first())?.n);
      assert.equal(after, before);
    });

    test('a role change seen first by the socket does not end the browser session', async () => {
      const id = await createUser(t.testDb.db, 'customer');
      const cookie = await signIn(t.app, id);
      await t.testDb.db('users').where({ id }).update({ role: 'staff' });
      const s = await socket({ cookie });
      assert.equal(await s.subscribe('admin:orders'), 'subscribed');
      await s.close();
      // The page request after it still has the account (and moves it to a new session id itself).
      const page = await t.app.inject({ method: 'GET', url: '/account', headers: { cookie } });
      assert.notEqual(page.statusCode, 303, 'still signed in');
    });

    test('a session past its 30-day limit joins as anonymous, and the upgrade leaves the sessions alone', async () => {
      const id = await createUser(t.testDb.db, 'staff');
      const cookie = await signIn(t.app, id);
      const db = t.testDb.db;
      for (const row of await db('sessions').select('sid', 'sess')) {
        const sess = JSON.parse(row.sess);
        if (sess.userId !== id) continue;
        await db('sessions').where({ sid: row.sid }).update({ sess: JSON.stringify({ ...sess, signedInAt: Date.now() - 31 * DAY }) });
      }
      const before = await db('sessions').orderBy('sid').select('sid', 'sess');
      const s = await socket({ cookie });
      assert.equal(await s.subscribe('admin:orders'), 'denied');
      await s.close();
      assert.deepEqual(await db('sessions').orderBy('sid').select('sid', 'sess'), before);
    });

    test('a plain GET of /live is not found', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/live' });
      assert.equal(res.statusCode, 404);
    });

    test('ping, unsubscribe, and a repeated subscribe', async () => {
      const s = await socket();
      s.send({ type: 'ping' });
      assert.deepEqual(await s.next(), { type: 'pong' });
      assert.equal(await s.subscribe('product:live-lamp'), 'subscribed');
      assert.equal(await s.subscribe('product:live-lamp'), 'subscribed');
      assert.equal(t.app.live.subscriberCount('product:live-lamp'), 1);
      s.send({ type: 'unsubscribe', channel: 'product:live-lamp' });
      s.send({ type: 'ping' });
      await s.nextOfType('pong');
      assert.equal(t.app.live.subscriberCount('product:live-lamp'), 0);
      await s.close();
    });

    test('bad messages get an error; the third closes the socket (1008)', async () => {
      const s = await socket();
      s.send('not json');
      assert.deepEqual(await s.next(), { type: 'error', code: 'bad-message' });
      s.send({ type: 'shout', channel: 'product:live-lamp' });
      assert.deepEqual(await s.next(), { type: 'error', code: 'bad-message' });
      s.send({ type: 'ping' });
      assert.deepEqual(await s.next(), { type: 'pong' }, 'good messages still work between bad ones');
      s.send({ type: 'subscribe', channel: 42 });
      assert.equal((await s.closed).code, 1008);
    });

    test('a message over 1 KiB closes the socket (1009)', async () => {
      const s = await socket();
      s.send({ type: 'subscribe', channel: 'x'.repeat(1100) });
      assert.equal((await s.closed).code, 1009);
    });

    test('a message of exactly 1 KiB is still answered', async () => {
      const s = await socket();
      const channel = `product:${'a'.repeat(1024 - JSON.stringify({ type: 'subscribe', channel: 'product:' }).length)}`;
      const text = JSON.stringify({ type: 'subscribe', channel });
      assert.equal(Buffer.byteLength(text), 1024);
      s.send(text);
      assert.equal((await s.next()).type, 'denied');
      await s.close();
    });

    test('more than 30 messages in 10 s closes the socket (1008)', async () => {
      const s = await socket();
      for (let i = 0; i < 31; i++) s.send({ type: 'ping' });
      const closed = await s.closed;
      assert.equal(closed.code, 1008);
      assert.ok(s.pending().filter((m) => m.type === 'pong').length <= 30);
    });

    test('subscriptions are dropped when the socket closes', async () => {
      const s = await socket({ cookie: cookies.staff });
      assert.equal(await s.subscribe('admin:orders'), 'subscribed');
      assert.equal(t.app.live.subscriberCount('admin:orders'), 1);
      await s.close();
      await eventually(() => t.app.live.subscriberCount('admin:orders') === 0, 'the hub forgets the closed socket');
    });

    test('keepalive: a socket that does not answer pings is dropped, one that does stays', async () => {
      const dead = await socket({}, { autoPong: false });
      const alive = await socket();
      // Both have just spoken; a sweep a heartbeat later pings them.
      for (const s of [dead, alive]) {
        s.send({ type: 'ping' });
        await s.nextOfType('pong');
      }
      const pinged = new Promise((resolve) => alive.ws.once('ping', resolve));
      t.app.live.sweep(Date.now() + t.app.live.heartbeatMs);
      await pinged;
      // The pong frame went out before this message, so the server has seen it when the answer comes.
      alive.send({ type: 'ping' });
      await alive.nextOfType('pong');
      t.app.live.sweep(Date.now() + t.app.live.heartbeatMs);
      assert.equal((await dead.closed).code, 1006, 'terminated without a close frame');
      alive.send({ type: 'ping' });
      assert.deepEqual(await alive.next(), { type: 'pong' });
    });
  });
}
