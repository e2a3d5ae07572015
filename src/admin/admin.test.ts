// Role guards on back-office pages: anonymous -> log in with a return URL, customers 403, staff and admins in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { grantMembership } from '../membership/service';

for (const dialect of dialects) {
  describe(`back-office guards on ${dialect}`, () => {
    let t: TestApp;
    const cookies: Record<string, string> = {};
    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      const db = t.testDb.db;
      await addCategory(db, 'k', 'Kitchen');
      await addProduct(db, 'k', { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 100, stock: 2 }, { sku: 'MUG-2', priceCents: 100, stock: 0 }] });
      for (const role of ['customer', 'staff', 'admin'] as const) cookies[role] = await signIn(t.app, await createUser(db, role));
      const member = await createUser(db);
      await grantMembership(db, member, { days: 10, source: 'admin' });
      cookies.member = await signIn(t.app, member);
    });
    after(async () => t.close());

    const get = (url: string, who?: string) => t.app.inject({ url, headers: who ? { cookie: cookies[who] } : {} });

    test('anonymous visitors are sent to log in and brought back', async () => {
      for (const url of ['/admin', '/admin/users?q=a']) {
        const res = await get(url);
        assert.equal(res.statusCode, 303, url);
        assert.equal(res.headers.location, `/account/login?return=${encodeURIComponent(url)}`);
      }
      const json = await t.app.inject({ url: '/admin', headers: { accept: 'application/json' } });
      assert.equal(json.statusCode, 401);
      assert.match(json.headers['content-type'] as string, /problem\+json/);
    });

    test('customers and members get 403; staff see the dashboard but not the accounts; admins see both', async () => {
      for (const who of ['customer', 'member']) {
        assert.equal((await get('/admin', who)).statusCode, 403, who);
        assert.equal((await get('/admin/users', who)).statusCode, 403, who);
      }
      const staff = await get('/admin', 'staff');
      assert.equal(staff.statusCode, 200);
      // The test's one product and Emporium Plus (1 year), which the app creates at start.
      assert.match(staff.body, /<span class="stat-value">2<\/span> <span class="stat-label">products on sale/);
      assert.match(staff.body, /<span class="stat-value">1<\/span> <span class="stat-label">Plus members/);
      assert.equal(staff.headers['cache-control'], 'no-store');
      assert.doesNotMatch(staff.body, /href="\/admin\/users"/);
      assert.equal((await get('/admin/users', 'staff')).statusCode, 403);
      const admin = await get('/admin/users?q=staff', 'admin');
      assert.equal(admin.statusCode, 200);
      assert.match(admin.body, /1 account</);
      assert.equal((await get('/admin/users?page=99999', 'admin')).statusCode, 200);
    });

    test('the header offers the back office to staff only', async () => {
      assert.match((await get('/', 'staff')).body, /href="\/admin">Back office/);
      assert.doesNotMatch((await get('/', 'customer')).body, /href="\/admin"/);
    });
  });
}
