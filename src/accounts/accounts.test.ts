// Accounts through HTTP: sign up, log in and out, sessions, rate limits, forgotten passwords, profile, password.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../app';
import { createDb } from '../db';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { Shopper, csrfTokenIn, type Response } from '../test-support/shopper';
import { mailsTo, resetLinkIn, waitForMail } from '../test-support/mail';
import { signUpByEmail } from '../test-support/sign-up';

const STRONG = 'lantern orbit mosaic';
let counter = 0;

function uniqueEmail(label: string): string {
  counter += 1;
  return `${label}-${counter}-${Date.now()}@example.test`;
}

let ipCounter = 0;
/** A fresh client address per test, so one test's attempts do not use up another's rate limit. */
function freshIp(): string {
  ipCounter += 1;
  return `10.0.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

function locationOf(res: Response): string {
  return String(res.headers.location ?? '');
}

async function signUp(t: TestApp, fields: { name?: string; email: string; password?: string }, ip = freshIp()): Promise<Shopper> {
  const browser = new Shopper(t.app, ip);
  await signUpByEmail(browser, t.config.mailDir, { name: fields.name ?? 'Ada Lovelace', email: fields.email, password: fields.password ?? STRONG });
  return browser;
}

async function logIn(t: TestApp, email: string, password: string, browser = new Shopper(t.app, freshIp())): Promise<{ browser: Shopper; res: Response }> {
  return { browser, res: await browser.logIn(email, password) };
}

/** The text a page shows beside a field: its error paragraph. */
function fieldError(html: string, id: string): string | null {
  const match = new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html);
  return match ? match[1] : null;
}

for (const dialect of dialects) {
  describe(`accounts on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(async () => t.close());

    test('signing up through the emailed link creates a customer, signs them in and greets them by name in the header', async () => {
      const email = uniqueEmail('ada');
      const browser = new Shopper(t.app, freshIp());
      const page = await browser.get('/account/signup');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<label for="signup-password">Password<\/label>/);
      const res = await signUpByEmail(browser, t.config.mailDir, { name: '  Ada Lovelace ', email: `  ${email.toUpperCase()} `, password: STRONG });
      assert.equal(locationOf(res), '/account');
      const overview = await browser.get('/account');
      assert.equal(overview.statusCode, 200);
      assert.match(overview.body, /Welcome to Emporium, Ada Lovelace/);
      assert.match(overview.body, /Hello, Ada Lovelace/);
      assert.match(overview.body, /action="\/account\/logout"/);
      const row = await t.testDb.db('users').where({ email }).first();
      assert.equal(row.name, 'Ada Lovelace');
      assert.equal(row.role, 'customer');
      assert.match(row.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      assert.ok(!row.password_hash.includes(STRONG));
    });

    test('a rejected sign-up keeps what was typed (never the password) and explains each field', async () => {
      const browser = new Shopper(t.app, freshIp());
      const res = await browser.submit('/account/signup', { name: '', email: 'not-an-email', password: 'short' });
      assert.equal(res.statusCode, 422);
      assert.equal(fieldError(res.body, 'signup-name'), 'Enter your name.');
      assert.equal(fieldError(res.body, 'signup-email'), 'Enter an email address like name@example.com.');
      assert.equal(fieldError(res.body, 'signup-password'), 'Use at least 8 characters.');
      assert.match(res.body, /id="signup-email" name="email" type="email" value="not-an-email"/);
      assert.match(res.body, /id="signup-email"[^>]*aria-invalid="true" aria-describedby="signup-email-error"/);
      assert.doesNotMatch(res.body, /value="short"/);
      assert.match(res.body, /<a href="#signup-email">/, 'the summary links to the field');
      assert.equal(await t.testDb.db('users').where({ email: 'not-an-email' }).first(), undefined);
    });

    test('an email can have only one account, whatever its case and spacing', async () => {
      const email = uniqueEmail('dup');
      await signUp(t, { email });
      const again = new Shopper(t.app, freshIp());
      const res = await again.submit('/account/signup', { name: 'Someone Else', email: ` ${email.toUpperCase()}`, password: 'another strong passphrase' });
      assert.equal(res.statusCode, 303, 'the same answer as for a new address');
      assert.equal((await again.get('/account')).statusCode, 303, 'not signed in');
      const count = await t.testDb.db('users').where({ email }).count({ n: '*' }).first();
      assert.equal(Number(count?.n), 1);
    });

    test('weak passwords are refused with a clear message; any script is welcome', async () => {
      const cases: [string, RegExp][] = [
        ['password', /most common passwords/],
        ['PassWord123', /most common passwords/],
        ['Qwertyuiop', /most common passwords/],
        ['1234567', /at least 8 characters/],
        ['x'.repeat(129), /at most 128 characters/],
        ['', /Enter a password/],
      ];
      for (const [password, message] of cases) {
        const browser = new Shopper(t.app, freshIp());
        const res = await browser.submit('/account/signup', { name: 'Weak', email: uniqueEmail('weak'), password });
        assert.equal(res.statusCode, 422, password);
        assert.match(fieldError(res.body, 'signup-password') ?? '', message, password);
      }
      const email = uniqueEmail('name-as-password');
      const same = await new Shopper(t.app, freshIp()).submit('/account/signup', { name: 'Grace Hopper', email, password: 'grace hopper' });
      assert.match(fieldError(same.body, 'signup-password') ?? '', /name or email/);

      // 8 characters of Japanese are 8 characters, not 24 bytes; composed and decomposed accents are the same password.
      const unicodeEmail = uniqueEmail('unicode');
      await signUp(t, { email: unicodeEmail, password: 'パスワードは長い' });
      assert.equal((await logIn(t, unicodeEmail, 'パスワードは長い')).res.statusCode, 303);
      const accented = uniqueEmail('accents');
      await signUp(t, { email: accented, password: 'crème brûlée à la française'.normalize('NFC') });
      assert.equal((await logIn(t, accented, 'crème brûlée à la française'.normalize('NFD'))).res.statusCode, 303);
      await signUpByEmail(new Shopper(t.app, freshIp()), t.config.mailDir, { name: 'Max', email: uniqueEmail('max'), password: 'é'.repeat(128) });
    });

    test('logging in takes the visitor where they were going; only paths on this site', async () => {
      const email = uniqueEmail('login');
      await signUp(t, { email });
      const browser = new Shopper(t.app, freshIp());
      await browser.get('/account/login?return=%2Faccount%2Faddresses');
      const ok = await browser.post('/account/login', { _csrf: await tokenOf(browser, '/account/login'), email: email.toUpperCase(), password: STRONG, return: '/account/addresses' });
      assert.equal(ok.statusCode, 303);
      assert.equal(locationOf(ok), '/account/addresses');
      assert.equal((await browser.get('/account/addresses')).statusCode, 200);

      const evil = new Shopper(t.app, freshIp());
      const res = await evil.post('/account/login', { _csrf: await tokenOf(evil, '/account/login'), email, password: STRONG, return: '//evil.example/' });
      assert.equal(locationOf(res), '/account');
    });

    test('a failed login says the same for an unknown email and a wrong password, and keeps the email', async () => {
      const email = uniqueEmail('known');
      await signUp(t, { email });
      const unknown = await logIn(t, uniqueEmail('nobody'), STRONG);
      const wrong = await logIn(t, email, 'wrong password here');
      assert.equal(unknown.res.statusCode, 401);
      assert.equal(wrong.res.statusCode, 401);
      const message = 'The email address or the password is not right. Check both and try again.';
      assert.ok(unknown.res.body.includes(message));
      assert.ok(wrong.res.body.includes(message));
      const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
      assert.equal(strip(unknown.res.body), strip(wrong.res.body), 'nothing else differs but the typed email and the token');
      assert.match(wrong.res.body, new RegExp(`value="${email}"`));
      assert.doesNotMatch(wrong.res.body, /wrong password here/);
      assert.equal(wrong.browser.cookies.size > 0, true);
      assert.equal((await wrong.browser.get('/account')).statusCode, 303, 'still anonymous');

      const empty = await logIn(t, '', '');
      assert.equal(empty.res.statusCode, 422);
      assert.equal(fieldError(empty.res.body, 'login-email'), 'Enter your email address.');
      assert.equal(fieldError(empty.res.body, 'login-password'), 'Enter your password.');
    });

    test('login is limited to 5 failures per account and 10 per IP in 15 minutes (429 with Retry-After)', async () => {
      const email = uniqueEmail('target');
      await signUp(t, { email });
      // Per account: the attacker changes address every time.
      for (let i = 0; i < 5; i++) assert.equal((await logIn(t, email, `guess number ${i}`)).res.statusCode, 401);
      const limited = await logIn(t, email, STRONG);
      assert.equal(limited.res.statusCode, 429, 'even the right password waits');
      assert.ok(Number(limited.res.headers['retry-after']) > 800 && Number(limited.res.headers['retry-after']) <= 900);
      assert.match(limited.res.body, /Too many attempts\. Please wait 15 min/);
      assert.match(limited.res.body, new RegExp(`value="${email}"`));

      // Per IP: one address trying many accounts.
      const ip = freshIp();
      for (let i = 0; i < 10; i++) assert.equal((await logIn(t, uniqueEmail('spray'), 'spray attempt', new Shopper(t.app, ip))).res.statusCode, 401);
      const sprayed = await logIn(t, uniqueEmail('spray'), 'spray attempt', new Shopper(t.app, ip));
      assert.equal(sprayed.res.statusCode, 429);
      assert.ok(Number(sprayed.res.headers['retry-after']) > 0);
      assert.equal((await logIn(t, uniqueEmail('other'), 'x-attempt', new Shopper(t.app, freshIp()))).res.statusCode, 401, 'other addresses go on');

      // Successful logins do not use up the budget.
      const regular = uniqueEmail('regular');
      await signUp(t, { email: regular });
      const home = freshIp();
      for (let i = 0; i < 12; i++) assert.equal((await logIn(t, regular, STRONG, new Shopper(t.app, home))).res.statusCode, 303);
    });

    test('the limits hold across instances sharing the database', async () => {
      const connection = t.testDb.db.client.config.connection;
      const otherDb = dialect === 'pg' ? createDb({ databaseUrl: connection as string, sqliteFile: '' }) : createDb({ databaseUrl: null, sqliteFile: (connection as { filename: string }).filename });
      const other = await buildApp(t.config, { db: otherDb });
      await other.ready();
      try {
        const email = uniqueEmail('shared');
        await signUp(t, { email });
        for (let i = 0; i < 5; i++) {
          const app = i % 2 === 0 ? t.app : other;
          assert.equal((await logIn(t, email, `guess ${i}`, new Shopper(app, freshIp()))).res.statusCode, 401);
        }
        assert.equal((await logIn(t, email, STRONG, new Shopper(other, freshIp()))).res.statusCode, 429);
        assert.equal((await logIn(t, email, STRONG, new Shopper(t.app, freshIp()))).res.statusCode, 429);
      } finally {
        await other.close();
        await otherDb.destroy();
      }
    });

    test('a session cookie from before a login is worthless after it (no session fixation)', async () => {
      const email = uniqueEmail('fixation');
      await signUp(t, { email });
      // The attacker gets a session id and plants it in the victim's browser.
      const attacker = new Shopper(t.app, freshIp());
      await attacker.get('/account/login');
      const planted = attacker.sessionCookie!;
      assert.ok(planted);
      const victim = new Shopper(t.app, freshIp());
      victim.cookies.set('emporium.sid', planted.split('=').slice(1).join('='));
      const res = await victim.submit('/account/login', { email, password: STRONG });
      assert.equal(res.statusCode, 303);
      assert.notEqual(victim.sessionCookie, planted, 'the login issued a new session id');
      assert.equal((await victim.get('/account')).statusCode, 200);
      const replay = await t.app.inject({ url: '/account', headers: { cookie: planted } });
      assert.equal(replay.statusCode, 303, 'the planted id is not logged in');
      assert.match(locationOf(replay), /^\/account\/login\?return=/);
    });

    test('logging out is a POST that ends the session for good', async () => {
      const email = uniqueEmail('logout');
      const browser = await signUp(t, { email });
      const before = browser.sessionCookie!;
      const page = await browser.get('/account');
      assert.equal((await t.app.inject({ url: '/account/logout' })).statusCode, 404, 'no GET logout for a link to trigger');
      const res = await browser.post('/account/logout', { _csrf: csrfTokenIn(page.body, '/account/logout') });
      assert.equal(res.statusCode, 303);
      assert.equal(locationOf(res), '/');
      const home = await browser.get('/');
      assert.match(home.body, />Log in</);
      assert.doesNotMatch(home.body, /Hello, /);
      assert.equal((await t.app.inject({ url: '/account', headers: { cookie: before } })).statusCode, 303, 'the old id is worthless');
    });

    test('account pages send anonymous visitors to log in and back', async () => {
      for (const url of ['/account', '/account/profile', '/account/password', '/account/addresses', '/account/addresses/new']) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 303, url);
        assert.equal(locationOf(res), `/account/login?return=${encodeURIComponent(url)}`);
      }
      const page = await t.app.inject({ url: '/account/login?return=%2Faccount%2Fprofile' });
      assert.match(page.body, /name="return" value="\/account\/profile"/);
    });

    test('forgotten password: same answer for any email, a single-use link by email, the new password works', async () => {
      const email = uniqueEmail('forgot');
      const owner = await signUp(t, { name: "Zoë O'Brien", email });
      const mailDir = t.config.mailDir;

      const ask = async (address: string) => {
        const browser = new Shopper(t.app, freshIp());
        const res = await browser.submit('/account/forgot-password', { email: address });
        const next = await browser.get(locationOf(res));
        return { res, next };
      };
      const known = await ask(email.toUpperCase());
      const unknown = await ask(uniqueEmail('ghost'));
      assert.equal(known.res.statusCode, 303);
      assert.equal(unknown.res.statusCode, known.res.statusCode);
      assert.equal(locationOf(unknown.res), locationOf(known.res));
      const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
      assert.equal(strip(unknown.next.body), strip(known.next.body));
      assert.match(known.next.body, /If an account uses that email address, we have sent it a link/);

      const mail = await waitForMail(mailDir, email, 2); // after the sign-up link
      assert.equal(mail.subject, 'Reset your Emporium password');
      assert.match(mail.from, /Emporium <shop@localhost>/);
      assert.match(mail.text, /Hello Zoë O'Brien,/, 'plain text is not HTML-escaped');
      assert.match(mail.html, /Hello Zoë O&#39;Brien,/);
      assert.match(mail.text, /expires in one hour/);
      const link = resetLinkIn(mail);
      assert.ok(link.startsWith('http://shop.test/account/reset-password?token='));
      const token = new URL(link).searchParams.get('token')!;
      const stored = await t.testDb.db('password_resets').first('token_hash', 'expires_at');
      assert.notEqual(stored.token_hash, token, 'only a hash is stored');
      assert.match(stored.token_hash, /^[0-9a-f]{64}$/);

      const other = await logIn(t, email, STRONG);
      assert.equal((await other.browser.get('/account')).statusCode, 200);

      const resetter = new Shopper(t.app, freshIp());
      const path = link.replace('http://shop.test', '');
      const form = await resetter.get(path);
      assert.equal(form.statusCode, 200);
      assert.ok(form.body.includes(`Choose a new password for ${email}.`));
      const weak = await resetter.post('/account/reset-password', { _csrf: csrfTokenIn(form.body, '/account/reset-password'), token, password: 'password1' });
      assert.equal(weak.statusCode, 422);
      assert.match(fieldError(weak.body, 'reset-password') ?? '', /most common/);
      const done = await resetter.post('/account/reset-password', { _csrf: csrfTokenIn(weak.body, '/account/reset-password'), token, password: 'a brand new secret' });
      assert.equal(done.statusCode, 303);
      assert.equal(locationOf(done), '/account/login');
      assert.match((await resetter.get('/account/login')).body, /Your password has been changed/);

      assert.equal((await other.browser.get('/account')).statusCode, 303, 'sessions that knew the old password are over');
      assert.equal((await owner.get('/account')).statusCode, 303);
      assert.equal((await logIn(t, email, STRONG)).res.statusCode, 401);
      assert.equal((await logIn(t, email, 'a brand new secret')).res.statusCode, 303);

      const reused = await new Shopper(t.app, freshIp()).get(path);
      assert.equal(reused.statusCode, 410);
      assert.match(reused.body, /expired or has already been used/);
      const replayer = new Shopper(t.app, freshIp());
      const replayPage = await replayer.get('/account/forgot-password');
      const replay = await replayer.post('/account/reset-password', { _csrf: csrfTokenIn(replayPage.body, '/account/forgot-password'), token, password: 'yet another secret' });
      assert.equal(replay.statusCode, 410);
      assert.equal((await logIn(t, email, 'a brand new secret')).res.statusCode, 303);
    });

    test('a reset link expires after one hour, and links are limited per email and per IP', async () => {
      const email = uniqueEmail('expiry');
      await signUp(t, { email });
      const browser = new Shopper(t.app, freshIp());
      await browser.submit('/account/forgot-password', { email });
      const link = resetLinkIn(await waitForMail(t.config.mailDir, email, 2)); // after the sign-up link
      const row = await t.testDb.db('password_resets').orderBy('id', 'desc').first('id', 'expires_at', 'created_at');
      const lifetime = Number(row.expires_at) - Date.now();
      assert.ok(lifetime > 59 * 60_000 && lifetime <= 60 * 60_000, `about an hour, got ${lifetime}`);
      await t.testDb.db('password_resets').where({ id: row.id }).update({ expires_at: Date.now() - 1 });
      assert.equal((await browser.get(link.replace('http://shop.test', ''))).statusCode, 410);
      assert.equal((await browser.get('/account/reset-password?token=nonsense')).statusCode, 410);

      // Per email: 3 an hour, whichever addresses ask (this browser already asked once).
      for (let i = 0; i < 2; i++) assert.equal((await new Shopper(t.app, freshIp()).submit('/account/forgot-password', { email })).statusCode, 303);
      const limited = await new Shopper(t.app, freshIp()).submit('/account/forgot-password', { email });
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 3000);
      assert.match(limited.body, /Too many attempts/);
      await waitForMail(t.config.mailDir, email, 4);
      assert.equal(mailsTo(t.config.mailDir, email).length, 4, 'the sign-up link and three reset links');

      // Per IP: 5 an hour, whatever the emails.
      const ip = freshIp();
      for (let i = 0; i < 5; i++) assert.equal((await new Shopper(t.app, ip).submit('/account/forgot-password', { email: uniqueEmail('ip') })).statusCode, 303);
      assert.equal((await new Shopper(t.app, ip).submit('/account/forgot-password', { email: uniqueEmail('ip') })).statusCode, 429);

      const invalid = await new Shopper(t.app, freshIp()).submit('/account/forgot-password', { email: 'nope' });
      assert.equal(invalid.statusCode, 422);
      assert.match(invalid.body, /value="nope"/);
    });

    test('changing the password needs the current one, ends other sessions and renews this one', async () => {
      const email = uniqueEmail('change');
      const browser = await signUp(t, { email });
      const elsewhere = (await logIn(t, email, STRONG)).browser;
      const oldId = browser.sessionCookie!;

      const wrong = await browser.submit('/account/password', { currentPassword: 'not my password', newPassword: 'fresh new passphrase' });
      assert.equal(wrong.statusCode, 422);
      assert.equal(fieldError(wrong.body, 'password-currentPassword'), 'This is not your current password.');
      const weak = await browser.submit('/account/password', { currentPassword: STRONG, newPassword: 'iloveyou' });
      assert.equal(weak.statusCode, 422);
      assert.match(fieldError(weak.body, 'password-newPassword') ?? '', /most common/);
      const same = await browser.submit('/account/password', { currentPassword: STRONG, newPassword: STRONG });
      assert.equal(fieldError(same.body, 'password-newPassword'), 'Your new password is the same as the current one.');

      const ok = await browser.submit('/account/password', { currentPassword: STRONG, newPassword: 'fresh new passphrase' });
      assert.equal(ok.statusCode, 303);
      assert.notEqual(browser.sessionCookie, oldId, 'a new session id');
      const overview = await browser.get('/account');
      assert.equal(overview.statusCode, 200);
      assert.match(overview.body, /Your password has been changed/);
      assert.equal((await t.app.inject({ url: '/account', headers: { cookie: oldId } })).statusCode, 303, 'the old id is worthless');
      assert.equal((await elsewhere.get('/account')).statusCode, 303, 'other devices are logged out');
      assert.equal((await logIn(t, email, 'fresh new passphrase')).res.statusCode, 303);
    });

    test('the profile keeps name and email; a new email needs the current password and must be free', async () => {
      const email = uniqueEmail('profile');
      const taken = uniqueEmail('taken');
      await signUp(t, { email: taken });
      const browser = await signUp(t, { email, name: 'Old Name' });
      const page = await browser.get('/account/profile');
      assert.match(page.body, /value="Old Name"/);

      const renamed = await browser.submit('/account/profile', { name: 'New Name', email });
      assert.equal(renamed.statusCode, 303);
      const saved = await browser.get('/account/profile');
      assert.match(saved.body, /Your profile has been saved/);
      assert.match(saved.body, /Hello, New Name/);

      const noPassword = await browser.submit('/account/profile', { name: 'New Name', email: uniqueEmail('moved') });
      assert.equal(noPassword.statusCode, 422);
      assert.match(fieldError(noPassword.body, 'profile-currentPassword') ?? '', /current password to change your email/);
      const clash = await browser.submit('/account/profile', { name: 'New Name', email: taken, currentPassword: STRONG });
      assert.equal(clash.statusCode, 422);
      assert.match(fieldError(clash.body, 'profile-email') ?? '', /already exists/);
      const blank = await browser.submit('/account/profile', { name: ' ', email: 'bad' });
      assert.equal(fieldError(blank.body, 'profile-name'), 'Enter your name.');
      assert.equal(fieldError(blank.body, 'profile-email'), 'Enter an email address like name@example.com.');

      const moved = uniqueEmail('moved');
      assert.equal((await browser.submit('/account/profile', { name: 'New Name', email: moved, currentPassword: STRONG })).statusCode, 303);
      assert.equal((await logIn(t, moved, STRONG)).res.statusCode, 303);
      assert.equal((await logIn(t, email, STRONG)).res.statusCode, 401);
    });

    test('session cookies are HttpOnly and SameSite=Lax, Secure only over HTTPS from a trusted proxy', async () => {
      const plain = await t.app.inject({ url: '/account/login' });
      const cookie = String(plain.headers['set-cookie']);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.doesNotMatch(cookie, /Secure/);
      const expires = /Expires=([^;]+)/.exec(cookie)?.[1];
      const days = (new Date(expires!).getTime() - Date.now()) / 86_400_000;
      assert.ok(days > 13.9 && days <= 14, `idle expiry of 14 days, got ${days}`);
      const spoofed = await t.app.inject({ url: '/account/login', headers: { 'x-forwarded-proto': 'https' } });
      assert.doesNotMatch(String(spoofed.headers['set-cookie']), /Secure/, 'the header is ignored without TRUST_PROXY');

      const proxied = await createTestApp(dialect, { trustProxy: 1 });
      try {
        const res = await proxied.app.inject({ url: '/account/login', headers: { 'x-forwarded-proto': 'https' } });
        assert.match(String(res.headers['set-cookie']), /Secure/);
      } finally {
        await proxied.close();
      }
    });

    test('a signed-in session ends 30 days after its login however active, and expired sessions are purged', async () => {
      const browser = await signUp(t, { email: uniqueEmail('old') });
      const sid = decodeURIComponent(browser.sessionCookie!.split('=').slice(1).join('=')).split('.')[0];
      const row = await t.testDb.db('sessions').where({ sid }).first();
      assert.ok(row, 'the session is stored');
      const sess = JSON.parse(row.sess);
      assert.equal(typeof sess.signedInAt, 'number');
      sess.signedInAt = Date.now() - 31 * 86_400_000;
      await t.testDb.db('sessions').where({ sid }).update({ sess: JSON.stringify(sess) });
      const res = await browser.get('/account');
      assert.equal(res.statusCode, 303);
      assert.equal(await t.testDb.db('sessions').where({ sid }).first(), undefined, 'the old session is destroyed');

      // Activity pushes the idle expiry back (at most one write a day), so only 14 idle days end a session.
      const active = await signUp(t, { email: uniqueEmail('active') });
      await active.get('/account');
      assert.equal((await active.get('/account')).headers['set-cookie'], undefined, 'settled: nothing left to save');
      const activeSid = decodeURIComponent(active.sessionCookie!.split('=').slice(1).join('=')).split('.')[0];
      const activeRow = JSON.parse((await t.testDb.db('sessions').where({ sid: activeSid }).first()).sess);
      activeRow.seenAt = Date.now() - 2 * 86_400_000;
      await t.testDb.db('sessions').where({ sid: activeSid }).update({ sess: JSON.stringify(activeRow), expires_at: Date.now() + 12 * 86_400_000 });
      const seen = await active.get('/account');
      assert.equal(seen.statusCode, 200);
      assert.match(String(seen.headers['set-cookie']), /Expires=/, 'the cookie is renewed too');
      const renewed = await t.testDb.db('sessions').where({ sid: activeSid }).first('expires_at');
      assert.ok(Number(renewed.expires_at) > Date.now() + 13.9 * 86_400_000);
      const quiet = await active.get('/account');
      assert.equal(quiet.headers['set-cookie'], undefined, 'no write on the next request the same day');

      const { KnexSessionStore } = await import('../plugins/session-store');
      await t.testDb.db('sessions').insert({ sid: 'long-gone', sess: '{}', expires_at: Date.now() - 1000, user_id: null });
      const pruned = await new KnexSessionStore(t.testDb.db).prune();
      assert.ok(pruned >= 1);
      assert.equal(await t.testDb.db('sessions').where({ sid: 'long-gone' }).first(), undefined);
    });

    test('pages are translated', async () => {
      const res = await t.app.inject({ url: '/fr/account/login' });
      assert.match(res.body, /<h1>Connexion<\/h1>/);
      assert.match(res.body, /Mot de passe oublié/);
    });
  });
}

async function tokenOf(browser: Shopper, url: string): Promise<string> {
  const page = await browser.get(url);
  return csrfTokenIn(page.body, url.split('?')[0]);
}

