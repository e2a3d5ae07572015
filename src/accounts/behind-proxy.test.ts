// Behind a reverse proxy: TRUST_PROXY decides the client address the login limits count (request.ip) and the protocol.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { Shopper } from '../test-support/shopper';
import { LIMITS } from './rate-limit';
import type { TrustProxy } from '../lib/trust-proxy';

let counter = 0;
function uniqueEmail(): string {
  counter += 1;
  return `proxied-${counter}-${Date.now()}@example.test`;
}

/** A test-only page that shows what the app takes the client to be. */
function addClientRoute(app: FastifyInstance): void {
  app.get('/test/client', async (request) => ({ ip: request.ip, protocol: request.protocol }));
}

async function clientSeen(app: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}): Promise<{ ip: string; protocol: string }> {
  const res = await app.inject({ url: '/test/client', remoteAddress, headers });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

/**
 * 25 failed logins through one connection, each to another account (so only the per-address limit
 * applies), each with another left-most X-Forwarded-For: the status codes they got.
 */
async function sprayLogins(app: FastifyInstance, remoteAddress: string, forwardedFor: (i: number) => string | null): Promise<number[]> {
  const codes: number[] = [];
  for (let i = 0; i < 25; i++) {
    const header = forwardedFor(i);
    const shopper = new Shopper(app, remoteAddress, header === null ? {} : { 'x-forwarded-for': header });
    codes.push((await shopper.logIn(uniqueEmail(), 'wrong password here')).statusCode);
  }
  return codes;
}

const LIMIT = LIMITS.loginPerIp.max;
const limitedAfterTheLimit = Array.from({ length: 25 }, (_, i) => (i < LIMIT ? 401 : 429));

for (const dialect of dialects) {
  describe(`behind a proxy on ${dialect}`, () => {
    const apps: Partial<Record<'hops' | 'list' | 'off', TestApp>> = {};

    async function app(name: 'hops' | 'list' | 'off', trustProxy: TrustProxy): Promise<FastifyInstance> {
      apps[name] = await createTestApp(dialect, { trustProxy }, addClientRoute);
      return apps[name].app;
    }

    let hops: FastifyInstance;
    let list: FastifyInstance;
    let off: FastifyInstance;
    before(async () => {
      hops = await app('hops', 1);
      list = await app('list', ['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
      off = await app('off', false);
    });
    after(async () => {
      for (const t of Object.values(apps)) await t?.close();
    });

    test('TRUST_PROXY=1: the client is the right-most X-Forwarded-For address, whatever the client wrote before it', async () => {
      assert.deepEqual(await clientSeen(hops, '10.0.0.5', { 'x-forwarded-for': '1.2.3.4, 203.0.113.7', 'x-forwarded-proto': 'https' }), { ip: '203.0.113.7', protocol: 'https' });
      assert.deepEqual(await clientSeen(hops, '10.0.0.5', { 'x-forwarded-for': '203.0.113.7' }), { ip: '203.0.113.7', protocol: 'http' });
      assert.equal((await clientSeen(hops, '10.0.0.5')).ip, '10.0.0.5', 'without the header, the peer itself');
    });

    test('TRUST_PROXY=1: 25 failed logins with a rotating left-most X-Forwarded-For from one real client are limited after the limit', async () => {
      const codes = await sprayLogins(hops, '10.0.0.5', (i) => `198.51.100.${i + 1}, 203.0.113.7`);
      assert.deepEqual(codes, limitedAfterTheLimit);
      const neighbour = new Shopper(hops, '10.0.0.5', { 'x-forwarded-for': '203.0.113.8' });
      assert.equal((await neighbour.logIn(uniqueEmail(), 'wrong password here')).statusCode, 401, 'another client of the same proxy goes on');
    });

    test('an address list: trusted addresses are skipped from the right, the first one outside counts (IPv4 and IPv6)', async () => {
      const seen = await clientSeen(list, '10.1.1.1', { 'x-forwarded-for': '1.2.3.4, 198.51.100.50, 10.2.2.2', 'x-forwarded-proto': 'https' });
      assert.deepEqual(seen, { ip: '198.51.100.50', protocol: 'https' });
      assert.equal((await clientSeen(list, '127.0.0.1', { 'x-forwarded-for': '198.51.100.50, 10.9.9.9, 127.0.0.1' })).ip, '198.51.100.50');
      assert.equal((await clientSeen(list, 'fd00::1', { 'x-forwarded-for': '2001:db8::1, fd00::2' })).ip, '2001:db8::1');
      assert.equal((await clientSeen(list, '10.1.1.1', { 'x-forwarded-for': '10.3.3.3, 10.2.2.2' })).ip, '10.3.3.3', 'all trusted: the left-most');
      // A peer outside the list is the client itself: its headers are its own words.
      assert.deepEqual(await clientSeen(list, '192.0.2.10', { 'x-forwarded-for': '198.51.100.50', 'x-forwarded-proto': 'https' }), { ip: '192.0.2.10', protocol: 'http' });
    });

    test('an address list: 25 failed logins through the proxies from one client are limited after the limit', async () => {
      const codes = await sprayLogins(list, '10.1.1.1', (i) => `198.51.100.${i + 1}, 198.51.100.60, 10.2.2.2`);
      assert.deepEqual(codes, limitedAfterTheLimit);
    });

    test('trust off: X-Forwarded-For and X-Forwarded-Proto are ignored, the peer is the client', async () => {
      assert.deepEqual(await clientSeen(off, '192.0.2.20', { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' }), { ip: '192.0.2.20', protocol: 'http' });
      const codes = await sprayLogins(off, '192.0.2.21', (i) => `198.51.100.${i + 1}`);
      assert.deepEqual(codes, limitedAfterTheLimit, 'a new header each time does not make a new client');
      const other = new Shopper(off, '192.0.2.22', { 'x-forwarded-for': '192.0.2.21' });
      assert.equal((await other.logIn(uniqueEmail(), 'wrong password here')).statusCode, 401, 'nor does naming another client make one that');
    });
  });
}
