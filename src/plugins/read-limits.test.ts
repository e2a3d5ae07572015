// Read limits: REST reads and GraphQL requests, per API token when one is presented, else per client address.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { createUser } from '../test-support/sign-in';
import { createApiToken } from '../accounts/api-tokens';
import { loadConfig } from '../config';

const REST_MAX = 3;
const GRAPHQL_MAX = 2;

for (const dialect of dialects) {
  describe(`read rate limits on ${dialect}`, () => {
    let t: TestApp;
    let tokenA = '';
    let tokenB = '';
    before(async () => {
      t = await createTestApp(dialect, { apiReadsPerMinute: REST_MAX, graphqlRequestsPerMinute: GRAPHQL_MAX });
      const userId = await createUser(t.testDb.db);
      tokenA = (await createApiToken(t.testDb.db, userId, 'phone')).token;
      tokenB = (await createApiToken(t.testDb.db, userId, 'tablet')).token;
    });
    after(async () => t.close());

    const rest = (remoteAddress: string, token?: string, url = '/api/v1/categories') =>
      t.app.inject({ method: 'GET', url, remoteAddress, headers: token ? { authorization: `Bearer ${token}` } : {} });
    const graphql = (remoteAddress: string, token?: string) =>
      t.app.inject({ method: 'POST', url: '/graphql', remoteAddress, payload: { query: '{ categories { slug } }' }, headers: token ? { authorization: `Bearer ${token}` } : {} });

    test('REST: after the configured number of reads an address gets 429 problem+json with Retry-After; another address does not', async () => {
      for (let i = 0; i < REST_MAX; i++) {
        const ok = await rest('10.0.0.1', undefined, i === 1 ? '/api/v1/products' : '/api/v1/categories');
        assert.equal(ok.statusCode, 200, ok.body);
        assert.equal(ok.headers['ratelimit-remaining'], String(REST_MAX - 1 - i));
      }
      const refused = await rest('10.0.0.1');
      assert.equal(refused.statusCode, 429);
      assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${refused.headers['retry-after']}`);
      const body = refused.json();
      assert.equal(body.status, 429);
      assert.equal(body.code, 'api.readsRateLimited');
      assert.equal(body.retryAfterSeconds, retryAfter);
      assert.equal(body.detail, `Too many requests in a short time. Please wait ${retryAfter} s and try again.`);
      assert.equal((await rest('10.0.0.2')).statusCode, 200, 'another address has its own budget');
      for (let i = 0; i < REST_MAX; i++) assert.equal((await rest(`2001:db8:1:2::${i + 1}`)).statusCode, 200);
      assert.equal((await rest('2001:db8:1:2:ffff::9')).statusCode, 429, 'an IPv6 /64 is one address');
      assert.equal((await rest('2001:db8:1:3::1')).statusCode, 200, 'another /64 is another');
      // Writes are not reads: they have their own limit (api-write, in the database).
      const write = await t.app.inject({ method: 'POST', url: '/api/v1/cart', remoteAddress: '10.0.0.1' });
      assert.notEqual(write.statusCode, 429, write.body);
    });

    test('REST: each API token has its own budget, whatever address it comes from', async () => {
      for (let i = 0; i < REST_MAX; i++) assert.equal((await rest('10.0.1.1')).statusCode, 200);
      assert.equal((await rest('10.0.1.1')).statusCode, 429, 'the address is spent');
      for (let i = 0; i < REST_MAX; i++) assert.equal((await rest('10.0.1.1', tokenA)).statusCode, 200, 'the token is not');
      assert.equal((await rest('10.0.1.2', tokenA)).statusCode, 429, 'the token is spent, from any address');
      const me = await rest('10.0.1.2', tokenA, '/api/v1/me');
      assert.equal(me.statusCode, 429, 'on every read route');
      assert.equal(me.json().code, 'api.readsRateLimited');
      assert.equal(me.json().retryAfterSeconds, Number(me.headers['retry-after']));
      assert.equal((await rest('10.0.1.1', tokenB)).statusCode, 200, 'another token of the same account has its own budget');
      assert.equal((await rest('10.0.1.3')).statusCode, 200, 'token reads did not spend the addresses’ budgets');
    });

    test('GraphQL: RATE_LIMITED with HTTP 429 and Retry-After, per address and per token, and nothing runs', async () => {
      for (let i = 0; i < GRAPHQL_MAX; i++) {
        const ok = await graphql('10.0.2.1');
        assert.equal(ok.statusCode, 200, ok.body);
        assert.equal(ok.json().errors, undefined);
      }
      const sql: string[] = [];
      const listener = (q: { sql: string }) => sql.push(q.sql);
      t.testDb.db.on('query', listener);
      const refused = await graphql('10.0.2.1').finally(() => t.testDb.db.removeListener('query', listener));
      assert.equal(refused.statusCode, 429, refused.body);
      assert.ok(Number(refused.headers['retry-after']) >= 1);
      const body = refused.json();
      assert.equal(body.data ?? null, null);
      assert.equal(body.errors.length, 1);
      assert.equal(body.errors[0].extensions.code, 'RATE_LIMITED');
      assert.equal(body.errors[0].extensions.retryAfterSeconds, Number(refused.headers['retry-after']));
      assert.match(body.errors[0].message, /^Too many requests in a short time\. Please wait \d+ s and try again\.$/);
      assert.deepEqual(sql, [], 'no resolver ran');
      const fr = await t.app.inject({ method: 'GET', url: '/graphql?query={categories{slug}}', remoteAddress: '10.0.2.1', headers: { 'accept-language': 'fr' } });
      assert.equal(fr.statusCode, 429, 'GET /graphql counts too');
      assert.match(fr.json().errors[0].message, /^Trop de requêtes en peu de temps\. Patientez \d+ s puis réessayez\.$/);

      assert.equal((await graphql('10.0.2.2')).statusCode, 200, 'another address');
      for (let i = 0; i < GRAPHQL_MAX; i++) assert.equal((await graphql('10.0.2.1', tokenA)).statusCode, 200, 'a token from the spent address');
      assert.equal((await graphql('10.0.2.3', tokenA)).statusCode, 429);
      assert.equal((await graphql('10.0.2.3', tokenB)).statusCode, 200);
      assert.equal((await rest('10.0.2.1')).statusCode, 200, 'GraphQL and REST reads have separate budgets');
    });
  });
}

describe('read rate limit settings', () => {
  test('generous defaults; API_READS_PER_MINUTE and GRAPHQL_REQUESTS_PER_MINUTE set them, 0 turns a limit off', async () => {
    const base = { NODE_ENV: 'test', SESSION_SECRET: 'test-secret-that-is-long-enough-for-sessions' };
    const defaults = loadConfig(base);
    assert.equal(defaults.apiReadsPerMinute, 600);
    assert.equal(defaults.graphqlRequestsPerMinute, 300);
    const set = loadConfig({ ...base, API_READS_PER_MINUTE: '20', GRAPHQL_REQUESTS_PER_MINUTE: '0' });
    assert.equal(set.apiReadsPerMinute, 20);
    assert.equal(set.graphqlRequestsPerMinute, 0);
    assert.throws(() => loadConfig({ ...base, API_READS_PER_MINUTE: 'lots' }), /API_READS_PER_MINUTE must be a whole number/);

    const t = await createTestApp('sqlite', { apiReadsPerMinute: 1, graphqlRequestsPerMinute: 0 });
    try {
      for (let i = 0; i < 5; i++) {
        const res = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ categories { slug } }' } });
        assert.equal(res.statusCode, 200, 'no GraphQL limit');
      }
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/categories' })).statusCode, 200);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/categories' })).statusCode, 429);
      assert.equal((await t.app.inject({ method: 'GET', url: '/' })).statusCode, 200, 'pages are not API reads');
    } finally {
      await t.close();
    }
  });
});
