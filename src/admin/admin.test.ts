// Role guards on back-office pages: anonymous -> log in with a return URL, customers 403, staff and admins in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { grantMembership } from '../membership/service';
import { formattersFor } from '../i18n';
import { placeOrder } from '../orders/service';
import { ensureDefaultCheckoutSettings } from '../orders/settings';
import { addVariant, cartWith, guest, RecordingProvider, reviewedOrder } from '../orders/testing';

for (const dialect of dialects) {
  describe(`back-office guards on ${dialect}`, () => {
    let t: TestApp;
    const cookies: Record<string, string> = {};
    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      const db = t.testDb.db;
      await addCategory(db, 'k', 'Kitchen');
      await addProduct(db, 'k', { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 100, stock: 2 }, { sku: 'MUG-2', priceCents: 100, stock: 0 }] });
      for (const role of ['customer', 'staff', 'admin'] as const) cookies[role] = await signIn(t.app, await createUser(db, role));
      const member = await createUser(db);
      await grantMembership(db, member, { days: 10, source: 'admin' });
      cookies.member = await signIn(t.app, member);
    });
    after(async () => t.close());

    const get = (url: string, who?: string) => t.app.inject({ url, headers: who ? { cookie: cookies[who] } : {} });

    test('anonymous visitors are sent to log in and brought back', async () => {
      for (const url of ['/admin', '/admin/users?q=a']) {
        const res = await get(url);
        assert.equal(res.statusCode, 303, url);
        assert.equal(res.headers.location, `/account/login?return=${encodeURIComponent(url)}`);
      }
      const json = await t.app.inject({ url: '/admin', headers: { accept: 'application/json' } });
      assert.equal(json.statusCode, 401);
      assert.match(json.headers['content-type'] as string, /problem\+json/);
    });

    test('customers and members get 403; staff see the dashboard but not the accounts; admins see both', async () => {
      for (const who of ['customer', 'member']) {
        assert.equal((await get('/admin', who)).statusCode, 403, who);
        assert.equal((await get('/admin/users', who)).statusCode, 403, who);
      }
      const staff = await get('/admin', 'staff');
      assert.equal(staff.statusCode, 200);
      // The test's one product and Emporium Plus (1 year), which the app creates at start.
      assert.match(staff.body, /<span class="stat-value">2<\/span> <span class="stat-label">products on sale/);
      assert.match(staff.body, /<span class="stat-value">1<\/span> <span class="stat-label">Plus members/);
      assert.equal(staff.headers['cache-control'], 'no-store');
      assert.doesNotMatch(staff.body, /href="\/admin\/users"/);
      assert.equal((await get('/admin/users', 'staff')).statusCode, 403);
      const admin = await get('/admin/users?q=staff', 'admin');
      assert.equal(admin.statusCode, 200);
      assert.match(admin.body, /1 account</);
      assert.equal((await get('/admin/users?page=99999', 'admin')).statusCode, 200);
    });

    test('the header offers the back office to staff only', async () => {
      assert.match((await get('/', 'staff')).body, /href="\/admin">Back office/);
      assert.doesNotMatch((await get('/', 'customer')).body, /href="\/admin"/);
    });
  });
}

