// Personal API tokens: the account page that makes and revokes them, and Bearer sign-in on the app-facing URLs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { Shopper, csrfTokenIn } from '../test-support/shopper';
import { grantMembership } from '../membership/service';
import { MAX_ACTIVE_TOKENS, createApiToken } from './api-tokens';

const DAY = 24 * 60 * 60 * 1000;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function signedInBrowser(t: TestApp, userId: number): Promise<Shopper> {
  const browser = new Shopper(t.app);
  await browser.post(`/test/sign-in/${userId}`, {});
  return browser;
}

for (const dialect of dialects) {
  describe(`API tokens on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      const early = await addProduct(t.testDb.db, null, { slug: 'early-kettle', name: 'Early Kettle', variants: [{ sku: 'EK-1', priceCents: 6000, stock: 5 }] });
      await t.testDb.db('products').where({ id: early }).update({ members_only_until: Date.now() + 10 * DAY });
    });
    after(async () => t.close());

    test('the account page makes a token, shows it once and stores only its hash', async () => {
      const userId = await createUser(t.testDb.db);
      const browser = await signedInBrowser(t, userId);
      const res = await browser.submit('/account/tokens', { name: '  Shopping   list app ' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      const token = /<code class="token-value" id="new-token">([^<]+)<\/code>/.exec(res.body)?.[1];
      assert.ok(token && token.startsWith('emp_') && token.length > 40, 'the token is on the page');
      assert.match(res.body, /Shopping list app/);
      const rows = await t.testDb.db('api_tokens').where('user_id', userId);
      assert.equal(rows.length, 1);
      assert.notEqual(rows[0].token_hash, token);
      assert.ok(!JSON.stringify(rows).includes(token), 'the token itself is not stored');
      // Shown once: the list shows only its start.
      const list = await browser.get('/account/tokens');
      assert.ok(!list.body.includes(token));
      assert.match(list.body, new RegExp(token.slice(0, 10)));
      // And it works.
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/products/early-kettle', headers: bearer(token) });
      assert.equal(me.statusCode, 404, 'a customer does not see early access, by token either');
    });

    test('a blank or too long name gets the form back with the message beside the field', async () => {
      const browser = await signedInBrowser(t, await createUser(t.testDb.db));
      const blank = await browser.submit('/account/tokens', { name: '   ' });
      assert.equal(blank.statusCode, 422);
      assert.match(blank.body, /id="token-name-error"[^>]*>Give the token a name\./);
      const long = await browser.submit('/account/tokens', { name: 'x'.repeat(61) });
      assert.equal(long.statusCode, 422);
      assert.match(long.body, /at most 60 characters/);
      assert.match(long.body, /value="x{61}"/, 'what was typed is kept');
    });

    test(`at most ${MAX_ACTIVE_TOKENS} active tokens`, async () => {
      const userId = await createUser(t.testDb.db);
      for (let i = 0; i < MAX_ACTIVE_TOKENS; i++) await createApiToken(t.testDb.db, userId, `app ${i}`);
      const browser = await signedInBrowser(t, userId);
      const res = await browser.submit('/account/tokens', { name: 'one more' });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /20 active tokens/);
    });

    test('a member token sees what the member sees; revoking it ends access with 401', async () => {
      const userId = await createUser(t.testDb.db);
      await grantMembership(t.testDb.db, userId, { days: 30, source: 'admin' });
      const { token } = await createApiToken(t.testDb.db, userId, 'phone');
      const seen = await t.app.inject({ method: 'GET', url: '/api/v1/products/early-kettle', headers: bearer(token) });
      assert.equal(seen.statusCode, 200);

      const browser = await signedInBrowser(t, userId);
      const page = await browser.get('/account/tokens');
      const id = (await t.testDb.db('api_tokens').where('user_id', userId).first('id')).id;
      const revoked = await browser.post(`/account/tokens/${id}/revoke`, { _csrf: csrfTokenIn(page.body, `/account/tokens/${id}/revoke`) });
      assert.equal(revoked.statusCode, 303);
      assert.match((await browser.get('/account/tokens')).body, /has been revoked/);

      const after = await t.app.inject({ method: 'GET', url: '/api/v1/products/early-kettle', headers: bearer(token) });
      assert.equal(after.statusCode, 401);
      assert.match(after.headers['content-type'] as string, /application\/problem\+json/);
      assert.match(after.headers['www-authenticate'] as string, /Bearer/);
      assert.equal(after.json().status, 401);
    });

    test('nobody revokes another account’s token', async () => {
      const owner = await createUser(t.testDb.db);
      const { token, summary } = await createApiToken(t.testDb.db, owner, 'mine');
      const browser = await signedInBrowser(t, await createUser(t.testDb.db));
      const page = await browser.get('/account/tokens');
      await browser.post(`/account/tokens/${summary.id}/revoke`, { _csrf: csrfTokenIn(page.body) });
      assert.match((await browser.get('/account/tokens')).body, /does not exist or was already revoked/);
      const still = await t.app.inject({ method: 'GET', url: '/api/v1/categories', headers: bearer(token) });
      assert.equal(still.statusCode, 200);
    });

    test('malformed and unknown tokens are 401, never the cookie that came along', async () => {
      const member = await createUser(t.testDb.db);
      await grantMembership(t.testDb.db, member, { days: 30, source: 'admin' });
      const cookie = await signIn(t.app, member);
      for (const authorization of ['Bearer', 'Bearer ', 'Bearer emp_nope', 'Bearer a b', 'bearer emp_' + 'x'.repeat(200)]) {
        const res = await t.app.inject({ method: 'GET', url: '/api/v1/products/early-kettle', headers: { authorization, cookie } });
        assert.equal(res.statusCode, 401, authorization);
      }
      // A customer's token with a member's cookie: the token decides.
      const { token } = await createApiToken(t.testDb.db, await createUser(t.testDb.db), 'cli');
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/products/early-kettle', headers: { ...bearer(token), cookie } });
      assert.equal(res.statusCode, 404);
    });

    test('pages ignore bearer tokens: they stay cookie-only', async () => {
      const { token } = await createApiToken(t.testDb.db, await createUser(t.testDb.db), 'page');
      const res = await t.app.inject({ method: 'GET', url: '/account', headers: bearer(token) });
      assert.equal(res.statusCode, 303);
      assert.match(res.headers.location as string, /^\/account\/login/);
    });

    test('a bearer request needs no CSRF token, a cookie request does', async () => {
      const userId = await createUser(t.testDb.db);
      const { token } = await createApiToken(t.testDb.db, userId, 'gql');
      const cookie = await signIn(t.app, userId);
      const query = JSON.stringify({ query: '{ categories { slug } }' });
      const withToken = await t.app.inject({ method: 'POST', url: '/graphql', payload: query, headers: { ...bearer(token), cookie, 'content-type': 'application/json' } });
      assert.equal(withToken.statusCode, 200);
      const withCookie = await t.app.inject({ method: 'POST', url: '/graphql', payload: query, headers: { cookie, 'content-type': 'application/json' } });
      assert.equal(withCookie.statusCode, 403);
    });

    test('anonymous visitors are sent to log in', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/account/tokens' });
      assert.equal(res.statusCode, 303);
    });
  });
}
