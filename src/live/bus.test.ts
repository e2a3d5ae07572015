// The bus and hub on their own: SQLite apps do not hear each other, PostgreSQL's listener survives a drop, the hub's limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addProduct } from '../test-support/catalog-fixtures';
import { changeStock } from '../inventory/service';
import { PgBus, publishLive } from './bus';
import { parseBusMessage } from './events';
import { LIVE_LIMITS, LiveHub } from './hub';
import { eventually, listening, TestSocket } from './testing';

const quiet = { warn() {}, info() {} };

async function lampIn(t: TestApp, stock: number): Promise<number> {
  await addProduct(t.testDb.db, null, { slug: 'same-slug-lamp', name: 'Lamp', variants: [{ sku: 'SAME-1', priceCents: 1000, stock }] });
  return Number((await t.testDb.db('variants').where({ sku: 'SAME-1' }).first('id')).id);
}

describe('bus messages', () => {
  test('what comes off the database channel is checked before anyone sees it', () => {
    assert.equal(parseBusMessage('not json'), null);
    assert.equal(parseBusMessage('{"origin":null,"event":{"type":"drop-tables"}}'), null);
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

/** Just enough of a ws socket for the hub: what it was sent and how it was closed. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: Record<string, unknown>[] = [];
  closedWith: number | null = null;
  terminated = false;
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
    this.emit('close', 1006, Buffer.alloc(0));
  }
  ping(): void {}
  message(value: unknown): void {
    this.emit('message', Buffer.from(JSON.stringify(value)), false);
  }
}

describe('the hub', () => {
  test('a socket holds at most 50 channels', async () => {
    const hub = new LiveHub(quiet, 0, { ...LIVE_LIMITS, rateMax: 1000 });
    const socket = new FakeSocket();
    hub.accept(socket as unknown as WebSocket, async () => true);
    for (let i = 0; i < 51; i++) socket.message({ type: 'subscribe', channel: `product:p-${i}` });
    await eventually(() => socket.sent.length === 51, 'every subscribe answered');
    assert.equal(socket.sent.filter((m) => m.type === 'subscribed').length, 50);
    assert.deepEqual(socket.sent[50], { type: 'denied', channel: 'product:p-50' });
    socket.message({ type: 'unsubscribe', channel: 'product:p-0' });
    socket.message({ type: 'subscribe', channel: 'product:p-50' });
    await eventually(() => socket.sent.length === 52, 'answered');
    assert.deepEqual(socket.sent[51], { type: 'subscribed', channel: 'product:p-50' }, 'room again after an unsubscribe');
  });

  test('answers keep the order of the questions, however long a check takes', async () => {
    const hub = new LiveHub(quiet, 0);
    const socket = new FakeSocket();
    hub.accept(socket as unknown as WebSocket, async (channel) => {
      if (channel === 'product:slow') await new Promise((resolve) => setImmediate(resolve));
      return true;
    });
    socket.message({ type: 'subscribe', channel: 'product:slow' });
    socket.message({ type: 'ping' });
    await eventually(() => socket.sent.length === 2, 'both answered');
    assert.deepEqual(socket.sent, [{ type: 'subscribed', channel: 'product:slow' }, { type: 'pong' }]);
  });

  test('an event goes to the sockets of its channel only; a socket that stopped reading is cut off', async () => {
    const hub = new LiveHub(quiet, 0);
    const watching = new FakeSocket();
    const elsewhere = new FakeSocket();
    const stuck = new FakeSocket();
    for (const [s, channel] of [[watching, 'product:a'], [elsewhere, 'product:b'], [stuck, 'product:a']] as const) {
      hub.accept(s as unknown as WebSocket, async () => true);
      s.message({ type: 'subscribe', channel });
    }
    await eventually(() => [watching, elsewhere, stuck].every((s) => s.sent.length === 1), 'subscribed');
    stuck.bufferedAmount = LIVE_LIMITS.maxBufferedBytes + 1;
    hub.deliver({ type: 'stock', slug: 'a', variantId: 7, stock: { kind: 'sold_out' } });
    assert.deepEqual(watching.sent[1], { type: 'stock', channel: 'product:a', variantId: 7, stock: { kind: 'sold_out' } });
    assert.equal(elsewhere.sent.length, 1);
    assert.ok(stuck.terminated);
    assert.equal(hub.subscriberCount('product:a'), 1);
    hub.deliver({ type: 'catalog-invalidate' });
    assert.equal(watching.sent.length, 2, 'server-side events never reach sockets');
  });
});
