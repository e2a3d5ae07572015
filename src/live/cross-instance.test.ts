// Two instances on one PostgreSQL database (this process and a real second server process): events and cache invalidation cross over.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addProduct } from '../test-support/catalog-fixtures';
import { createUser } from '../test-support/sign-in';
import { createApiToken } from '../accounts/api-tokens';
import { placeOrder } from '../orders/service';
import { ensureDefaultCheckoutSettings } from '../orders/settings';
import { cartWith, guest, RecordingProvider, reviewedOrder } from '../orders/testing';
import { transitionOrder } from '../orders/lifecycle';
import { eventually, TestSocket } from './testing';
import { ServerProcess } from '../test-support/server-process';

const pgOnly = process.env.TEST_DATABASE_URL ? describe : describe.skip;

pgOnly('live updates across two instances on pg', () => {
  let a: TestApp;
  let b: ServerProcess | null = null;
  let bBase = '';
  let dataDir = '';
  const open: TestSocket[] = [];

  before(async () => {
    a = await createTestApp('pg');
    await ensureDefaultCheckoutSettings(a.testDb.db);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-instance-b-'));
    // The real server entry point on A's database, as a second machine would run it (config.ts names these variables).
    b = await ServerProcess.start({
      DATABASE_URL: a.testDb.databaseUrl as string,
      DATA_DIR: dataDir,
      // Long enough that only an invalidation can refresh instance B's cached pages during the test.
      CATALOG_CACHE_TTL_MS: '3600000',
    });
    bBase = b.base;
  });

  after(async () => {
    for (const s of open) await s.close();
    if (b?.running) {
      b.child.kill('SIGTERM');
      await b.exited;
    }
    await a.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function socketOnB(headers: Record<string, string>): Promise<TestSocket> {
    const s = await TestSocket.open(`${bBase.replace('http:', 'ws:')}/live`, headers);
    open.push(s);
    return s;
  }

  test('a purchase and a status change on A reach sockets connected to B', async () => {
    const db = a.testDb.db;
    await addProduct(db, null, { slug: 'shared-lamp', name: 'Shared Lamp', variants: [{ sku: 'SH-1', priceCents: 2500, stock: 1 }] });
    const variantId = Number((await db('variants').where({ sku: 'SH-1' }).first('id')).id);
    const staffId = await createUser(db, 'staff');
    const customerId = await createUser(db, 'customer');

    const shopper = await socketOnB({ origin: bBase });
    assert.equal(await shopper.subscribe('product:shared-lamp'), 'subscribed');
    const clerk = await socketOnB({ authorization: `Bearer ${(await createApiToken(db, staffId, 'orders screen')).token}` });
    assert.equal(await clerk.subscribe('admin:orders'), 'subscribed');

    const now = Date.now();
    const cartId = await cartWith(db, [[variantId, 1]], guest(now), customerId);
    const order = await placeOrder(db, new RecordingProvider(), await reviewedOrder(db, { cartId, audience: guest(now), userId: customerId, now }));

    assert.deepEqual(await shopper.nextOfType('stock'), { type: 'stock', channel: 'product:shared-lamp', variantId, stock: { kind: 'sold_out' } });
    const news = await clerk.nextOfType('order-new');
    assert.equal(news.number, order.number);
    assert.equal(news.totalCents, order.totals.totalCents);

    const owner = await socketOnB({ authorization: `Bearer ${(await createApiToken(db, customerId, 'phone')).token}` });
    assert.equal(await owner.subscribe(`order:${order.number}`), 'subscribed');
    const staffEmail = (await db('users').where({ id: staffId }).first('email')).email as string;
    await transitionOrder(db, { id: staffId, email: staffEmail }, order.number, 'fulfil');
    assert.deepEqual(await owner.nextOfType('order-status'), { type: 'order-status', channel: `order:${order.number}`, number: order.number, status: 'fulfilled' });
  });

  test('invalidating the catalog on A refreshes the pages B has cached', async () => {
    const db = a.testDb.db;
    await addProduct(db, null, { slug: 'renamed-lamp', name: 'Lamp Before', variants: [{ sku: 'RN-1', priceCents: 2500, stock: 5 }] });
    const page = async () => (await fetch(`${bBase}/products/renamed-lamp`)).text();
    assert.match(await page(), /Lamp Before/);
    await db('products').where({ slug: 'renamed-lamp' }).update({ name: 'Lamp After' });
    assert.match(await page(), /Lamp Before/, 'B serves its cached page until told');

    a.app.catalog.invalidate();
    await eventually(async () => /Lamp After/.test(await page()), 'B drops its cached catalog');
  });
});
