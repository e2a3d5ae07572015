// Emporium Plus: member prices and early access for members only, on every storefront page type.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { endMembership, grantMembership, membershipStatus } from './service';
import { unitPrice } from '../pricing/unit-price';

const DAY = 24 * 60 * 60 * 1000;

function cardNames(html: string): string[] {
  return [...html.matchAll(/<span class="card-name">([^<]*)<\/span>/g)].map((m) => m[1]);
}

test('unitPrice: members pay the member price when there is one and it is lower', () => {
  assert.equal(unitPrice({ priceCents: 1000, memberPriceCents: 800 }, true), 800);
  assert.equal(unitPrice({ priceCents: 1000, memberPriceCents: 800 }, false), 1000);
  assert.equal(unitPrice({ priceCents: 1000, memberPriceCents: null }, true), 1000);
  assert.equal(unitPrice({ priceCents: 1000, memberPriceCents: 1200 }, true), 1000);
});

for (const dialect of dialects) {
  describe(`Emporium Plus on ${dialect}`, () => {
    let t: TestApp;
    let anonymous: Record<string, string>;
    let customer: Record<string, string>;
    let member: Record<string, string>;
    let memberId: number;

    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      const db = t.testDb.db;
      await addCategory(db, 'kitchen', 'Kitchen');
      await addProduct(db, 'kitchen', { slug: 'plain-mug', name: 'Plain Mug', variants: [{ sku: 'MUG-1', priceCents: 1500, stock: 5 }] });
      await addProduct(db, 'kitchen', { slug: 'member-bowl', name: 'Member Bowl', variants: [{ sku: 'BOWL-1', priceCents: 2000, stock: 5 }] });
      await db('variants').where({ sku: 'BOWL-1' }).update({ member_price_cents: 1200 });
      await addProduct(db, 'kitchen', { slug: 'secret-teapot', name: 'Early Teapot', variants: [{ sku: 'TEA-1', priceCents: 3000, stock: 5 }] });
      await db('products').where({ slug: 'secret-teapot' }).update({ members_only_until: Date.now() + 7 * DAY });
      await addProduct(db, 'kitchen', { slug: 'released-kettle', name: 'Released Kettle', variants: [{ sku: 'KET-1', priceCents: 3100, stock: 5 }] });
      await db('products').where({ slug: 'released-kettle' }).update({ members_only_until: Date.now() - DAY });

      const customerId = await createUser(db);
      memberId = await createUser(db);
      await grantMembership(db, memberId, { days: 365, source: 'admin' });
      anonymous = {};
      customer = { cookie: await signIn(t.app, customerId) };
      member = { cookie: await signIn(t.app, memberId) };
    });
    after(async () => t.close());

    const get = (url: string, headers: Record<string, string>) => t.app.inject({ url, headers });

    test('early-access products do not exist for free shoppers and anonymous visitors', async () => {
      for (const who of [anonymous, customer]) {
        assert.equal((await get('/products/secret-teapot', who)).statusCode, 404);
        for (const url of ['/', '/categories/kitchen', '/search?q=teapot', '/search?q=early']) {
          const res = await get(url, who);
          assert.equal(res.statusCode, 200, url);
          assert.doesNotMatch(res.body, /Early Teapot/, url);
        }
        assert.doesNotMatch((await get('/categories/kitchen?sort=price_desc', who)).body, /Early Teapot/);
      }
      assert.doesNotMatch((await get('/sitemap.xml', anonymous)).body, /secret-teapot/);
      assert.match((await get('/sitemap.xml', anonymous)).body, /released-kettle/, 'after its date the product is public');
    });

    test('members see early-access products everywhere, marked as such', async () => {
      const page = await get('/products/secret-teapot', member);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Plus members only until/);
      assert.ok(cardNames((await get('/categories/kitchen', member)).body).includes('Early Teapot'));
      assert.ok(cardNames((await get('/search?q=teapot', member)).body).includes('Early Teapot'));
      assert.match((await get('/', member)).body, /Early Teapot/);
    });

    test('free shoppers see the member price as a teaser; members pay it', async () => {
      const free = await get('/products/member-bowl', customer);
      assert.match(free.body, /data-price>€20.00</);
      assert.match(free.body, /Plus members pay €12.00/);
      const anon = await get('/categories/kitchen', anonymous);
      assert.match(anon.body, /Plus members pay €12.00/);
      const paid = await get('/products/member-bowl', member);
      assert.match(paid.body, /data-price>€12.00</);
      assert.match(paid.body, /<s class="regular-price">.*€20.00<\/s>/);
      assert.doesNotMatch(paid.body, /Plus members pay/);
    });

    test('members’ price sort and price filter use the prices they pay', async () => {
      const sorted = cardNames((await get('/categories/kitchen?sort=price_asc', member)).body);
      assert.deepEqual(sorted.slice(0, 2), ['Member Bowl', 'Plain Mug']);
      const publicSorted = cardNames((await get('/categories/kitchen?sort=price_asc', anonymous)).body);
      assert.deepEqual(publicSorted.slice(0, 2), ['Plain Mug', 'Member Bowl']);
      assert.deepEqual(cardNames((await get('/categories/kitchen?max=13', member)).body), ['Member Bowl']);
      assert.deepEqual(cardNames((await get('/categories/kitchen?max=13', anonymous)).body), []);
    });

    test('the membership page needs an account and shows the end date', async () => {
      const anon = await get('/account/membership', anonymous);
      assert.equal(anon.statusCode, 303);
      assert.match(String(anon.headers.location), /^\/account\/login\?return=%2Faccount%2Fmembership/);
      assert.match((await get('/account/membership', member)).body, /You are an Emporium Plus member until/);
      assert.match((await get('/account/membership', customer)).body, /not a Plus member yet/);
      const plus = await get('/plus', anonymous);
      assert.equal(plus.statusCode, 200);
      assert.match(plus.body, /€49.00 a year/);
    });

    test('a change of membership gives the signed-in session a new id and makes the old one worthless', async () => {
      const db = t.testDb.db;
      const userId = await createUser(db);
      const oldCookie = await signIn(t.app, userId);
      await grantMembership(db, userId, { days: 30, source: 'admin' });
      const next = await t.app.inject({ url: '/products/secret-teapot', headers: { cookie: oldCookie } });
      assert.equal(next.statusCode, 200, 'the new membership applies at once');
      const newCookie = String(next.headers['set-cookie']).split(';')[0];
      assert.match(newCookie, /^emporium\.sid=/);
      assert.notEqual(newCookie, oldCookie);
      assert.equal((await t.app.inject({ url: '/products/secret-teapot', headers: { cookie: oldCookie } })).statusCode, 404, 'the old id is no longer signed in');
      assert.equal((await t.app.inject({ url: '/products/secret-teapot', headers: { cookie: newCookie } })).statusCode, 200);
    });

    test('memberships stack when renewed and end on request', async () => {
      const db = t.testDb.db;
      const userId = await createUser(db);
      const now = Date.now();
      const first = await grantMembership(db, userId, { days: 10, source: 'admin', now });
      const second = await grantMembership(db, userId, { days: 10, source: 'order', now });
      assert.equal(second.startsAt, first.endsAt);
      assert.equal(second.endsAt, now + 20 * DAY);
      assert.deepEqual(await membershipStatus(db, userId, now + 15 * DAY), { active: true, endsAt: now + 20 * DAY });
      await endMembership(db, userId, now + DAY);
      assert.equal((await membershipStatus(db, userId, now + 2 * DAY)).active, false);
    });
  });
}
