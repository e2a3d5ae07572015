// The hub on its own: a socket's channel limit, answers in order, fan-out to a channel's sockets only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { LIVE_LIMITS, LiveHub } from './hub';
import { eventually } from './testing';

const quiet = { warn() {}, info() {} };

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
    hub.accept(socket as unknown as WebSocket, async () => true, '192.0.2.1');
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
    }, '192.0.2.1');
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
      hub.accept(s as unknown as WebSocket, async () => true, '192.0.2.1');
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

  test('an address holds at most maxSocketsPerAddress sockets; a closed, dropped or errored one gives its place back', () => {
    const hub = new LiveHub(quiet, 0, { ...LIVE_LIMITS, maxSocketsPerAddress: 2 });
    const here = '198.51.100.7';
    const [a, b, c] = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    assert.ok(hub.accept(a as unknown as WebSocket, async () => true, here));
    assert.ok(hub.accept(b as unknown as WebSocket, async () => true, here));
    assert.equal(hub.hasRoomFor(here), false);
    assert.equal(hub.accept(c as unknown as WebSocket, async () => true, here), null, 'the third is turned away');
    assert.equal(c.closedWith, 1008);
    assert.equal(hub.connections.size, 2);
    assert.ok(hub.hasRoomFor('198.51.100.8'), 'another address is not affected');

    a.emit('close', 1000, Buffer.alloc(0));
    assert.equal(hub.openFrom(here), 1, 'a closed socket is released');
    const d = new FakeSocket();
    assert.ok(hub.accept(d as unknown as WebSocket, async () => true, here));
    // A socket that fails (a reset connection) is closed by ws with 1006, after its error event.
    b.emit('close', 1006, Buffer.alloc(0));
    assert.equal(hub.openFrom(here), 1);
    hub.sweep(Date.now() + 1);
    hub.sweep(Date.now() + 2);
    assert.ok(d.terminated, 'the keepalive dropped the silent socket');
    assert.equal(hub.openFrom(here), 0);
    assert.equal(hub.connections.size, 0);
  });
});
