// The address book through HTTP, and the CSRF check on every account form.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { Shopper, csrfTokenIn } from '../test-support/shopper';
import { signUpByEmail } from '../test-support/sign-up';
import { addressProblems, addressFromForm } from './addresses';

const PASSWORD = 'copper kettle harbour';
let counter = 0;

async function newCustomer(t: TestApp, name = 'Marie Curie'): Promise<Shopper> {
  counter += 1;
  const browser = new Shopper(t.app, `10.1.0.${counter}`);
  await signUpByEmail(browser, t.config.mailDir, { name, email: `addr-${counter}-${Date.now()}@example.test`, password: PASSWORD });
  return browser;
}

const PARIS = { name: 'Marie Curie', line1: '11 rue Pierre et Marie Curie', line2: '', postalCode: '75005', city: 'Paris', region: '', country: 'FR', phone: '+33 1 23 45 67 89' };
const BERLIN = { name: 'Lise Meitner', line1: 'Hahn-Meitner-Platz 1', line2: 'Haus B', postalCode: '14109', city: 'Berlin', region: '', country: 'DE', phone: '' };

function addressIds(html: string): number[] {
  return [...html.matchAll(/href="\/account\/addresses\/(\d+)\/edit"/g)].map((m) => Number(m[1]));
}

test('address validation: required fields, country list, postal codes by country, phone numbers', () => {
  assert.deepEqual(addressProblems(addressFromForm(PARIS)), {});
  assert.deepEqual(addressProblems(addressFromForm({ ...PARIS, postalCode: ' sw1a  1aa ', country: 'gb', city: 'London' })), {});
  assert.deepEqual(addressProblems(addressFromForm({ ...PARIS, postalCode: '1012 ab', country: 'NL' })), {});
  assert.deepEqual(addressProblems(addressFromForm({ ...PARIS, postalCode: 'K1A 0B1', country: 'CA' })), {});
  assert.deepEqual(addressProblems(addressFromForm({ ...PARIS, postalCode: '1000-001', country: 'PT' })), {});
  assert.deepEqual(addressProblems(addressFromForm({ ...PARIS, postalCode: '90210-1234', country: 'US' })), {});
  const errors = addressProblems(addressFromForm({ name: ' ', line1: '', postalCode: '', city: '', country: 'XX', phone: 'call me' }));
  assert.deepEqual(errors, {
    name: 'accounts.address.nameRequired',
    line1: 'accounts.address.line1Required',
    postalCode: 'accounts.address.postalCodeRequired',
    city: 'accounts.address.cityRequired',
    country: 'accounts.address.countryInvalid',
    phone: 'accounts.address.phoneInvalid',
  });
  assert.equal(addressProblems(addressFromForm({ ...PARIS, postalCode: '7500' })).postalCode, 'accounts.address.postalCodeInvalid');
  assert.equal(addressProblems(addressFromForm({ ...PARIS, city: 'x'.repeat(101) })).city, 'accounts.address.tooLong');
  assert.equal(addressProblems(addressFromForm({ ...PARIS, phone: '+1' })).phone, 'accounts.address.phoneInvalid');
});

