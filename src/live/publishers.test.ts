// The services publish live events at commit: stock from changeStock, new orders from placeOrder, statuses from transitionOrder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { placeOrder, type PlacedOrder } from '../orders/service';
import { OutOfStockError } from '../orders/errors';
import { ensureDefaultCheckoutSettings } from '../orders/settings';
import { cartWith, guest, RecordingProvider, reviewedOrder } from '../orders/testing';
import { changeStock } from '../inventory/service';
import { transitionOrder } from '../orders/lifecycle';
import { publishLive } from '../events/bus';
import type { BusMessage } from '../events/messages';
import { eventually, listening, TestSocket, type LiveMessage } from './testing';

let sequence = 0;

for (const dialect of dialects) {
  describe(`live publishers on ${dialect}`, () => {
    let t: TestApp;
    let url = '';
    let origin = '';
    let staffCookie = '';
    let staff = { id: 0, email: '' };
    let customerId = 0;
    let customerCookie = '';
    const open: TestSocket[] = [];

    async function socket(cookie?: string): Promise<TestSocket> {
      const s = await TestSocket.open(url, cookie ? { origin, cookie } : { origin });
      open.push(s);
      return s;
    }

    async function product(stock: number): Promise<{ slug: string; variantId: number }> {
      sequence += 1;
      const slug = `watched-lamp-${sequence}`;
      await addProduct(t.testDb.db, null, { slug, name: `Watched Lamp ${sequence}`, variants: [{ sku: `WL-${sequence}`, priceCents: 1500, stock }] });
      const row = await t.testDb.db('variants').where({ sku: `WL-${sequence}` }).first('id');
      return { slug, variantId: Number(row.id) };
    }

    async function buy(variantId: number, quantity: number, userId: number | null = null, provider = new RecordingProvider()): Promise<PlacedOrder> {
      const now = Date.now();
      const cartId = await cartWith(t.testDb.db, [[variantId, quantity]], guest(now), userId);
      return placeOrder(t.testDb.db, provider, await reviewedOrder(t.testDb.db, { cartId, audience: guest(now), userId, now }));
    }

    const stockMessage = (m: LiveMessage) => m.type === 'stock';

    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      await ensureDefaultCheckoutSettings(t.testDb.db);
      const staffId = await createUser(t.testDb.db, 'staff');
      staff = { id: staffId, email: (await t.testDb.db('users').where({ id: staffId }).first('email')).email };
      staffCookie = await signIn(t.app, staffId);
      customerId = await createUser(t.testDb.db, 'customer');
      customerCookie = await signIn(t.app, customerId);
      ({ url, origin } = await listening(t.app));
    });

    after(async () => {
      for (const s of open) await s.close();
      await t.close();
    });

    test('an order: its product’s watchers hear the stock (sold out with the last unit), staff hear of the order', async () => {
      const { slug, variantId } = await product(3);
      const shopper = await socket();
      assert.equal(await shopper.subscribe(`product:${slug}`), 'subscribed');
      const clerk = await socket(staffCookie);
      assert.equal(await clerk.subscribe('admin:orders'), 'subscribed');

      const first = await buy(variantId, 2, customerId);
      assert.deepEqual(await shopper.next(stockMessage), { type: 'stock', channel: `product:${slug}`, variantId, stock: { kind: 'low', left: 1 } });
      const news = await clerk.nextOfType('order-new');
      assert.equal(news.channel, 'admin:orders');
      assert.equal(news.number, first.number);
      assert.equal(news.totalCents, first.totals.totalCents);
      assert.equal(news.currency, 'EUR');
      assert.equal(news.itemCount, 2);
      assert.equal(typeof news.placedAt, 'number');
      assert.deepEqual(Object.keys(news).sort(), ['channel', 'currency', 'itemCount', 'number', 'placedAt', 'totalCents', 'type']);

      const last = await buy(variantId, 1);
      assert.deepEqual((await shopper.next(stockMessage)).stock, { kind: 'sold_out' });
      assert.equal((await clerk.nextOfType('order-new')).number, last.number);
      assert.deepEqual(shopper.pending(), [], 'the shopper hears nothing about orders');
    });

    test('a change shoppers cannot see (in stock before and after) is not sent', async () => {
      const { slug, variantId } = await product(20);
      const shopper = await socket();
      assert.equal(await shopper.subscribe(`product:${slug}`), 'subscribed');
      await t.testDb.db.transaction((trx) => changeStock(trx, { variantId, change: -5, reason: 'damaged' }));
      await t.testDb.db.transaction((trx) => changeStock(trx, { variantId, change: -13, reason: 'damaged' }));
      assert.deepEqual(await shopper.next(stockMessage), { type: 'stock', channel: `product:${slug}`, variantId, stock: { kind: 'low', left: 2 } }, 'the first message is the change to 2 left');
    });

    test('a status change reaches the owner’s socket; a cancel puts the stock back', async () => {
      const { slug, variantId } = await product(1);
      const order = await buy(variantId, 1, customerId);
      const owner = await socket(customerCookie);
      assert.equal(await owner.subscribe(`order:${order.number}`), 'subscribed');
      const shopper = await socket();
      assert.equal(await shopper.subscribe(`product:${slug}`), 'subscribed');

      await transitionOrder(t.testDb.db, staff, order.number, 'fulfil');
      assert.deepEqual(await owner.next(), { type: 'order-status', channel: `order:${order.number}`, number: order.number, status: 'fulfilled' });
      await transitionOrder(t.testDb.db, staff, order.number, 'cancel');
      assert.deepEqual(await owner.next(), { type: 'order-status', channel: `order:${order.number}`, number: order.number, status: 'cancelled' });
      assert.deepEqual((await shopper.next(stockMessage)).stock, { kind: 'low', left: 1 });
    });

    test('a transaction that rolls back publishes nothing (thrown, explicit rollback, savepoints)', async () => {
      const { slug, variantId } = await product(2);
      const shopper = await socket();
      assert.equal(await shopper.subscribe(`product:${slug}`), 'subscribed');
      const db = t.testDb.db;

      await assert.rejects(
        db.transaction(async (trx) => {
          await changeStock(trx, { variantId, change: -2, reason: 'damaged' });
          throw new Error('changed my mind');
        }),
        /changed my mind/,
      );
      const trx = await db.transaction();
      await changeStock(trx, { variantId, change: -2, reason: 'damaged' });
      await trx.rollback();
      // A savepoint that was released still goes when the transaction around it rolls back.
      await assert.rejects(
        db.transaction(async (outer) => {
          await outer.transaction((inner) => changeStock(inner, { variantId, change: -2, reason: 'damaged' }));
          throw new Error('outer rolls back');
        }),
        /outer rolls back/,
      );
      await db.transaction(async (outer) => {
        await outer
          .transaction(async (inner) => {
            await changeStock(inner, { variantId, change: -2, reason: 'damaged' });
            throw new Error('inner only');
          })
          .catch(() => undefined);
        await changeStock(outer, { variantId, change: 3, reason: 'received' });
      });

      // Events keep their order, so the first to arrive is the committed one: 2 + 3 = 5, in stock.
      assert.deepEqual((await shopper.next(stockMessage)).stock, { kind: 'in_stock' });
    });

    test('an order that fails after taking stock publishes neither the stock nor the order', async () => {
      const { slug, variantId } = await product(2);
      const shopper = await socket();
      assert.equal(await shopper.subscribe(`product:${slug}`), 'subscribed');
      const clerk = await socket(staffCookie);
      assert.equal(await clerk.subscribe('admin:orders'), 'subscribed');

      // Someone else takes a unit between the quote and the transaction: the 2-unit order cannot be written.
      const provider = new RecordingProvider();
      provider.afterCharge = async () => {
        provider.afterCharge = null;
        await t.testDb.db.transaction((trx) => changeStock(trx, { variantId, change: -1, reason: 'damaged' }));
      };
      await assert.rejects(buy(variantId, 2, null, provider), OutOfStockError);
      const placed = await buy(variantId, 1);

      assert.deepEqual((await shopper.next(stockMessage)).stock, { kind: 'low', left: 1 }, 'the clerk’s change first');
      assert.deepEqual((await shopper.next(stockMessage)).stock, { kind: 'sold_out' });
      assert.equal((await clerk.nextOfType('order-new')).number, placed.number, 'the first order-new is the order that was placed');
    });

    test('catalog invalidation: another instance’s is applied, this instance’s own is not applied twice', async () => {
      const catalog = t.app.catalog;
      let cleared = 0;
      catalog.onInvalidate(() => (cleared += 1));
      const heard: BusMessage[] = [];
      const stop = t.app.liveBus.listen((m) => heard.push(m));
      try {
        catalog.invalidate();
        await eventually(() => heard.some((m) => m.event.type === 'catalog-invalidate' && m.origin === catalog.instanceId), 'our own invalidation comes back');
        assert.equal(cleared, 1, 'cleared once, when invalidate() was called');
        await publishLive(t.testDb.db, { type: 'catalog-invalidate' }, 'another-instance');
        await eventually(() => heard.some((m) => m.origin === 'another-instance'), 'the other instance’s invalidation arrives');
        assert.equal(cleared, 2);
      } finally {
        stop();
      }
    });
  });
}
