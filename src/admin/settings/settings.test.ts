// Back-office settings through the site: discount codes, tax rates, shipping methods, accounts and the audit log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../../test-support/databases';
import { createTestApp, type TestApp } from '../../test-support/test-app';
import { addTestSignIn, createUser, signIn } from '../../test-support/sign-in';
import { Shopper } from '../../test-support/shopper';
import { membershipStatus } from '../../membership/service';
import { listAudit } from '../../audit/service';
import { parseDayInput as parseDateInput, parsePercentInput } from '../../lib/form-input';

test('percent input becomes basis points; anything else is refused', () => {
  assert.equal(parsePercentInput('12.5'), 1250);
  assert.equal(parsePercentInput('8,25'), 825);
  assert.equal(parsePercentInput('100'), 10000);
  assert.equal(parsePercentInput('0'), 0);
  for (const bad of ['100.01', '-1', '1.234', 'abc', '']) assert.equal(parsePercentInput(bad), null, bad);
  assert.equal(parseDateInput('2026-02-28'), Date.UTC(2026, 1, 28));
  for (const bad of ['2026-02-30', '2026-2-1', '31/12/2026']) assert.equal(parseDateInput(bad), null, bad);
});

for (const dialect of dialects) {
  describe(`back-office settings on ${dialect}`, () => {
    let t: TestApp;
    const ids: Record<string, number> = {};
    const cookies: Record<string, string> = {};
    const emails: Record<string, string> = {};

    const browserFor = (who: string) => {
      const b = new Shopper(t.app);
      const [name, value] = cookies[who].split('=');
      b.cookies.set(name, value);
      return b;
    };
    const get = (url: string, who?: string) => t.app.inject({ url, headers: who ? { cookie: cookies[who] } : {} });

    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      const db = t.testDb.db;
      for (const role of ['customer', 'staff', 'admin'] as const) {
        ids[role] = await createUser(db, role);
        cookies[role] = await signIn(t.app, ids[role]);
        emails[role] = (await db('users').where('id', ids[role]).first('email')).email;
      }
      ids.target = await createUser(db, 'customer');
      cookies.target = await signIn(t.app, ids.target);
    });
    after(async () => t.close());

    test('anonymous visitors log in first; customers get 403; staff only reach discount codes', async () => {
      const adminPages = ['/admin/tax-rates', '/admin/tax-rates/new', '/admin/shipping-methods', '/admin/shipping-methods/new', `/admin/users/${ids.target}`, '/admin/audit'];
      const staffPages = ['/admin/discounts', '/admin/discounts/new'];
      for (const url of [...staffPages, ...adminPages]) {
        const anonymous = await get(url);
        assert.equal(anonymous.statusCode, 303, url);
        assert.match(anonymous.headers.location as string, /^\/account\/login\?return=/);
        assert.equal((await get(url, 'customer')).statusCode, 403, url);
        assert.equal((await get(url, 'admin')).statusCode, 200, url);
      }
      for (const url of staffPages) assert.equal((await get(url, 'staff')).statusCode, 200, url);
      for (const url of adminPages) assert.equal((await get(url, 'staff')).statusCode, 403, url);
      const post = await t.app.inject({ method: 'POST', url: '/admin/tax-rates', headers: { cookie: cookies.staff, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'country=FR&rate=5' });
      assert.equal(post.statusCode, 403);
      const dashboard = await get('/admin', 'staff');
      assert.match(dashboard.body, /href="\/admin\/discounts"/);
      assert.doesNotMatch(dashboard.body, /href="\/admin\/audit"/);
      assert.match((await get('/admin', 'admin')).body, /href="\/admin\/audit"/);
    });

    test('staff create, edit and deactivate a discount code, see its uses, and each change is audited', async () => {
      const db = t.testDb.db;
      const staff = browserFor('staff');
      const created = await staff.submit('/admin/discounts/new', { code: ' summer-10 ', kind: 'percent', value: '12.5', startsOn: '2026-06-01', endsOn: '2026-06-30', usageLimit: '100', active: 'on' }, '/admin/discounts');
      assert.equal(created.statusCode, 303);
      assert.equal(created.headers.location, '/admin/discounts');
      const row = await db('discount_codes').where('code', 'SUMMER-10').first();
      assert.ok(row);
      assert.equal(Number(row.value), 1250);
      assert.equal(Number(row.starts_at), Date.UTC(2026, 5, 1));
      assert.equal(Number(row.ends_at), Date.UTC(2026, 6, 1));
      await db('discount_codes').where('id', row.id).update({ times_used: 7 });

      const list = await staff.get('/admin/discounts');
      assert.match(list.body, /Saved\./);
      assert.match(list.body, /SUMMER-10/);
      assert.match(list.body, /7 of 100/);

      const edit = await staff.get(`/admin/discounts/${row.id}/edit`);
      assert.match(edit.body, /value="12.5"/);
      assert.match(edit.body, /value="2026-06-30"/);
      const edited = await staff.submit(`/admin/discounts/${row.id}/edit`, { code: 'SUMMER-10', kind: 'fixed', value: '5,50', active: 'on' }, `/admin/discounts/${row.id}`);
      assert.equal(edited.statusCode, 303);
      const afterEdit = await db('discount_codes').where('id', row.id).first();
      assert.equal(afterEdit.kind, 'fixed');
      assert.equal(Number(afterEdit.value), 550);
      assert.equal(afterEdit.starts_at, null);

      const tooLow = await staff.submit(`/admin/discounts/${row.id}/edit`, { code: 'SUMMER-10', kind: 'fixed', value: '5', usageLimit: '3', active: 'on' }, `/admin/discounts/${row.id}`);
      assert.equal(tooLow.statusCode, 422);
      assert.match(tooLow.body, /already been used more times/);

      const off = await staff.submit('/admin/discounts', {}, `/admin/discounts/${row.id}/deactivate`);
      assert.equal(off.statusCode, 303);
      assert.equal(Boolean(Number((await db('discount_codes').where('id', row.id).first()).active)), false);
      assert.match((await staff.get('/admin/discounts')).body, /Inactive/);

      const audit = await listAudit(db, { entityType: 'discount_code', entityId: String(row.id) }, 10, 0);
      assert.deepEqual(audit.entries.map((e) => e.action).reverse(), ['discount.create', 'discount.update', 'discount.deactivate']);
      assert.ok(audit.entries.every((e) => e.actorEmail === emails.staff));
    });

    test('a wrong discount form comes back with 422, the input kept and a message beside each field', async () => {
      const staff = browserFor('staff');
      const bad = await staff.submit('/admin/discounts/new', { code: 'a!', kind: 'percent', value: '150', startsOn: '2026-13-01', usageLimit: '0' }, '/admin/discounts');
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /value="a!"/);
      assert.match(bad.body, /id="discount-code-error"[^>]*>Use 3 to 30 letters/);
      assert.match(bad.body, /id="discount-value-error"[^>]*>Enter a percentage from 1 to 100/);
      assert.match(bad.body, /id="discount-startsOn-error"[^>]*>Enter a date as YYYY-MM-DD/);
      assert.match(bad.body, /id="discount-usageLimit-error"/);
      const zero = await staff.submit('/admin/discounts/new', { code: 'ZERO', kind: 'fixed', value: '0' }, '/admin/discounts');
      assert.equal(zero.statusCode, 422);
      assert.match(zero.body, /Enter an amount above zero/);
      assert.equal((await staff.submit('/admin/discounts/new', { code: 'TWICE', kind: 'free_shipping' }, '/admin/discounts')).statusCode, 303);
      const twice = await staff.submit('/admin/discounts/new', { code: 'twice', kind: 'free_shipping' }, '/admin/discounts');
      assert.equal(twice.statusCode, 422);
      assert.match(twice.body, /Another code is already called this/);
      const noToken = await staff.post('/admin/discounts', { code: 'NOTOKEN', kind: 'free_shipping' });
      assert.equal(noToken.statusCode, 403);
    });

    test('admins create, edit and delete tax rates and shipping methods, with validation', async () => {
      const db = t.testDb.db;
      const admin = browserFor('admin');
      const badTax = await admin.submit('/admin/tax-rates/new', { country: 'XX', rate: '100.5' }, '/admin/tax-rates');
      assert.equal(badTax.statusCode, 422);
      assert.match(badTax.body, /Choose a country we ship to/);
      assert.match(badTax.body, /Enter a rate from 0 to 100/);
      assert.match(badTax.body, /value="100.5"/);
      assert.equal((await admin.submit('/admin/tax-rates/new', { country: 'FR', rate: '10' }, '/admin/tax-rates')).statusCode, 422, 'FR already has its default rate');

      assert.equal((await admin.submit('/admin/tax-rates/new', { country: 'FR', region: 'Corse', rate: '8.5' }, '/admin/tax-rates')).statusCode, 303);
      const rate = await db('tax_rates').where({ country: 'FR', region: 'Corse' }).first();
      assert.equal(Number(rate.rate_bp), 850);
      assert.equal((await admin.submit(`/admin/tax-rates/${rate.id}/edit`, { country: 'FR', region: 'Corse', rate: '13' }, `/admin/tax-rates/${rate.id}`)).statusCode, 303);
      assert.equal(Number((await db('tax_rates').where('id', rate.id).first()).rate_bp), 1300);
      assert.equal((await admin.submit('/admin/tax-rates', {}, `/admin/tax-rates/${rate.id}/delete`)).statusCode, 303);
      assert.equal(await db('tax_rates').where('id', rate.id).first(), undefined);

      const badShipping = await admin.submit('/admin/shipping-methods/new', { code: 'Next Day', name: '', price: '-1' }, '/admin/shipping-methods');
      assert.equal(badShipping.statusCode, 422);
      assert.match(badShipping.body, /id="shipping-code-error"/);
      assert.match(badShipping.body, /id="shipping-name-error"/);
      assert.match(badShipping.body, /id="shipping-price-error"/);
      assert.equal((await admin.submit('/admin/shipping-methods/new', { code: 'standard', name: 'Again', price: '1' }, '/admin/shipping-methods')).statusCode, 422);

      const made = await admin.submit('/admin/shipping-methods/new', { code: 'next-day', name: 'Next day', price: '0', freeAbove: '', position: '3', active: 'on' }, '/admin/shipping-methods');
      assert.equal(made.statusCode, 303);
      const method = await db('shipping_methods').where('code', 'next-day').first();
      assert.equal(Number(method.price_cents), 0);
      const edited = await admin.submit(`/admin/shipping-methods/${method.id}/edit`, { code: 'next-day', name: 'Next day', price: '9.90', freeAbove: '100', freeForMembers: 'on', position: '3', active: '' }, `/admin/shipping-methods/${method.id}`);
      assert.equal(edited.statusCode, 303);
      const afterEdit = await db('shipping_methods').where('id', method.id).first();
      assert.equal(Number(afterEdit.price_cents), 990);
      assert.equal(Number(afterEdit.free_above_cents), 10000);
      assert.equal(Boolean(Number(afterEdit.active)), false);
      assert.match((await admin.get('/admin/shipping-methods')).body, /Next day/);
      assert.equal((await admin.submit('/admin/shipping-methods', {}, `/admin/shipping-methods/${method.id}/delete`)).statusCode, 303);
      assert.equal(await db('shipping_methods').where('id', method.id).first(), undefined);

      const actions = (await listAudit(db, { actorEmail: emails.admin }, 50, 0)).entries.map((e) => e.action);
      for (const action of ['tax_rate.create', 'tax_rate.update', 'tax_rate.delete', 'shipping_method.create', 'shipping_method.update', 'shipping_method.delete']) {
        assert.ok(actions.includes(action), action);
      }
    });

    test('an admin sees an account with its orders, changes its role and grants or ends Plus; the account feels it at once', async () => {
      const db = t.testDb.db;
      const admin = browserFor('admin');
      const list = await admin.get('/admin/users');
      assert.match(list.body, new RegExp(`href="/admin/users/${ids.target}"`));
      assert.match((await admin.get(`/admin/users/${ids.target}`)).body, /No orders yet/);
      const now = Date.now();
      await db('orders').insert({
        number: 'EMP-TESTORDER1', user_id: ids.target, email: 'target@example.test', status: 'shipped', currency: 'EUR',
        subtotal_cents: 4200, discount_cents: 0, shipping_cents: 0, tax_cents: 0, total_cents: 4200, tax_rate_bp: 0,
        shipping_method: 'standard', ship_name: 'T', ship_line1: '1 rue', ship_postal_code: '75001', ship_city: 'Paris', ship_country: 'FR',
        access_token_hash: 'a'.repeat(64), idempotency_key_hash: 'b'.repeat(64), created_at: now, updated_at: now,
      });
      const page = await admin.get(`/admin/users/${ids.target}`);
      assert.match(page.body, /EMP-TESTORDER1/);
      assert.match(page.body, /Shipped/);
      assert.match(page.body, /42[.,]00/);

      assert.equal((await get('/admin', 'target')).statusCode, 403);
      const promoted = await admin.submit(`/admin/users/${ids.target}`, { role: 'staff' }, `/admin/users/${ids.target}/role`);
      assert.equal(promoted.statusCode, 303);
      assert.equal(promoted.headers.location, `/admin/users/${ids.target}`);
      assert.equal((await get('/admin', 'target')).statusCode, 200, 'the target’s next request sees the new role');

      const badDays = await admin.submit(`/admin/users/${ids.target}`, { days: '0' }, `/admin/users/${ids.target}/plus`);
      assert.equal(badDays.statusCode, 422);
      assert.match(badDays.body, /Enter a number of days from 1 to 3660/);
      assert.equal((await admin.submit(`/admin/users/${ids.target}`, { days: '30' }, `/admin/users/${ids.target}/plus`)).statusCode, 303);
      assert.equal((await membershipStatus(db, ids.target)).active, true);
      assert.match((await admin.get(`/admin/users/${ids.target}`)).body, /data-plus>until /);
      assert.equal((await admin.submit(`/admin/users/${ids.target}`, {}, `/admin/users/${ids.target}/plus/end`)).statusCode, 303);
      assert.equal((await membershipStatus(db, ids.target)).active, false);

      const audit = await listAudit(db, { entityType: 'user', entityId: String(ids.target) }, 10, 0);
      assert.deepEqual(audit.entries.map((e) => e.action).reverse(), ['user.role_change', 'user.plus_grant', 'user.plus_end']);
      assert.deepEqual(audit.entries[2].before, { role: 'customer' });
      assert.deepEqual(audit.entries[2].after, { role: 'staff' });
      assert.equal(audit.entries[0].actorEmail, emails.admin);
    });

    test('an admin cannot demote themself', async () => {
      const db = t.testDb.db;
      const admin = browserFor('admin');
      const before = (await listAudit(db, { entityType: 'user', entityId: String(ids.admin) }, 10, 0)).total;
      const res = await admin.submit(`/admin/users/${ids.admin}`, { role: 'customer' }, `/admin/users/${ids.admin}/role`);
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /You cannot remove your own admin rights/);
      assert.equal((await db('users').where('id', ids.admin).first('role')).role, 'admin');
      assert.equal((await listAudit(db, { entityType: 'user', entityId: String(ids.admin) }, 10, 0)).total, before);
      assert.equal((await get('/admin/audit', 'admin')).statusCode, 200);
    });

    test('the audit log filters by actor, action and entity and shows before and after as JSON', async () => {
      const admin = browserFor('admin');
      const all = await admin.get('/admin/audit');
      assert.equal(all.statusCode, 200);
      assert.match(all.body, /discount\.create/);
      const byActor = await admin.get(`/admin/audit?actor=${encodeURIComponent(emails.staff)}`);
      assert.match(byActor.body, /discount\.create/);
      assert.doesNotMatch(byActor.body, /tax_rate\.create/);
      const byEntity = await admin.get('/admin/audit?entity=user&action=user.role_change');
      assert.match(byEntity.body, /1 entry</);
      assert.match(byEntity.body, /<pre class="audit-json">\{\n  &quot;role&quot;: &quot;customer&quot;\n\}<\/pre>/);
      assert.match((await admin.get('/admin/audit?action=nothing-like-this')).body, /0 entries/);
      assert.equal((await admin.get('/admin/audit?page=9999')).statusCode, 200);
    });
  });
}
