// The bus on its own: messages are checked, SQLite apps do not hear each other, PostgreSQL's listener survives a drop.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addProduct } from '../test-support/catalog-fixtures';
import { changeStock } from '../inventory/service';
import { eventually, listening, TestSocket } from '../live/testing';
import { PgBus, publishLive } from './bus';
import { parseBusMessage } from './messages';


async function lampIn(t: TestApp, stock: number): Promise<number> {
  await addProduct(t.testDb.db, null, { slug: 'same-slug-lamp', name: 'Lamp', variants: [{ sku: 'SAME-1', priceCents: 1000, stock }] });
  return Number((await t.testDb.db('variants').where({ sku: 'SAME-1' }).first('id')).id);
}

describe('bus messages', () => {
  test('what comes off the database channel is checked before anyone sees it', () => {
    assert.equal(parseBusMessage('not json'), null);
    assert.equal(parseBusMessage('{"origin":null,"event":{"type":"drop-tables"}}'), null);
    assert.equal(parseBusMessage('{"origin":null,"event":{"type":"order-status","number":"EMP-1","status":"lost"}}'), null, 'a status the shop does not have');
    assert.equal(parseBusMessage('{"origin":null,"event":{"type":"stock","slug":"x","variantId":"1","stock":{"kind":"low","left":1}}}'), null);
    assert.deepEqual(parseBusMessage('{"origin":null,"event":{"type":"stock","slug":"x","variantId":1,"stock":{"kind":"low","left":1},"extra":"dropped"}}'), {
      origin: null,
      event: { type: 'stock', slug: 'x', variantId: 1, stock: { kind: 'low', left: 1 } },
    });
  });

  test('an event too large for NOTIFY is refused before it reaches the database', async () => {
    await assert.rejects(publishLive({} as never, { type: 'order-status', number: 'x'.repeat(9000), status: 'paid' }), /too large/);
  });
});

describe('two SQLite apps in one process', () => {
  let one: TestApp;
  let two: TestApp;
  before(async () => {
    one = await createTestApp('sqlite');
    two = await createTestApp('sqlite');
  });
  after(async () => {
    await one.close();
    await two.close();
  });

  test('do not hear each other’s events', async () => {
    const variantInOne = await lampIn(one, 1);
    const variantInTwo = await lampIn(two, 2);
    const { url, origin } = await listening(two.app);
    const s = await TestSocket.open(url, { origin });
    assert.equal(await s.subscribe('product:same-slug-lamp'), 'subscribed');
    await one.testDb.db.transaction((trx) => changeStock(trx, { variantId: variantInOne, change: -1, reason: 'damaged' }));
    await two.testDb.db.transaction((trx) => changeStock(trx, { variantId: variantInTwo, change: -1, reason: 'damaged' }));
    // The first event on app two's socket is app two's own change.
    assert.deepEqual((await s.nextOfType('stock')).stock, { kind: 'low', left: 1 });
    await s.close();
  });
});

if (dialects.includes('pg')) {
  describe('the PostgreSQL listener', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp('pg');
    });
    after(async () => t.close());

    test('ignores junk on its channel, and LISTENs again after its connection is cut', async () => {
      const bus = t.app.liveBus as PgBus;
      assert.ok(bus instanceof PgBus);
      assert.ok(bus.listening);
      const variantId = await lampIn(t, 1);
      const { url, origin } = await listening(t.app);
      const s = await TestSocket.open(url, { origin });
      assert.equal(await s.subscribe('product:same-slug-lamp'), 'subscribed');
      let resyncs = 0;
      let cleared = 0;
      bus.onResync(() => (resyncs += 1));
      t.app.catalog.onInvalidate(() => (cleared += 1));

      await t.testDb.db.raw(`select pg_notify('emporium_live', 'garbage'), pg_notify('emporium_live', '{"origin":null,"event":{"type":"nope"}}')`);
      const killed = await t.testDb.db.raw('select pg_terminate_backend(pid) as done from pg_stat_activity where application_name = ?', [bus.applicationName]);
      assert.equal(killed.rows.length, 1, 'exactly one listener connection for the app');
      await eventually(() => resyncs === 1, 'the listener is back');
      assert.ok(bus.listening);
      assert.ok(cleared >= 1, 'the cached catalog is dropped: invalidations may have been missed meanwhile');

      await t.testDb.db.transaction((trx) => changeStock(trx, { variantId, change: 1, reason: 'received' }));
      assert.deepEqual((await s.nextOfType('stock')).stock, { kind: 'low', left: 2 });
      assert.deepEqual(s.pending(), [], 'the junk never reached the socket');
      await s.close();
    });
  });
}