for (const dialect of dialects) {
  describe(`back-office dashboard on ${dialect}`, () => {
    let t: TestApp;
    let staffCookie: string;
    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      await ensureDefaultCheckoutSettings(t.testDb.db);
      staffCookie = await signIn(t.app, await createUser(t.testDb.db, 'staff'));
    });
    after(async () => t.close());

    const dashboard = async () => {
      const res = await t.app.inject({ url: '/admin', headers: { cookie: staffCookie, 'accept-language': 'en' } });
      assert.equal(res.statusCode, 200);
      return res.body;
    };
    const section = (body: string, id: string) => body.slice(body.indexOf(`aria-labelledby="${id}"`), body.indexOf('</section>', body.indexOf(`aria-labelledby="${id}"`)));
    const tile = (value: string, label: string) => new RegExp(`<span class="stat-value">${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</span> <span class="stat-label">${label}</span>`);

    test('before any order: zero sales, an empty chart and no latest orders', async () => {
      const body = await dashboard();
      const money = formattersFor('en', t.config.currency).money;
      assert.match(section(body, 'today-title'), tile('0', 'orders'));
      assert.match(section(body, 'today-title'), tile(money(0), 'average order'));
      assert.match(body, /<svg [^>]*role="img"/);
      assert.match(body, /No sales from/);
      assert.match(body, /No orders yet\./);
    });

    test('after two orders today: their count, sales and average, the chart, the orders and the variant now running low', async () => {
      const db = t.testDb.db;
      const now = Date.now();
      const { variantId, sku } = await addVariant(db, 1500, 5);
      const provider = new RecordingProvider();
      const placed = [];
      for (const quantity of [1, 1]) {
        const cartId = await cartWith(db, [[variantId, quantity]], guest(now));
        placed.push(await placeOrder(db, provider, await reviewedOrder(db, { cartId, audience: guest(now), now })));
      }
      const { variantId: other } = await addVariant(db, 900, 2);
      const cartId = await cartWith(db, [[other, 1]], guest(now));
      const cancelled = await placeOrder(db, provider, await reviewedOrder(db, { cartId, audience: guest(now), now }));
      await db('orders').where({ id: cancelled.orderId }).update({ status: 'cancelled' });

      const body = await dashboard();
      const money = formattersFor('en', t.config.currency).money;
      const sales = placed[0].totals.totalCents + placed[1].totals.totalCents;
      const today = section(body, 'today-title');
      assert.match(today, tile('2', 'orders'), 'the cancelled order does not count');
      assert.match(today, tile(money(sales), 'sales'));
      assert.match(today, tile(money(Math.round(sales / 2)), 'average order'));
      assert.match(section(body, 'last-30-days-title'), tile('2', 'orders'));
      assert.match(body, /<svg [^>]*role="img" aria-labelledby="sales-chart-title sales-chart-desc"/);
      assert.equal(body.match(/<rect class="sales-bar"/g)?.length, 30);
      assert.match(body, new RegExp(`<desc id="sales-chart-desc">[^<]*${money(sales).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} in all`));

      const latest = section(body, 'latest-orders-title');
      for (const order of [...placed, cancelled]) assert.match(latest, new RegExp(`<a href="/admin/orders/${order.number}">${order.number}</a>`));
      assert.ok(latest.indexOf(cancelled.number) < latest.indexOf(placed[0].number), 'newest first');

      const lowStock = section(body, 'low-stock-title');
      const product = await db('variants').where({ id: variantId }).first('product_id');
      assert.match(lowStock, new RegExp(`<a href="/admin/products/${product.product_id}">[^<]+</a></td><td>${sku}</td><td class="dashboard-stock">3</td>`));
      assert.match(lowStock, /Variants sold out: 0/);
    });

    test('the row of an order placed while the dashboard is open comes from the server, for staff only', async () => {
      const db = t.testDb.db;
      const now = Date.now();
      const { variantId } = await addVariant(db, 1250, 5);
      const cartId = await cartWith(db, [[variantId, 2]], guest(now));
      const order = await placeOrder(db, new RecordingProvider(), await reviewedOrder(db, { cartId, audience: guest(now), now }));
      const money = formattersFor('en', t.config.currency).money;

      const res = await t.app.inject({ url: `/admin/latest-orders/${order.number}`, headers: { cookie: staffCookie, 'accept-language': 'en' } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.doesNotMatch(res.body, /<html/, 'a fragment, not a page');
      assert.match(res.body, new RegExp(`<tr class="live-new" data-order-number="${order.number}" data-announcement="New order ${order.number}">`));
      assert.match(res.body, new RegExp(`<a href="/admin/orders/${order.number}">${order.number}</a>`));
      assert.match(res.body, />New</);
      assert.match(res.body, />2 items</);
      assert.match(res.body, />Paid</);
      assert.ok(res.body.includes(money(order.totals.totalCents)));

      const unknown = await t.app.inject({ url: '/admin/latest-orders/EMP-NOPE', headers: { cookie: staffCookie } });
      assert.equal(unknown.statusCode, 404);
      assert.equal((await t.app.inject({ url: `/admin/latest-orders/${order.number}` })).statusCode, 303, 'anonymous: sent to log in');
    });
  });
}