for (const dialect of dialects) {
  describe(`address book on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(async () => t.close());

    test('the first address becomes the default; a rejected form keeps the input and explains each field', async () => {
      const browser = await newCustomer(t);
      const empty = await browser.get('/account/addresses');
      assert.match(empty.body, /You have not saved an address yet/);

      const bad = await browser.submit('/account/addresses/new', { ...PARIS, postalCode: '750', city: '', country: 'ZZ' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="address-city-error">Enter the city/);
      assert.match(bad.body, /id="address-country-error">Choose a country from the list/);
      assert.match(bad.body, /value="11 rue Pierre et Marie Curie"/);
      assert.match(bad.body, /value="\+33 1 23 45 67 89"/);

      const wrongPostcode = await browser.submit('/account/addresses/new', { ...PARIS, postalCode: '750' });
      assert.equal(wrongPostcode.statusCode, 422);
      assert.match(wrongPostcode.body, /id="address-postalCode-error">This postal code does not look right for the country you chose/);
      assert.match(wrongPostcode.body, /<option value="FR" selected>France<\/option>/);

      const ok = await browser.submit('/account/addresses/new', PARIS);
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/account/addresses');
      const list = await browser.get('/account/addresses');
      assert.match(list.body, /The address has been saved/);
      assert.match(list.body, /Default address/);
      assert.match(list.body, /75005 Paris<br>France/);
      const overview = await browser.get('/account');
      assert.match(overview.body, /11 rue Pierre et Marie Curie/);
    });

    test('editing, choosing the default and deleting; the default passes on when it is deleted', async () => {
      const browser = await newCustomer(t);
      await browser.submit('/account/addresses/new', PARIS);
      await browser.submit('/account/addresses/new', BERLIN);
      let list = await browser.get('/account/addresses');
      const [paris, berlin] = addressIds(list.body);
      assert.ok(paris && berlin);
      assert.ok(list.body.indexOf('Pierre et Marie') < list.body.indexOf('Hahn-Meitner'), 'the default comes first');

      const form = await browser.get(`/account/addresses/${berlin}/edit`);
      assert.match(form.body, /value="Hahn-Meitner-Platz 1"/);
      const edited = await browser.post(`/account/addresses/${berlin}/edit`, { _csrf: csrfTokenIn(form.body, `/account/addresses/${berlin}/edit`), ...BERLIN, line1: 'Hahn-Meitner-Platz 2' });
      assert.equal(edited.statusCode, 303);
      list = await browser.get('/account/addresses');
      assert.match(list.body, /Hahn-Meitner-Platz 2/);

      const made = await browser.post(`/account/addresses/${berlin}/default`, { _csrf: csrfTokenIn(list.body, `/account/addresses/${berlin}/default`) });
      assert.equal(made.statusCode, 303);
      list = await browser.get('/account/addresses');
      assert.match(list.body, /Your default address has been changed/);
      assert.ok(list.body.indexOf('Hahn-Meitner') < list.body.indexOf('Pierre et Marie'), 'Berlin is now first');
      const defaults = await t.testDb.db('addresses').whereIn('id', [paris, berlin]).orderBy('id').pluck('is_default');
      assert.deepEqual(defaults.map(Boolean), [false, true]);

      await browser.post(`/account/addresses/${berlin}/delete`, { _csrf: csrfTokenIn(list.body, `/account/addresses/${berlin}/delete`) });
      list = await browser.get('/account/addresses');
      assert.match(list.body, /The address has been deleted/);
      assert.deepEqual(addressIds(list.body), [paris]);
      assert.match(list.body, /Default address/, 'the remaining address became the default');
    });

    test('nobody can see or change another customer’s addresses', async () => {
      const owner = await newCustomer(t);
      await owner.submit('/account/addresses/new', PARIS);
      const [id] = addressIds((await owner.get('/account/addresses')).body);
      const stranger = await newCustomer(t, 'Mallory');
      const page = await stranger.get('/account/addresses');
      assert.equal((await stranger.get(`/account/addresses/${id}/edit`)).statusCode, 404);
      for (const action of ['edit', 'delete', 'default']) {
        const res = await stranger.post(`/account/addresses/${id}/${action}`, { _csrf: csrfTokenIn(page.body), ...BERLIN });
        assert.equal(res.statusCode, 404, action);
      }
      assert.equal((await stranger.get('/account/addresses/abc/edit')).statusCode, 404);
      const stored = await t.testDb.db('addresses').where({ id }).first();
      assert.equal(stored.line1, PARIS.line1);
    });

    test('every account form refuses a POST without its CSRF token or with a wrong one (403)', async () => {
      const browser = await newCustomer(t);
      await browser.submit('/account/addresses/new', PARIS);
      const [id] = addressIds((await browser.get('/account/addresses')).body);
      const anonymous = new Shopper(t.app, '10.1.9.9');
      await anonymous.get('/account/login');
      const forms: [Shopper, string, Record<string, string>][] = [
        [anonymous, '/account/login', { email: 'a@example.test', password: PASSWORD }],
        [anonymous, '/account/signup', { name: 'Eve', email: 'eve@example.test', password: PASSWORD }],
        [anonymous, '/account/forgot-password', { email: 'a@example.test' }],
        [anonymous, '/account/reset-password', { token: 'x', password: PASSWORD }],
        [anonymous, '/account/confirm', { token: 'x' }],
        [browser, '/account/logout', {}],
        [browser, '/account/profile', { name: 'Changed', email: 'changed@example.test' }],
        [browser, '/account/password', { currentPassword: PASSWORD, newPassword: 'changed password here' }],
        [browser, '/account/addresses/new', PARIS],
        [browser, `/account/addresses/${id}/edit`, BERLIN],
        [browser, `/account/addresses/${id}/delete`, {}],
        [browser, `/account/addresses/${id}/default`, {}],
      ];
      for (const [who, url, fields] of forms) {
        const missing = await who.post(url, fields);
        assert.equal(missing.statusCode, 403, `${url} without a token`);
        assert.match(missing.body, /This form has expired/);
        const wrong = await who.post(url, { ...fields, _csrf: 'forged-token' });
        assert.equal(wrong.statusCode, 403, `${url} with a wrong token`);
      }
      // Nothing happened: still signed in, same name, the address still there.
      const overview = await browser.get('/account');
      assert.equal(overview.statusCode, 200);
      assert.match(overview.body, /Hello, Marie Curie/);
      assert.equal((await t.testDb.db('addresses').where({ id }).first()).line1, PARIS.line1);
      assert.equal(await t.testDb.db('users').where({ email: 'eve@example.test' }).first(), undefined);
      assert.equal(await t.testDb.db('signup_requests').where({ email: 'eve@example.test' }).first(), undefined);
    });

    test('an address book holds at most 20 addresses', async () => {
      const browser = await newCustomer(t);
      const userId = Number((await t.testDb.db('users').orderBy('id', 'desc').first('id')).id);
      await t.testDb.db('addresses').insert(Array.from({ length: 20 }, (_, i) => ({ user_id: userId, name: `N${i}`, line1: 'L', postal_code: '75001', city: 'Paris', country: 'FR', is_default: i === 0 })));
      const res = await browser.submit('/account/addresses/new', PARIS);
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /You can save up to 20 addresses/);
      assert.match(res.body, /value="11 rue Pierre et Marie Curie"/);
    });
  });
}
