// Back office "Prices and tax": admins choose VAT-inclusive or VAT-exclusive prices; others are refused; bad input is answered beside the field.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../../test-support/databases';
import { createTestApp, type TestApp } from '../../test-support/test-app';
import { addTestSignIn, createUser, signIn } from '../../test-support/sign-in';
import { Shopper, csrfTokenIn } from '../../test-support/shopper';
import { listAudit } from '../../audit/service';
import { loadShopSettings } from '../../settings/shop-settings';

for (const dialect of dialects) {
  describe(`back-office prices and tax on ${dialect}`, () => {
    let t: TestApp;
    const cookies: Record<string, string> = {};
    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      for (const role of ['customer', 'staff', 'admin'] as const) cookies[role] = await signIn(t.app, await createUser(t.testDb.db, role));
    });
    after(async () => t.close());

    const browserFor = (who: string) => new Shopper(t.app).useSession(cookies[who]);

    test('only admins see and change the setting, as with tax rates; others are refused and nothing changes', async () => {
      const anonymous = await t.app.inject({ url: '/admin/settings/prices' });
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/account\/login\?return=/);
      for (const who of ['customer', 'staff']) {
        assert.equal((await t.app.inject({ url: '/admin/settings/prices', headers: { cookie: cookies[who] } })).statusCode, 403, who);
        const b = browserFor(who);
        const token = csrfTokenIn((await b.get('/account')).body);
        const post = await b.postWithToken('/admin/settings/prices', { pricesIncludeTax: 'included' }, token);
        assert.equal(post.statusCode, 403, who);
      }
      assert.equal((await loadShopSettings(t.testDb.db)).pricesIncludeTax, false);
    });

    test('an admin switches to VAT-inclusive prices and back; the form shows the choice and the change is audited', async () => {
      const admin = browserFor('admin');
      const page = await admin.get('/admin/settings/prices');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Prices and tax<\/h1>/);
      assert.match(page.body, /id="prices-excluded" name="pricesIncludeTax" value="excluded" checked/);
      const dashboard = await admin.get('/admin');
      assert.match(dashboard.body, /href="\/admin\/settings\/prices"/);

      const on = await admin.submit('/admin/settings/prices', { pricesIncludeTax: 'included' });
      assert.equal(on.statusCode, 303, on.body);
      assert.equal(on.headers.location, '/admin/settings/prices');
      assert.equal((await loadShopSettings(t.testDb.db)).pricesIncludeTax, true);
      const after = await admin.get('/admin/settings/prices');
      assert.match(after.body, /Saved\./);
      assert.match(after.body, /id="prices-included" name="pricesIncludeTax" value="included" checked/);

      const audit = await listAudit(t.testDb.db, { entityType: 'shop_settings' }, 10, 0);
      assert.equal(audit.entries[0].action, 'shop_settings.update');
      assert.deepEqual(audit.entries[0].before, { pricesIncludeTax: false });
      assert.deepEqual(audit.entries[0].after, { pricesIncludeTax: true });

      const off = await admin.submit('/admin/settings/prices', { pricesIncludeTax: 'excluded' });
      assert.equal(off.statusCode, 303);
      assert.equal((await loadShopSettings(t.testDb.db)).pricesIncludeTax, false);
    });

    test('a missing or unknown choice is answered with 422 and a message beside the field, in French too; nothing changes', async () => {
      const admin = browserFor('admin');
      for (const fields of [{}, { pricesIncludeTax: 'maybe' }, { pricesIncludeTax: 'true' }] as Record<string, string>[]) {
        const res = await admin.submit('/admin/settings/prices', fields);
        assert.equal(res.statusCode, 422, JSON.stringify(fields));
        assert.match(res.body, /id="prices-pricesIncludeTax-error"[^>]*>Choose whether prices include VAT\./);
      }
      const fr = new Shopper(t.app, '127.0.0.1', { 'accept-language': 'fr' }).useSession(cookies.admin);
      const res = await fr.submit('/admin/settings/prices', { pricesIncludeTax: '' });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /Indiquez si les prix comprennent la TVA\./);
      assert.equal((await loadShopSettings(t.testDb.db)).pricesIncludeTax, false);
    });
  });
}
