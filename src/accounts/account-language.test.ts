// The customer's language on the account: kept from the sign-up, changed by the footer switch or the profile page,
// and used for the emails that go to an existing account (password reset, "someone tried to sign up"), over HTTP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { Shopper, csrfTokenIn } from '../test-support/shopper';
import { confirmLinkIn, resetLinkIn, waitForMail } from '../test-support/mail';
import { createApiToken } from './api-tokens';
import { hashPassword } from './passwords';

const PASSWORD = 'saffron tide lantern';
let counter = 0;

function uniqueEmail(label: string): string {
  counter += 1;
  return `${label}-${counter}-${Date.now()}@example.test`;
}

let ipCounter = 0;
function freshIp(): string {
  ipCounter += 1;
  return `10.9.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

async function account(db: Knex, email: string, locale: 'en' | 'fr' | null): Promise<number> {
  const [row] = await db('users').insert({ email, name: 'Camille Client', password_hash: await hashPassword(PASSWORD), role: 'customer', locale }).returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}

async function localeOf(db: Knex, userId: number): Promise<string | null> {
  return (await db('users').where({ id: userId }).first('locale')).locale;
}

/** The text a page shows beside a field: its error paragraph. */
function fieldError(html: string, id: string): string | null {
  const match = new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html);
  return match ? match[1] : null;
}

for (const dialect of dialects) {
  describe(`the customer's language on the account on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
    });
    after(async () => t.close());

    test('signing up on French pages makes a French account, even when the link is opened on an English page', async () => {
      const email = uniqueEmail('inscrite');
      const browser = new Shopper(t.app, freshIp());
      const sent = await browser.submit('/fr/account/signup', { name: 'Inès Inscrite', email, password: 'une phrase de passe sûre' });
      assert.equal(sent.statusCode, 303);
      const mail = await waitForMail(t.config.mailDir, email);
      assert.equal(mail.subject, 'Terminez la création de votre compte Emporium', 'the confirmation is in the language of the request');
      assert.equal((await t.testDb.db('signup_requests').where({ email }).first('locale')).locale, 'fr');

      // Opened elsewhere, on the unprefixed (English) address: the account still speaks French.
      const path = confirmLinkIn(mail).replace(/^https?:\/\/[^/]+/, '').replace(/^\/fr\//, '/');
      const other = new Shopper(t.app, freshIp());
      const page = await other.get(path);
      assert.equal(page.statusCode, 200);
      const token = new URL(path, 'http://x').searchParams.get('token')!;
      assert.equal((await other.post('/account/confirm', { _csrf: csrfTokenIn(page.body, '/account/confirm'), token })).statusCode, 303);
      assert.equal((await t.testDb.db('users').where({ email }).first('locale')).locale, 'fr');

      const english = uniqueEmail('signed-up');
      const en = new Shopper(t.app, freshIp());
      await en.submit('/account/signup', { name: 'Eddie English', email: english, password: 'a safe passphrase here' });
      const enLink = confirmLinkIn(await waitForMail(t.config.mailDir, english)).replace(/^https?:\/\/[^/]+/, '');
      const enPage = await en.get(enLink);
      await en.post('/account/confirm', { _csrf: csrfTokenIn(enPage.body, '/account/confirm'), token: new URL(enLink, 'http://x').searchParams.get('token')! });
      assert.equal((await t.testDb.db('users').where({ email: english }).first('locale')).locale, 'en');
    });

    test('the footer switch sets a signed-in account’s language; browsing /fr/ pages and other sites’ links do not', async () => {
      const email = uniqueEmail('switch');
      const userId = await account(t.testDb.db, email, 'en');
      const browser = new Shopper(t.app, freshIp());
      assert.equal((await browser.logIn(email, PASSWORD)).statusCode, 303);

      assert.equal((await browser.get('/fr/account')).statusCode, 200);
      assert.equal(await localeOf(t.testDb.db, userId), 'en', 'reading French pages changes nothing');

      const fromElsewhere = await browser.get('/language/fr?return=%2Faccount', { 'sec-fetch-site': 'cross-site' });
      assert.equal(fromElsewhere.statusCode, 303);
      assert.equal(await localeOf(t.testDb.db, userId), 'en', 'a link from another site does not change the account');

      const switched = await browser.get('/language/fr?return=%2Faccount', { 'sec-fetch-site': 'same-origin' });
      assert.equal(switched.statusCode, 303);
      assert.equal(switched.headers.location, '/fr/account');
      assert.equal(await localeOf(t.testDb.db, userId), 'fr');
      assert.equal((await browser.get('/language/en?return=%2F')).statusCode, 303);
      assert.equal(await localeOf(t.testDb.db, userId), 'en');
      assert.equal((await browser.get('/language/xx?return=%2F')).statusCode, 303);
      assert.equal(await localeOf(t.testDb.db, userId), 'en', 'an unknown language changes nothing');

      // Anonymous visitors only get the cookie.
      const before = await t.testDb.db('users').whereNotNull('locale').count({ n: '*' }).first();
      assert.equal((await new Shopper(t.app, freshIp()).get('/language/fr?return=%2F')).statusCode, 303);
      assert.deepEqual(await t.testDb.db('users').whereNotNull('locale').count({ n: '*' }).first(), before);
    });

    test('the profile page sets the language for emails; an unknown value comes back beside the field', async () => {
      const email = uniqueEmail('setting');
      const userId = await account(t.testDb.db, email, null);
      const browser = new Shopper(t.app, freshIp());
      await browser.logIn(email, PASSWORD);

      const page = await browser.get('/account/profile');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h2 id="language-title">Language for emails<\/h2>/);
      assert.match(page.body, /id="language-locale-en" name="locale" value="en" checked/, 'no language chosen: the shop’s default is shown');
      assert.match(page.body, /<label for="language-locale-fr" lang="fr">Français<\/label>/);

      const saved = await browser.post('/account/language', { _csrf: csrfTokenIn(page.body, '/account/language'), locale: 'fr' });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, '/account/profile');
      assert.equal(await localeOf(t.testDb.db, userId), 'fr');
      const after = await browser.get('/account/profile');
      assert.match(after.body, /Your language for emails has been saved\./);
      assert.match(after.body, /id="language-locale-fr" name="locale" value="fr" checked/);
      assert.doesNotMatch(after.body, /value="en" checked/);

      for (const bad of ['xx', '']) {
        const refused = await browser.submit('/account/profile', { locale: bad }, '/account/language');
        assert.equal(refused.statusCode, 422, bad);
        assert.equal(fieldError(refused.body, 'language-locale'), 'Choose one of the languages offered.');
        assert.match(refused.body, /href="#language-locale"/, 'the summary links to the field');
        assert.match(refused.body, new RegExp(`id="profile-email" name="email" type="email" value="${email}"`), 'the profile form is still there');
      }
      assert.equal(await localeOf(t.testDb.db, userId), 'fr');

      const french = await browser.submit('/fr/account/profile', { locale: 'zz' }, '/fr/account/language');
      assert.equal(french.statusCode, 422);
      assert.equal(fieldError(french.body, 'language-locale'), 'Choisissez l’une des langues proposées.');
      assert.match(french.body, /Langue des e-mails/);

      const noToken = await browser.post('/account/language', { locale: 'en' });
      assert.equal(noToken.statusCode, 403);
      const anonymous = await new Shopper(t.app, freshIp()).postWithTokenFrom('/account/language', { locale: 'en' }, '/account/login');
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/account\/login/);
      assert.equal(await localeOf(t.testDb.db, userId), 'fr');
    });

    test('the password reset email is in the account’s language, whichever page asked for it', async () => {
      const french = uniqueEmail('reset-fr');
      await account(t.testDb.db, french, 'fr');
      assert.equal((await new Shopper(t.app, freshIp()).submit('/account/forgot-password', { email: french })).statusCode, 303);
      const mail = await waitForMail(t.config.mailDir, french);
      assert.equal(mail.subject, 'Réinitialisez votre mot de passe Emporium');
      assert.match(resetLinkIn(mail), /^http:\/\/shop\.test\/fr\/account\/reset-password\?token=/, 'the link opens the French page');
      const page = await new Shopper(t.app, freshIp()).get(resetLinkIn(mail).replace('http://shop.test', ''));
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['content-language'], 'fr');

      const english = uniqueEmail('reset-en');
      await account(t.testDb.db, english, 'en');
      await new Shopper(t.app, freshIp()).submit('/fr/account/forgot-password', { email: english }, '/fr/account/forgot-password');
      assert.equal((await waitForMail(t.config.mailDir, english)).subject, 'Reset your Emporium password');

      const unset = uniqueEmail('reset-default');
      await account(t.testDb.db, unset, null);
      await new Shopper(t.app, freshIp()).submit('/fr/account/forgot-password', { email: unset }, '/fr/account/forgot-password');
      assert.equal((await waitForMail(t.config.mailDir, unset)).subject, 'Reset your Emporium password', 'no language chosen: the shop’s default');
    });

    test('“someone tried to sign up with your address” is in the account’s language', async () => {
      const french = uniqueEmail('existing-fr');
      await account(t.testDb.db, french, 'fr');
      assert.equal((await new Shopper(t.app, freshIp()).submit('/account/signup', { name: 'Prober', email: french, password: 'a probing passphrase' })).statusCode, 303);
      const told = await waitForMail(t.config.mailDir, french);
      assert.equal(told.subject, 'Quelqu’un a essayé de créer un compte Emporium avec votre adresse');
      assert.match(told.text, /http:\/\/shop\.test\/fr\/account\/forgot-password/);

      const english = uniqueEmail('existing-en');
      await account(t.testDb.db, english, 'en');
      await new Shopper(t.app, freshIp()).submit('/fr/account/signup', { name: 'Sonde', email: english, password: 'une phrase de sonde' }, '/fr/account/signup');
      assert.equal((await waitForMail(t.config.mailDir, english)).subject, 'Someone tried to create an Emporium account with your address');
    });

    test('apps read the language on /api/v1/me and GraphQL me; the back office shows it', async () => {
      const userId = await createUser(t.testDb.db);
      const { token } = await createApiToken(t.testDb.db, userId, 'phone');
      const auth = { authorization: `Bearer ${token}` };
      const rest = async () => JSON.parse((await t.app.inject({ url: '/api/v1/me', headers: auth })).body).locale;
      const gql = async () => JSON.parse((await t.app.inject({ method: 'POST', url: '/graphql', headers: auth, payload: { query: '{ me { locale } }' } })).body).data.me.locale;
      assert.equal(await rest(), 'en', 'none chosen: the shop’s default');
      assert.equal(await gql(), 'EN');
      await t.testDb.db('users').where({ id: userId }).update({ locale: 'fr' });
      assert.equal(await rest(), 'fr');
      assert.equal(await gql(), 'FR');

      const admin = await createUser(t.testDb.db, 'admin');
      const cookie = await signIn(t.app, admin);
      const page = await t.app.inject({ url: `/admin/users/${userId}`, headers: { cookie } });
      assert.match(page.body, /<dt>Language for emails<\/dt><dd data-locale>Français<\/dd>/);
      const other = await createUser(t.testDb.db);
      const unset = await t.app.inject({ url: `/admin/users/${other}`, headers: { cookie } });
      assert.match(unset.body, /<dd data-locale>English \(the shop’s default; none chosen\)<\/dd>/);
    });
  });
}
