// TRUST_PROXY and LIVE_MAX_SOCKETS_PER_ADDRESS as read from the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { ConfigError, loadConfig } from '../config';
import { fastifyTrustProxy, parseTrustProxy } from './trust-proxy';

const base = { NODE_ENV: 'test' };
const trustOf = (value: string | undefined) => loadConfig({ ...base, TRUST_PROXY: value });

test('unset, empty, false, no, off and 0 trust nothing', () => {
  for (const value of [undefined, '', 'false', 'FALSE', 'no', 'off', '0', ' false ']) {
    const config = trustOf(value);
    assert.equal(config.trustProxy, false, String(value));
    assert.deepEqual(config.warnings, []);
  }
});

test('a number is that many proxies in front of the shop', () => {
  assert.equal(trustOf('1').trustProxy, 1);
  assert.equal(trustOf('2').trustProxy, 2);
  assert.equal(trustOf('10').trustProxy, 10);
  assert.deepEqual(trustOf('2').warnings, []);
});

test('true (also yes, on) is one proxy, with a warning to say so instead', () => {
  for (const value of ['true', 'TRUE', 'yes', 'on']) {
    const config = trustOf(value);
    assert.equal(config.trustProxy, 1, value);
    assert.equal(config.warnings.length, 1);
    assert.match(config.warnings[0], /TRUST_PROXY=\w+ is read as 1/);
  }
});

test('a comma-separated list of addresses and CIDR ranges, IPv4 and IPv6, and proxy-addr names', () => {
  assert.deepEqual(trustOf('127.0.0.1,10.0.0.0/8,::1').trustProxy, ['127.0.0.1', '10.0.0.0/8', '::1']);
  assert.deepEqual(trustOf(' 192.168.1.10 , fd00::/8 ').trustProxy, ['192.168.1.10', 'fd00::/8']);
  assert.deepEqual(trustOf('2001:db8::1,2001:db8::/32,::ffff:10.0.0.1').trustProxy, ['2001:db8::1', '2001:db8::/32', '::ffff:10.0.0.1']);
  assert.deepEqual(trustOf('loopback,uniquelocal').trustProxy, ['loopback', 'uniquelocal']);
  assert.deepEqual(trustOf('10.0.0.0/8').warnings, []);
});

test('anything else is a configuration error naming TRUST_PROXY and the wrong part', () => {
  const wrong: [string, RegExp][] = [
    ['maybe', /"maybe" is not an IP address/],
    ['11', /from 0 to 10/],
    ['-1', /"-1" is not an IP address/],
    ['1.5', /"1.5" is not an IP address/],
    ['10.0.0.0/33', /"10.0.0.0\/33" has a prefix length that is not 1 to 32/],
    ['::1/129', /prefix length that is not 1 to 128/],
    ['0.0.0.0/0', /prefix length/],
    ['::/0', /prefix length/],
    ['fe80::1%eth0', /not an IP address/],
    ['10.0.0.0/', /prefix length/],
    ['10.0.0.0/8/8', /prefix length/],
    ['10.0.0.0/abc', /prefix length/],
    ['256.1.1.1', /"256.1.1.1" is not an IP address/],
    ['10.0.0.1,,10.0.0.2', /empty entry/],
    ['10.0.0.1,', /empty entry/],
    ['nginx.internal', /"nginx.internal" is not an IP address/],
    ['*', /not an IP address/],
  ];
  for (const [value, message] of wrong) {
    assert.throws(() => trustOf(value), (err: unknown) => err instanceof ConfigError && /^TRUST_PROXY/.test(err.message) && message.test(err.message), value);
  }
});

test('every accepted list is one Fastify (proxy-addr) compiles, and a hop count trusts exactly that many hops', () => {
  for (const value of ['127.0.0.1,10.0.0.0/8,::1', 'fd00::/8,2001:db8::1', 'loopback,linklocal,uniquelocal', '::ffff:10.0.0.1,10.0.0.0/32,2001:db8::/128']) {
    const parsed = parseTrustProxy(value).value;
    assert.doesNotThrow(() => Fastify({ trustProxy: fastifyTrustProxy(parsed) }), value);
  }
  const twoHops = fastifyTrustProxy(2);
  assert.equal(typeof twoHops, 'function');
  const trusts = twoHops as (address: string, hop: number) => boolean;
  assert.deepEqual([0, 1, 2, 3].map((hop) => trusts('203.0.113.1', hop)), [true, true, false, false]);
  assert.equal(fastifyTrustProxy(false), false);
});

test('LIVE_MAX_SOCKETS_PER_ADDRESS: 20 by default, a whole number from 1', () => {
  assert.equal(loadConfig(base).liveMaxSocketsPerAddress, 20);
  assert.equal(loadConfig({ ...base, LIVE_MAX_SOCKETS_PER_ADDRESS: '5' }).liveMaxSocketsPerAddress, 5);
  for (const value of ['0', '-3', 'many', '2.5']) {
    assert.throws(() => loadConfig({ ...base, LIVE_MAX_SOCKETS_PER_ADDRESS: value }), /LIVE_MAX_SOCKETS_PER_ADDRESS must be a whole number/, value);
  }
});
