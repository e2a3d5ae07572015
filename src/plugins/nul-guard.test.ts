// A NUL character in a URL or body is a 400 on every channel and both databases, never a 500.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';

for (const dialect of dialects) {
  describe(`NUL characters on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(async () => t.close());

    test('in a URL: a 400 page, or problem+json for the API', async () => {
      for (const url of ['/products/%00x', '/categories/a%00', '/search?q=lamp%00', '/orders/ABC%00', '/api/v1/products?q=%00', '/api/v1/products/x%00y']) {
        const res = await t.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 400, url);
        if (url.startsWith('/api/')) assert.match(res.headers['content-type'] as string, /problem\+json/);
        else assert.match(res.body, /<html/);
      }
    });

    test('in a form, a JSON body or GraphQL variables: 400 before any route runs', async () => {
      const form = await t.app.inject({ method: 'POST', url: '/account/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a%00b%40example.com&password=x' });
      assert.equal(form.statusCode, 400);
      const json = await t.app.inject({ method: 'POST', url: '/api/v1/checkout/quote', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'a\u0000@example.com' }) });
      assert.equal(json.statusCode, 400);
      assert.match(json.headers['content-type'] as string, /problem\+json/);
      const gql = await t.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ query: 'query($s: String!) { product(slug: $s) { name } }', variables: { s: 'x\u0000' } }),
      });
      assert.equal(gql.statusCode, 400);
    });

    test('the same text without the NUL is answered as usual', async () => {
      assert.equal((await t.app.inject({ method: 'GET', url: '/search?q=lamp' })).statusCode, 200);
      assert.equal((await t.app.inject({ method: 'GET', url: '/products/x' })).statusCode, 404);
    });
  });
}
