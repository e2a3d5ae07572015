// Cross-cutting behaviour: languages, security headers, static assets, errors and sessions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';

declare module 'fastify' {
  interface Session {
    visited?: boolean;
  }
}

describe('foundation', () => {
  let t: TestApp;
  before(async () => {
    // A form route of the kind later features add, to prove the CSRF check guards every POST.
    t = await createTestApp('sqlite', {}, (app) => {
      app.get('/test/form', async (request, reply) => {
        request.session.visited = true;
        return reply.send({ token: reply.generateCsrf() });
      });
      app.post('/test/form', async () => ({ ok: true }));
    });
    await addCategory(t.testDb.db, 'kitchen', 'Kitchen');
    await addProduct(t.testDb.db, 'kitchen', { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 123456, stock: 3 }] });
  });
  after(async () => t.close());

  test('French is under /fr/ with French money formatting; the cookie and Accept-Language only suggest it', async () => {
    const french = await t.app.inject({ url: '/fr/products/mug', headers: { 'accept-language': 'en' }, cookies: { lang: 'en' } });
    assert.match(french.body, /<html lang="fr">/);
    assert.match(french.body, /Plus que 3 en stock/);
    assert.match(french.body, /1\u202f234,56\s€/);
    for (const asks of [{ headers: { 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.8' } }, { cookies: { lang: 'fr' }, headers: { 'accept-language': 'en' } }]) {
      const res = await t.app.inject({ url: '/products/mug', ...asks });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="en">/);
      assert.match(res.body, /€1,234.56/);
    }
  });

  test('the language switch sets a cookie and only returns to paths on this site', async () => {
    const res = await t.app.inject({ url: '/language/fr?return=%2Fproducts%2Fmug' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/fr/products/mug');
    assert.match(String(res.headers['set-cookie']), /lang=fr/);
    const back = await t.app.inject({ url: '/language/en?return=%2Ffr%2Fproducts%2Fmug%3Fvariant%3D1' });
    assert.equal(back.headers.location, '/products/mug?variant=1');
    for (const evil of ['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      const r = await t.app.inject({ url: `/language/fr?return=${encodeURIComponent(evil)}` });
      assert.equal(r.headers.location, '/fr/', evil);
    }
    const unknown = await t.app.inject({ url: '/language/xx?return=%2F' });
    assert.equal(unknown.statusCode, 303);
    assert.equal(unknown.headers['set-cookie'], undefined);
  });

  test('pages carry a CSP without unsafe-inline and the usual security headers', async () => {
    const res = await t.app.inject({ url: '/' });
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.doesNotMatch(csp, /upgrade-insecure-requests/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(String(res.headers['x-frame-options']), /SAMEORIGIN|DENY/);
  });

  test('fingerprinted assets are cached for a year and linked with their hash', async () => {
    const page = await t.app.inject({ url: '/' });
    const href = /href="(\/static\/css\/site.css\?v=[0-9a-f]{12})"/.exec(page.body);
    assert.ok(href, 'stylesheet URL carries a fingerprint');
    const css = await t.app.inject({ url: href[1] });
    assert.equal(css.statusCode, 200);
    assert.match(css.headers['cache-control'] as string, /max-age=31536000, immutable/);
  });

  test('large pages are compressed for clients that accept it, also when served from the page cache', async () => {
    const { gunzipSync, brotliDecompressSync } = await import('node:zlib');
    const plain = await t.app.inject({ url: '/products/mug' });
    for (let i = 0; i < 2; i++) {
      const gz = await t.app.inject({ url: '/products/mug', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body);
      const br = await t.app.inject({ url: '/products/mug', headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body);
    }
  });

  test('a POST needs the CSRF token of its session; the session lives in the database', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const none = await t.app.inject({ method: 'POST', url: '/test/form', payload: 'a=1', headers: form });
    assert.equal(none.statusCode, 403);
    assert.match(none.body, /This form has expired/);

    const page = await t.app.inject({ url: '/test/form' });
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    assert.match(cookie, /^emporium\.sid=/);
    assert.match(String(page.headers['set-cookie']), /HttpOnly/i);
    assert.match(String(page.headers['set-cookie']), /SameSite=Lax/i);
    const stored = await t.testDb.db('sessions').count({ n: '*' }).first();
    assert.equal(Number(stored?.n), 1);
    const { token } = page.json();

    const wrong = await t.app.inject({ method: 'POST', url: '/test/form', payload: '_csrf=forged', headers: { ...form, cookie } });
    assert.equal(wrong.statusCode, 403);
    const ok = await t.app.inject({ method: 'POST', url: '/test/form', payload: `_csrf=${encodeURIComponent(token)}`, headers: { ...form, cookie } });
    assert.equal(ok.statusCode, 200);
    const viaHeader = await t.app.inject({ method: 'POST', url: '/test/form', headers: { cookie, 'x-csrf-token': token } });
    assert.equal(viaHeader.statusCode, 200);
  });

  test('errors for API clients are problem+json without stack traces', async () => {
    const res = await t.app.inject({ url: '/api/v1/nothing' });
    assert.equal(res.statusCode, 404);
    assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
    assert.doesNotMatch(res.body, /at .*\.ts:\d+/);
  });

  test('a database failure is a 500 page without internals', async () => {
    const broken = await createTestApp('sqlite');
    await addCategory(broken.testDb.db, 'x', 'X');
    await broken.testDb.db.schema.dropTable('product_search');
    await broken.testDb.db.raw('PRAGMA foreign_keys = OFF');
    await broken.testDb.db.schema.dropTable('products');
    const res = await broken.app.inject({ url: '/categories/x' });
    assert.equal(res.statusCode, 500);
    assert.match(res.body, /Something went wrong/);
    assert.doesNotMatch(res.body, /SQLITE|no such table|\.ts:\d+/);
    await broken.close();
  });
});
