// GET /live holds at most LIVE_MAX_SOCKETS_PER_ADDRESS open sockets per client address (request.ip).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { eventually, listening, TestSocket } from './testing';

const CAP = 3;

for (const dialect of dialects) {
  describe(`live socket cap per address on ${dialect}`, () => {
    let t: TestApp;
    let proxied: TestApp;
    let url = '';
    let origin = '';
    let proxiedUrl = '';
    let proxiedOrigin = '';
    const open: TestSocket[] = [];

    async function socket(headers: Record<string, string> = {}, options = {}, to = url, from = origin): Promise<TestSocket> {
      const s = await TestSocket.open(to, { origin: from, ...headers }, options);
      open.push(s);
      return s;
    }

    async function closeAll(): Promise<void> {
      for (const s of open.splice(0)) await s.close();
      await eventually(() => t.app.live.connections.size === 0 && proxied.app.live.connections.size === 0, 'the hubs forget the closed sockets');
    }

    before(async () => {
      t = await createTestApp(dialect, { liveMaxSocketsPerAddress: CAP });
      // Behind a proxy on the loopback interface: the client is the address it forwards.
      proxied = await createTestApp(dialect, { liveMaxSocketsPerAddress: 1, trustProxy: ['127.0.0.1', '::1'] });
      ({ url, origin } = await listening(t.app));
      ({ url: proxiedUrl, origin: proxiedOrigin } = await listening(proxied.app));
    });

    after(async () => {
      for (const s of open) await s.close();
      await t.close();
      await proxied.close();
    });

    test('the socket over the cap is refused with 429 before the upgrade; closing one makes room; another address is unaffected', async () => {
      for (let i = 0; i < CAP; i++) await socket();
      assert.equal(t.app.live.openFrom('127.0.0.1'), CAP);
      await assert.rejects(socket(), /429/);
      assert.equal(t.app.live.connections.size, CAP, 'the refused one was never taken');

      await open[0].close();
      await eventually(() => t.app.live.openFrom('127.0.0.1') === CAP - 1, 'the closed socket gives its place back');
      const again = await socket();
      assert.equal(await again.subscribe('product:anything'), 'denied', 'the new socket works');
      await assert.rejects(socket(), /429/);

      // Another client address (Linux answers on all of 127.0.0.0/8) has its own count.
      const elsewhere = await socket({}, { localAddress: '127.0.0.2' });
      elsewhere.send({ type: 'ping' });
      assert.deepEqual(await elsewhere.next(), { type: 'pong' });
      assert.equal(t.app.live.openFrom('127.0.0.2'), 1);
      await closeAll();
    });

    test('a socket cut off without a close frame gives its place back too', async () => {
      for (let i = 0; i < CAP; i++) await socket();
      open[1].ws.terminate();
      await eventually(() => t.app.live.openFrom('127.0.0.1') === CAP - 1, 'the broken socket is released');
      await socket();
      await closeAll();
    });

    test('many upgrades at once never leave more than the cap open', async () => {
      const tries = await Promise.allSettled(Array.from({ length: CAP + 4 }, () => socket()));
      const accepted = tries.filter((r): r is PromiseFulfilledResult<TestSocket> => r.status === 'fulfilled').map((r) => r.value);
      for (const r of tries) if (r.status === 'rejected') assert.match(String(r.reason), /429/);
      // Refused before the upgrade (429), or, had one passed the check while others were on their way, closed at once (1008).
      for (const s of accepted) s.send({ type: 'ping' });
      const closed = (s: TestSocket) => s.ws.readyState === s.ws.CLOSED;
      const answered = (s: TestSocket) => s.pending().some((m) => m.type === 'pong');
      await eventually(() => accepted.every((s) => closed(s) || answered(s)), 'each socket answers or is closed');
      const outcomes = await Promise.all(accepted.map(async (s) => (answered(s) ? 'open' : (await s.closed).code)));
      assert.equal(outcomes.filter((o) => o === 'open').length, CAP, JSON.stringify(outcomes));
      for (const o of outcomes) assert.ok(o === 'open' || o === 1008, `open or closed for policy, got ${o}`);
      assert.equal(t.app.live.openFrom('127.0.0.1'), CAP);
      await closeAll();
    });

    test('behind a trusted proxy each forwarded client is counted apart', async () => {
      await socket({ 'x-forwarded-for': '203.0.113.1' }, {}, proxiedUrl, proxiedOrigin);
      await assert.rejects(socket({ 'x-forwarded-for': '203.0.113.1' }, {}, proxiedUrl, proxiedOrigin), /429/);
      // What a client writes at the left of the header is not its address.
      await assert.rejects(socket({ 'x-forwarded-for': '198.51.100.9, 203.0.113.1' }, {}, proxiedUrl, proxiedOrigin), /429/);
      await socket({ 'x-forwarded-for': '203.0.113.2' }, {}, proxiedUrl, proxiedOrigin);
      assert.equal(proxied.app.live.openFrom('203.0.113.1'), 1);
      assert.equal(proxied.app.live.openFrom('203.0.113.2'), 1);
      await closeAll();
    });
  });
}
