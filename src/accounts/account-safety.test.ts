// Account safety through HTTP: a new password revokes API tokens, only failed logins count against the limit,
// one canonical email form, and sign-up by emailed link that answers the same for any address.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { Shopper, csrfTokenIn } from '../test-support/shopper';
import { confirmLinkIn, resetLinkIn, waitForMail } from '../test-support/mail';
import { signUpByEmail } from '../test-support/sign-up';
import { addProduct } from '../test-support/catalog-fixtures';
import { ValidationError } from '../lib/errors';
import { createAccount } from './service';
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
  return `10.7.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

async function accountWithPassword(db: Knex, email: string, password = PASSWORD): Promise<number> {
  const [row] = await db('users').insert({ email, name: 'Safe Shopper', password_hash: await hashPassword(password), role: 'customer' }).returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}

/** The text a page shows beside a field: its error paragraph. */
function fieldError(html: string, id: string): string | null {
  const match = new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html);
  return match ? match[1] : null;
}

async function makeToken(browser: Shopper): Promise<string> {
  const res = await browser.submit('/account/tokens', { name: 'Phone app' });
  const token = /<code class="token-value" id="new-token">([^<]+)<\/code>/.exec(res.body)?.[1];
  assert.ok(token, res.body);
  return token;
}

for (const dialect of dialects) {
  describe(`account safety on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(async () => t.close());

    const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

    test('changing the password revokes every API token of the account, and the page says so', async () => {
      const email = uniqueEmail('change');
      const userId = await accountWithPassword(t.testDb.db, email);
      const other = await accountWithPassword(t.testDb.db, uniqueEmail('bystander'));
      const browser = new Shopper(t.app, freshIp());
      assert.equal((await browser.logIn(email, PASSWORD)).statusCode, 303);
      const first = await makeToken(browser);
      const second = await makeToken(browser);
      const bystander = new Shopper(t.app, freshIp());
      assert.equal((await bystander.logIn((await t.testDb.db('users').where({ id: other }).first('email')).email, PASSWORD)).statusCode, 303);
      const theirs = await makeToken(bystander);
      assert.equal((await me(first)).statusCode, 200);

      const page = await browser.get('/account/password');
      assert.match(page.body, /your API tokens are revoked/);
      const res = await browser.post('/account/password', { _csrf: csrfTokenIn(page.body, '/account/password'), currentPassword: PASSWORD, newPassword: 'a wholly new phrase' });
      assert.equal(res.statusCode, 303);
      assert.match((await browser.get('/account')).body, /your API tokens revoked/);
      assert.equal((await me(first)).statusCode, 401);
      assert.equal((await me(second)).statusCode, 401);
      assert.equal((await me(theirs)).statusCode, 200, 'another account keeps its tokens');
      const rows = await t.testDb.db('api_tokens').where({ user_id: userId });
      assert.ok(rows.length === 2 && rows.every((r) => r.revoked_at !== null));
      assert.equal((await browser.get('/account')).statusCode, 200, 'this session stays signed in');
    });

    test('a wrong current password revokes nothing', async () => {
      const email = uniqueEmail('wrong');
      await accountWithPassword(t.testDb.db, email);
      const browser = new Shopper(t.app, freshIp());
      await browser.logIn(email, PASSWORD);
      const token = await makeToken(browser);
      const res = await browser.submit('/account/password', { currentPassword: 'not the password', newPassword: 'a wholly new phrase' });
      assert.equal(res.statusCode, 422);
      assert.equal((await me(token)).statusCode, 200);
    });

    test('a password reset revokes every API token; the form and the email say so', async () => {
      const email = uniqueEmail('reset');
      await accountWithPassword(t.testDb.db, email);
      const browser = new Shopper(t.app, freshIp());
      await browser.logIn(email, PASSWORD);
      const token = await makeToken(browser);
      await new Shopper(t.app, freshIp()).submit('/account/forgot-password', { email });
      const mail = await waitForMail(t.config.mailDir, email);
      assert.match(mail.text, /revokes your API tokens/);
      assert.match(mail.html, /revokes your API tokens/);
      const path = resetLinkIn(mail).replace('http://shop.test', '');
      const resetter = new Shopper(t.app, freshIp());
      const form = await resetter.get(path);
      assert.match(form.body, /revokes your API tokens/);
      const token2 = new URL(resetLinkIn(mail)).searchParams.get('token')!;
      const done = await resetter.post('/account/reset-password', { _csrf: csrfTokenIn(form.body, '/account/reset-password'), token: token2, password: 'reset to something new' });
      assert.equal(done.statusCode, 303);
      assert.match((await resetter.get('/account/login')).body, /API tokens revoked/);
      assert.equal((await me(token)).statusCode, 401);
      assert.equal((await browser.get('/account')).statusCode, 303, 'sessions end too');
    });

    test('six simultaneous right logins to one account from one address all succeed', async () => {
      const email = uniqueEmail('six');
      await accountWithPassword(t.testDb.db, email);
      const ip = freshIp();
      const results = await Promise.all(Array.from({ length: 6 }, () => new Shopper(t.app, ip).logIn(email, PASSWORD)));
      assert.deepEqual(results.map((r) => r.statusCode), [303, 303, 303, 303, 303, 303]);
      // And twelve more, one after the other: right answers never use up the budget.
      for (let i = 0; i < 12; i++) assert.equal((await new Shopper(t.app, ip).logIn(email, PASSWORD)).statusCode, 303);
    });

    test('eleven wrong logins from one address: ten are judged, the eleventh gets 429', async () => {
      const ip = freshIp();
      for (let i = 0; i < 10; i++) assert.equal((await new Shopper(t.app, ip).logIn(uniqueEmail('spray'), 'wrong guess')).statusCode, 401);
      const eleventh = await new Shopper(t.app, ip).logIn(uniqueEmail('spray'), 'wrong guess');
      assert.equal(eleventh.statusCode, 429);
      assert.ok(Number(eleventh.headers['retry-after']) > 0);
    });

    test('eleven simultaneous wrong logins from one address: at most ten are judged', async () => {
      const ip = freshIp();
      const results = await Promise.all(Array.from({ length: 11 }, () => new Shopper(t.app, ip).logIn(uniqueEmail('burst'), 'wrong guess')));
      const codes = results.map((r) => r.statusCode).sort();
      assert.deepEqual(codes, [...Array(10).fill(401), 429]);
    });

    test('a burst of right and wrong answers for one account: wrong ones are limited, the owner gets in afterwards only if failures allow', async () => {
      const email = uniqueEmail('mixed');
      await accountWithPassword(t.testDb.db, email);
      const guesses = await Promise.all(Array.from({ length: 8 }, () => new Shopper(t.app, freshIp()).logIn(email, 'a wrong guess')));
      const codes = guesses.map((r) => r.statusCode).sort();
      assert.deepEqual(codes, [401, 401, 401, 401, 401, 429, 429, 429], 'five failures per account, however simultaneous');
      assert.equal((await new Shopper(t.app, freshIp()).logIn(email, PASSWORD)).statusCode, 429, 'the account is locked for the window');
    });

    test('sign-up, profile and forgotten password refuse lookalike and invisible addresses beside the field', async () => {
      await accountWithPassword(t.testDb.db, uniqueEmail('customer'));
      const cases: [string, RegExp][] = [
        ['\u0441ustomer@emporium.test', /mixes letters from different alphabets/],
        ['custo\u200bmer@emporium.test', /invisible characters/],
        ['customer@emp\u043erium.test', /mixes letters from different alphabets/],
      ];
      for (const [email, message] of cases) {
        const signup = await new Shopper(t.app, freshIp()).submit('/account/signup', { name: 'Look Alike', email, password: 'a perfectly fine phrase' });
        assert.equal(signup.statusCode, 422, email);
        assert.match(fieldError(signup.body, 'signup-email') ?? '', message);
        const forgot = await new Shopper(t.app, freshIp()).submit('/account/forgot-password', { email });
        assert.equal(forgot.statusCode, 422);
        assert.match(fieldError(forgot.body, 'forgot-email') ?? '', message);
      }
      assert.equal(await t.testDb.db('users').where('name', 'Look Alike').first(), undefined);

      const email = uniqueEmail('profile');
      await accountWithPassword(t.testDb.db, email);
      const browser = new Shopper(t.app, freshIp());
      await browser.logIn(email, PASSWORD);
      const profile = await browser.submit('/account/profile', { name: 'Safe Shopper', email: '\u0441ustomer@emporium.test', currentPassword: PASSWORD });
      assert.equal(profile.statusCode, 422);
      assert.match(fieldError(profile.body, 'profile-email') ?? '', /different alphabets/);

      const french = new Shopper(t.app, freshIp());
      const page = await french.get('/fr/account/signup');
      const fr = await french.post('/fr/account/signup', { _csrf: csrfTokenIn(page.body, '/fr/account/signup'), name: 'Sosie', email: '\u0441ustomer@emporium.test', password: 'une phrase tout à fait correcte' });
      assert.equal(fr.statusCode, 422);
      assert.match(fieldError(fr.body, 'signup-email') ?? '', /plusieurs alphabets/);
    });

    test('login finds an account by the canonical form of what is typed; invisible characters get a clear answer', async () => {
      const email = uniqueEmail('canon');
      await accountWithPassword(t.testDb.db, email);
      const fullWidth = email.toUpperCase().replace('@', '＠');
      assert.equal((await new Shopper(t.app, freshIp()).logIn(` ${fullWidth} `, PASSWORD)).statusCode, 303);
      const invisible = await new Shopper(t.app, freshIp()).logIn(email.replace('@', '\u200b@'), PASSWORD);
      assert.equal(invisible.statusCode, 422);
      assert.match(fieldError(invisible.body, 'login-email') ?? '', /invisible characters/);

      // An account stored before domains were kept in punycode is rewritten by the migration and still found.
      const legacy = `ana-${Date.now()}@bücher.test`;
      await accountWithPassword(t.testDb.db, legacy);
      const { up } = await import('../../db/migrations/20261203001001_normalise-user-emails');
      await up(t.testDb.db);
      assert.ok(await t.testDb.db('users').where({ email: legacy.replace('bücher.test', 'xn--bcher-kva.test') }).first('id'));
      assert.equal((await new Shopper(t.app, freshIp()).logIn(legacy.toUpperCase(), PASSWORD)).statusCode, 303);
    });

    // ---- Sign-up by email ----

    const signUpPage = async (browser: Shopper, fields: Record<string, string>) => {
      const res = await browser.submit('/account/signup', fields);
      const next = res.statusCode === 303 ? await browser.get(String(res.headers.location)) : res;
      return { res, next };
    };

    test('sign-up answers the same for a new and an existing address; the owner is told, the newcomer gets a link', async () => {
      const existing = uniqueEmail('owner');
      await accountWithPassword(t.testDb.db, existing);
      const fresh = uniqueEmail('newcomer');
      const a = await signUpPage(new Shopper(t.app, freshIp()), { name: 'Prober', email: existing.toUpperCase(), password: 'a probing passphrase' });
      const b = await signUpPage(new Shopper(t.app, freshIp()), { name: 'Prober', email: fresh.toUpperCase(), password: 'a probing passphrase' });
      assert.equal(a.res.statusCode, 303);
      assert.equal(b.res.statusCode, a.res.statusCode);
      assert.equal(a.res.headers.location, '/account/signup/sent');
      assert.equal(b.res.headers.location, a.res.headers.location);
      const strip = (html: string, email: string) => html.replaceAll(email, 'EMAIL').replace(/value="[^"]*"/g, '');
      assert.equal(a.next.statusCode, 200);
      assert.equal(strip(a.next.body, existing), strip(b.next.body, fresh));
      assert.ok(a.next.body.includes(`Check your inbox: we sent a link to ${existing} to finish creating your account.`));
      assert.equal(await t.testDb.db('users').where({ email: fresh }).first(), undefined, 'nothing is created before the link is followed');
      assert.equal(await t.testDb.db('users').where({ name: 'Prober' }).first(), undefined, 'the existing account is untouched');

      const told = await waitForMail(t.config.mailDir, existing);
      assert.equal(told.subject, 'Someone tried to create an Emporium account with your address');
      assert.match(told.text, /If it was you, log in, or reset your password/);
      assert.match(told.text, /http:\/\/shop\.test\/account\/login/);
      assert.match(told.text, /http:\/\/shop\.test\/account\/forgot-password/);
      assert.doesNotMatch(told.text, /account\/confirm/);
      const link = await waitForMail(t.config.mailDir, fresh);
      assert.equal(link.subject, 'Finish creating your Emporium account');
      assert.match(confirmLinkIn(link), /^http:\/\/shop\.test\/account\/confirm\?token=/);
      assert.match(link.text, /expires in 24 hours/);
      const stored = await t.testDb.db('signup_requests').where({ email: fresh }).first('token_hash', 'password_hash');
      assert.ok(!confirmLinkIn(link).includes(stored.token_hash), 'only a hash of the token is stored');
      assert.match(stored.password_hash, /^\$argon2id\$/);

      // Unconfirmed: no account, so the login answers as for a wrong password.
      const early = await new Shopper(t.app, freshIp()).logIn(fresh, 'a probing passphrase');
      assert.equal(early.statusCode, 401);
      assert.match(early.body, /The email address or the password is not right/);
    });

    test('the sign-up form can be pre-filled with an address (the order page offers a guest an account)', async () => {
      const page = await new Shopper(t.app, freshIp()).get('/account/signup?email=guest%40example.test');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /id="signup-email" name="email" type="email" value="guest@example.test"/);
      const odd = await new Shopper(t.app, freshIp()).get(`/account/signup?email=${'"><script>'.repeat(100)}`);
      assert.equal(odd.statusCode, 200);
      assert.doesNotMatch(odd.body, /"><script>/, 'escaped');
    });

    test('the link confirms once, signs in, keeps the guest cart and goes where the visitor was going', async () => {
      const productId = await addProduct(t.testDb.db, null, { slug: `signup-mug-${Date.now()}`, name: 'Sign-up Mug', variants: [{ sku: `SM-${Date.now()}`, priceCents: 1200, stock: 9 }] });
      const variant = await t.testDb.db('variants').where({ product_id: productId }).first('id');
      const slug = (await t.testDb.db('products').where({ id: productId }).first('slug')).slug;
      const browser = new Shopper(t.app, freshIp());
      // A guest's first add needs no token (there is no session yet to forge for).
      assert.equal((await browser.post('/cart/add', { product: slug, variant: String(variant.id), quantity: '2' })).statusCode, 303);

      const email = uniqueEmail('confirm');
      const res = await signUpByEmail(browser, t.config.mailDir, { name: 'Nina Newcomer', email, password: 'a new shopper phrase', return: '/cart' });
      assert.equal(res.headers.location, '/cart');
      const user = await t.testDb.db('users').where({ email }).first('id', 'name', 'role');
      assert.equal(user.name, 'Nina Newcomer');
      assert.equal(user.role, 'customer');
      const cart = await t.testDb.db('carts').where({ user_id: user.id }).first('id');
      const lines = await t.testDb.db('cart_lines').where({ cart_id: cart.id });
      assert.deepEqual(lines.map((l) => [Number(l.variant_id), Number(l.quantity)]), [[Number(variant.id), 2]]);
      const overview = await browser.get('/account');
      assert.match(overview.body, /Welcome to Emporium, Nina Newcomer/);
      assert.equal((await new Shopper(t.app, freshIp()).logIn(email, 'a new shopper phrase')).statusCode, 303);

      const link = confirmLinkIn(await waitForMail(t.config.mailDir, email)).replace('http://shop.test', '');
      const again = new Shopper(t.app, freshIp());
      const reused = await again.get(link);
      assert.equal(reused.statusCode, 410);
      assert.match(reused.body, /expired or has already been used/);
      const token = new URL(link, 'http://x').searchParams.get('token')!;
      const replay = await again.postWithTokenFrom('/account/confirm', { token }, '/account/login');
      assert.equal(replay.statusCode, 410);
      assert.equal(Number((await t.testDb.db('users').where({ email }).count({ n: '*' }).first())?.n), 1);
    });

    test('an expired link, a second sign-up for a confirmed address and a racing pair of links', async () => {
      const email = uniqueEmail('expire');
      const first = new Shopper(t.app, freshIp());
      await first.submit('/account/signup', { name: 'Late Larry', email, password: 'slow but steady phrase' });
      const link = confirmLinkIn(await waitForMail(t.config.mailDir, email)).replace('http://shop.test', '');
      await t.testDb.db('signup_requests').where({ email }).update({ expires_at: Date.now() - 1 });
      assert.equal((await first.get(link)).statusCode, 410);
      assert.equal((await first.get('/account/confirm?token=nonsense')).statusCode, 410);

      // Two sign-ups for one address (two browsers): the first link followed wins, the other dies with it.
      const twin = uniqueEmail('twin');
      const one = new Shopper(t.app, freshIp());
      const two = new Shopper(t.app, freshIp());
      await one.submit('/account/signup', { name: 'Twin One', email: twin, password: 'first twin phrase' });
      const linkOne = confirmLinkIn(await waitForMail(t.config.mailDir, twin)).replace('http://shop.test', '');
      await two.submit('/account/signup', { name: 'Twin Two', email: twin, password: 'second twin phrase' });
      const linkTwo = confirmLinkIn(await waitForMail(t.config.mailDir, twin, 2)).replace('http://shop.test', '');
      assert.notEqual(linkOne, linkTwo);
      const pageTwo = await two.get(linkTwo);
      const pageOne = await one.get(linkOne);
      const tokenOf = (l: string) => new URL(l, 'http://x').searchParams.get('token')!;
      assert.equal((await one.post('/account/confirm', { _csrf: csrfTokenIn(pageOne.body), token: tokenOf(linkOne) })).statusCode, 303);
      assert.equal((await two.post('/account/confirm', { _csrf: csrfTokenIn(pageTwo.body), token: tokenOf(linkTwo) })).statusCode, 410);
      assert.equal((await t.testDb.db('users').where({ email: twin }).first('name')).name, 'Twin One');
      assert.equal((await new Shopper(t.app, freshIp()).logIn(twin, 'second twin phrase')).statusCode, 401);
    });

    test('sign-up is limited per client address and per email, the same way for new and existing addresses', async () => {
      const existing = uniqueEmail('limited-owner');
      await accountWithPassword(t.testDb.db, existing);
      const fresh = uniqueEmail('limited-new');
      for (const email of [existing, fresh]) {
        for (let i = 0; i < 3; i++) assert.equal((await new Shopper(t.app, freshIp()).submit('/account/signup', { name: 'Flood', email, password: 'flooding the inbox' })).statusCode, 303);
        const limited = await new Shopper(t.app, freshIp()).submit('/account/signup', { name: 'Flood', email, password: 'flooding the inbox' });
        assert.equal(limited.statusCode, 429, email);
        assert.match(limited.body, /Too many attempts/);
        assert.ok(Number(limited.headers['retry-after']) > 3000);
      }
      const ip = freshIp();
      for (let i = 0; i < 20; i++) assert.equal((await new Shopper(t.app, ip).submit('/account/signup', { name: 'Probe', email: uniqueEmail('probe'), password: 'probing all day long' })).statusCode, 303);
      const probe = await new Shopper(t.app, ip).submit('/account/signup', { name: 'Probe', email: existing, password: 'probing all day long' });
      assert.equal(probe.statusCode, 429);
    });

    test('the back office and user:create make confirmed accounts at once', async () => {
      const email = uniqueEmail('cli');
      const id = await createAccount(t.testDb.db, { email: ` ${email.toUpperCase()} `, name: 'Console Carla', password: 'made from the shell' });
      assert.equal((await t.testDb.db('users').where({ id }).first('email')).email, email);
      assert.equal((await new Shopper(t.app, freshIp()).logIn(email, 'made from the shell')).statusCode, 303);
      await assert.rejects(createAccount(t.testDb.db, { email: '\u0441onsole@example.test', name: 'X', password: 'made from the shell' }), (err: unknown) => err instanceof ValidationError && err.fields.email === 'accounts.email.mixedScripts');
    });
  });
}
