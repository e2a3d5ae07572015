// GraphQL cart: the cart query and mutations for guests, customers, members and apps, with the cart pages' rules and errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, sessionCookieFrom, signIn } from '../test-support/sign-in';
import { grantMembership } from '../membership/service';
import { createApiToken } from '../accounts/api-tokens';
import { addDiscountCode } from '../orders/testing';

const DAY = 24 * 60 * 60 * 1000;

function extend(app: FastifyInstance): void {
  addTestSignIn(app);
  app.get('/test/csrf-token', async (_request, reply) => ({ token: await reply.generateCsrf() }));
}

interface GqlError {
  message: string;
  extensions?: Record<string, unknown>;
}
interface GqlBody {
  data?: Record<string, any> | null;
  errors?: GqlError[];
}

const CART = `{ lines { name sku quantity unitPriceCents regularPriceCents lineTotalCents shortOfStock stock { state left } variant { id sku priceCents } product { slug name } }
  itemCount currency subtotalCents hasProblems discountCode discount { code kind estimatedDiscountCents freeShipping problem { code message } } }`;

for (const dialect of dialects) {
  describe(`graphql cart on ${dialect}`, () => {
    let t: TestApp;
    const variant: Record<string, number> = {};
    before(async () => {
      t = await createTestApp(dialect, {}, extend);
      const db = t.testDb.db;
      await addCategory(db, 'kitchen', 'Kitchen');
      await addProduct(db, 'kitchen', { slug: 'linen-apron', name: 'Linen Apron', variants: [{ sku: 'APR', priceCents: 2500, stock: 10, options: { size: 'M' } }] });
      await db('variants').where({ sku: 'APR' }).update({ member_price_cents: 2000 });
      await addProduct(db, 'kitchen', { slug: 'last-mug', name: 'Last Mug', variants: [{ sku: 'MUG', priceCents: 1000, stock: 2 }] });
      await addProduct(db, 'kitchen', { slug: 'secret-teapot', name: 'Early Teapot', variants: [{ sku: 'TEA', priceCents: 3000, stock: 5 }] });
      await db('products').where({ slug: 'secret-teapot' }).update({ members_only_until: Date.now() + 10 * DAY });
      for (const row of await db('variants').select('id', 'sku')) variant[row.sku] = Number(row.id);
      await addDiscountCode(db, { code: 'SAVE10', kind: 'percent', value: 1000 });
      await addDiscountCode(db, { code: 'PLUSONLY', kind: 'fixed', value: 500, members_only: true });
      await addDiscountCode(db, { code: 'BIGSPEND', kind: 'fixed', value: 1000, min_subtotal_cents: 10_000 });
      await addDiscountCode(db, { code: 'SHIPFREE', kind: 'free_shipping' });
      await addDiscountCode(db, { code: 'OLDCODE', kind: 'percent', value: 5000, ends_at: Date.now() - DAY });
    });
    after(async () => t.close());

    async function gql(query: string, opts: { cookie?: string; token?: string; lang?: string; variables?: Record<string, unknown> } = {}) {
      const headers: Record<string, string> = {};
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.lang) headers['accept-language'] = opts.lang;
      if (opts.cookie) {
        headers.cookie = opts.cookie;
        headers['x-csrf-token'] = (await t.app.inject({ method: 'GET', url: '/test/csrf-token', headers: { cookie: opts.cookie } })).json().token;
      }
      const res = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query, variables: opts.variables }, headers });
      return { res, body: res.json() as GqlBody };
    }

    async function customer(member = false): Promise<{ userId: number; cookie: string; token: string }> {
      const userId = await createUser(t.testDb.db);
      if (member) await grantMembership(t.testDb.db, userId, { days: 30, source: 'admin' });
      return { userId, cookie: await signIn(t.app, userId), token: (await createApiToken(t.testDb.db, userId, 'app')).token };
    }

    const add = (variantId: number, quantity: number) => `mutation { addToCart(variantId: ${variantId}, quantity: ${quantity}) ${CART} }`;

    function firstError(body: GqlBody): GqlError {
      assert.ok(body.errors && body.errors.length > 0, JSON.stringify(body));
      return body.errors[0];
    }

    test('an anonymous caller has an empty cart and no session is made for reading it', async () => {
      const { res, body } = await gql(`{ cart ${CART} }`);
      assert.equal(res.statusCode, 200);
      assert.equal(body.errors, undefined);
      assert.deepEqual(body.data?.cart, { lines: [], itemCount: 0, currency: 'EUR', subtotalCents: 0, hasProblems: false, discountCode: null, discount: null });
      assert.equal(sessionCookieFrom(res), '');
    });

    test('a guest without a session adds to a new cart: the session cookie comes back, and the pages show the same cart', async () => {
      const { res, body } = await gql(add(variant.APR, 2));
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      const cart = body.data?.addToCart;
      assert.equal(cart.itemCount, 2);
      assert.deepEqual(cart.lines[0], {
        name: 'Linen Apron',
        sku: 'APR',
        quantity: 2,
        unitPriceCents: 2500,
        regularPriceCents: 2500,
        lineTotalCents: 5000,
        shortOfStock: false,
        stock: { state: 'IN_STOCK', left: null },
        variant: { id: variant.APR, sku: 'APR', priceCents: 2500 },
        product: { slug: 'linen-apron', name: 'Linen Apron' },
      });
      const cookie = sessionCookieFrom(res);
      assert.match(cookie, /^emporium\.sid=/);

      // The same cart through GET, and through the cart page.
      const read = await t.app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent('{ cart { itemCount lines { sku quantity } } }')}`, headers: { cookie } });
      assert.deepEqual(read.json().data.cart, { itemCount: 2, lines: [{ sku: 'APR', quantity: 2 }] });
      const page = await t.app.inject({ method: 'GET', url: '/cart', headers: { cookie } });
      assert.match(page.body, /Linen Apron/);

      // Once there is a session, a POST needs its CSRF token, as the pages' forms do; mutations never go through GET.
      const noToken = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query: add(variant.APR, 1) }, headers: { cookie } });
      assert.equal(noToken.statusCode, 403);
      assert.equal(noToken.json().errors[0].extensions.code, 'error.csrf');
      const viaGet = await t.app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(add(variant.APR, 1))}`, headers: { cookie } });
      assert.equal(viaGet.statusCode, 405);
      const more = await gql(add(variant.APR, 1), { cookie });
      assert.equal(more.body.data?.addToCart.itemCount, 3);
      // A cross-site POST without a session is refused too.
      const evil = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query: add(variant.APR, 1) }, headers: { origin: 'https://evil.example' } });
      assert.equal(evil.statusCode, 403);
    });

    test('bad quantities and variant ids are validation errors that name the argument, in the caller’s language', async () => {
      const { cookie } = await customer();
      for (const quantity of [0, 100, -1]) {
        const { res, body } = await gql(add(variant.APR, quantity), { cookie });
        assert.equal(res.statusCode, 200);
        assert.equal(body.data ?? null, null);
        const error = firstError(body);
        assert.equal(error.message, 'Enter a whole number from 1 to 99.');
        assert.equal(error.extensions?.code, 'cart.quantity.invalid');
        assert.equal(error.extensions?.field, 'quantity');
        assert.doesNotMatch(JSON.stringify(body), /at .*\.(ts|js):\d+|stack/i);
      }
      const french = firstError((await gql(add(variant.APR, 0), { cookie, lang: 'fr' })).body);
      assert.equal(french.extensions?.code, 'cart.quantity.invalid');
      assert.notEqual(french.message, 'Enter a whole number from 1 to 99.');
      const badVariant = firstError((await gql(add(0, 1), { cookie })).body);
      assert.equal(badVariant.extensions?.code, 'cart.variant.invalid');
      assert.equal(badVariant.extensions?.field, 'variantId');
      const unknown = firstError((await gql(add(999_999, 1), { cookie })).body);
      assert.equal(unknown.extensions?.code, 'cart.variant.unavailable');
      // A type error (not an Int) is refused by GraphQL itself before any resolver.
      const typed = await gql(`mutation { addToCart(variantId: ${variant.APR}, quantity: 1.5) { itemCount } }`, { cookie });
      assert.ok(typed.body.errors?.length);
      const cart = (await gql(`{ cart { itemCount } }`, { cookie })).body.data?.cart;
      assert.equal(cart.itemCount, 0, 'nothing was added');
    });

    test('stock: adding or changing past what is on hand is refused with what is left; the cart is unchanged', async () => {
      const { cookie } = await customer();
      const tooMany = firstError((await gql(add(variant.MUG, 3), { cookie })).body);
      assert.equal(tooMany.extensions?.code, 'cart.notEnoughStock');
      assert.equal(tooMany.extensions?.available, 2);
      assert.equal(tooMany.extensions?.field, 'quantity');
      assert.equal(tooMany.message, 'Only 2 in stock.');
      assert.equal((await gql(add(variant.MUG, 2), { cookie })).body.data?.addToCart.itemCount, 2);
      const more = firstError((await gql(add(variant.MUG, 1), { cookie })).body);
      assert.equal(more.extensions?.code, 'cart.soldOut');
      assert.equal(more.message, 'All 2 in stock are already in your cart.', 'not "sold out": the rest is in this cart');
      const change = firstError((await gql(`mutation { changeCartLine(variantId: ${variant.MUG}, quantity: 5) { itemCount } }`, { cookie })).body);
      assert.equal(change.extensions?.code, 'cart.notEnoughStock');
      // Stock that falls below the quantity later shows on the line.
      await t.testDb.db('variants').where({ id: variant.MUG }).update({ stock: 1 });
      const cart = (await gql(`{ cart ${CART} }`, { cookie })).body.data?.cart;
      assert.equal(cart.hasProblems, true);
      assert.equal(cart.lines[0].shortOfStock, true);
      assert.deepEqual(cart.lines[0].stock, { state: 'LOW', left: 1 });
      await t.testDb.db('variants').where({ id: variant.MUG }).update({ stock: 2 });
    });

    test('changeCartLine and removeCartLine', async () => {
      const { cookie } = await customer();
      await gql(add(variant.APR, 1), { cookie });
      await gql(add(variant.MUG, 1), { cookie });
      const changed = await gql(`mutation { changeCartLine(variantId: ${variant.APR}, quantity: 4) ${CART} }`, { cookie });
      assert.equal(changed.body.errors, undefined);
      assert.equal(changed.body.data?.changeCartLine.itemCount, 5);
      assert.equal(changed.body.data?.changeCartLine.subtotalCents, 4 * 2500 + 1000);
      const bad = firstError((await gql(`mutation { changeCartLine(variantId: ${variant.APR}, quantity: 0) { itemCount } }`, { cookie })).body);
      assert.equal(bad.extensions?.code, 'cart.quantity.invalid');
      const notInCart = firstError((await gql(`mutation { changeCartLine(variantId: ${variant.TEA}, quantity: 1) { itemCount } }`, { cookie })).body);
      assert.equal(notInCart.extensions?.code, 'cart.variant.unavailable');
      const removed = await gql(`mutation { removeCartLine(variantId: ${variant.APR}) ${CART} }`, { cookie });
      assert.deepEqual(removed.body.data?.removeCartLine.lines.map((l: { sku: string }) => l.sku), ['MUG']);
      const again = await gql(`mutation { removeCartLine(variantId: ${variant.APR}) { itemCount } }`, { cookie });
      assert.deepEqual(again.body.data?.removeCartLine, { itemCount: 1 });
      // A guest without any cart: nothing to change.
      const guest = firstError((await gql(`mutation { changeCartLine(variantId: ${variant.APR}, quantity: 1) { itemCount } }`)).body);
      assert.equal(guest.extensions?.code, 'cart.variant.unavailable');
    });

    test('early access: a non-member cannot add the variant; a member can, and pays member prices', async () => {
      const plain = await customer();
      const refused = firstError((await gql(add(variant.TEA, 1), { cookie: plain.cookie })).body);
      assert.equal(refused.extensions?.code, 'cart.variant.unavailable');
      assert.equal(refused.extensions?.field, 'variantId');
      const apron = (await gql(add(variant.APR, 1), { cookie: plain.cookie })).body.data?.addToCart.lines[0];
      assert.equal(apron.unitPriceCents, 2500);

      const member = await customer(true);
      const res = await gql(add(variant.TEA, 1), { cookie: member.cookie });
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      const cart = (await gql(add(variant.APR, 2), { cookie: member.cookie })).body.data?.addToCart;
      const memberApron = cart.lines.find((l: { sku: string }) => l.sku === 'APR');
      assert.equal(memberApron.unitPriceCents, 2000);
      assert.equal(memberApron.regularPriceCents, 2500);
      assert.equal(memberApron.lineTotalCents, 4000);
      assert.equal(memberApron.variant.priceCents, 2000);
      assert.equal(cart.subtotalCents, 3000 + 4000);
    });

    test('applyDiscountCode: checkout’s checks, kept on the cart, estimated, re-checked as the cart changes, removable', async () => {
      const { cookie } = await customer();
      const empty = firstError((await gql(`mutation { applyDiscountCode(code: "SAVE10") { discountCode } }`, { cookie })).body);
      assert.equal(empty.extensions?.code, 'orders.error.emptyCart');
      await gql(add(variant.APR, 2), { cookie });

      const applied = await gql(`mutation { applyDiscountCode(code: " save10 ") ${CART} }`, { cookie });
      assert.equal(applied.body.errors, undefined, JSON.stringify(applied.body.errors));
      assert.equal(applied.body.data?.applyDiscountCode.discountCode, 'SAVE10');
      assert.deepEqual(applied.body.data?.applyDiscountCode.discount, { code: 'SAVE10', kind: 'PERCENT', estimatedDiscountCents: 500, freeShipping: false, problem: null });
      const stored = await t.testDb.db('carts').whereNotNull('discount_code').select('discount_code');
      assert.ok(stored.some((r) => r.discount_code === 'SAVE10'));

      for (const [code, key] of [
        ['NOPE', 'orders.discount.unknown'],
        ['PLUSONLY', 'orders.discount.membersOnly'],
        ['OLDCODE', 'orders.discount.expired'],
        ['BIGSPEND', 'orders.discount.minimumNotMet'],
        ['x'.repeat(200), 'orders.discount.unknown'],
      ]) {
        const error = firstError((await gql(`mutation { applyDiscountCode(code: "${code}") { discountCode } }`, { cookie })).body);
        assert.equal(error.extensions?.code, key, code);
        assert.equal(error.extensions?.field, 'code');
      }
      const minimum = firstError((await gql(`mutation { applyDiscountCode(code: "BIGSPEND") { discountCode } }`, { cookie })).body);
      assert.equal(minimum.extensions?.minSubtotalCents, 10_000);
      assert.match(minimum.message, /100\.00/);
      // Another control character is just not a code (a NUL is refused before GraphQL runs: plugins/nul-guard.ts).
      const nul = firstError((await gql('mutation($c: String!) { applyDiscountCode(code: $c) { discountCode } }', { cookie, variables: { c: 'SAVE\u000110' } })).body);
      assert.equal(nul.extensions?.code, 'orders.discount.unknown');
      const blank = firstError((await gql(`mutation { applyDiscountCode(code: "  ") { discountCode } }`, { cookie })).body);
      assert.equal(blank.extensions?.code, 'cartDiscount.codeRequired');
      assert.equal(blank.extensions?.field, 'code');
      // A refused code leaves the applied one in place.
      assert.equal((await gql(`{ cart { discountCode } }`, { cookie })).body.data?.cart.discountCode, 'SAVE10');

      // The code stays with the cart; its estimate follows the cart, and says why it would no longer apply.
      await gql(`mutation { changeCartLine(variantId: ${variant.APR}, quantity: 4) { itemCount } }`, { cookie });
      const bigger = (await gql(`mutation { applyDiscountCode(code: "BIGSPEND") ${CART} }`, { cookie })).body.data?.applyDiscountCode;
      assert.deepEqual(bigger.discount, { code: 'BIGSPEND', kind: 'FIXED', estimatedDiscountCents: 1000, freeShipping: false, problem: null });
      const smaller = (await gql(`mutation { changeCartLine(variantId: ${variant.APR}, quantity: 1) ${CART} }`, { cookie })).body.data?.changeCartLine;
      assert.equal(smaller.discountCode, 'BIGSPEND');
      assert.equal(smaller.discount.estimatedDiscountCents, 0);
      assert.equal(smaller.discount.problem.code, 'orders.discount.minimumNotMet');
      assert.match(smaller.discount.problem.message, /100\.00/);

      const free = (await gql(`mutation { applyDiscountCode(code: "SHIPFREE") ${CART} }`, { cookie })).body.data?.applyDiscountCode;
      assert.deepEqual(free.discount, { code: 'SHIPFREE', kind: 'FREE_SHIPPING', estimatedDiscountCents: 0, freeShipping: true, problem: null });

      const removed = (await gql(`mutation { removeDiscountCode ${CART} }`, { cookie })).body.data?.removeDiscountCode;
      assert.equal(removed.discountCode, null);
      assert.equal(removed.discount, null);
      assert.equal(removed.itemCount, 1);
    });

    test('a members-only code applies for a member, at member prices', async () => {
      const { cookie } = await customer(true);
      await gql(add(variant.APR, 1), { cookie });
      const res = await gql(`mutation { applyDiscountCode(code: "PLUSONLY") ${CART} }`, { cookie });
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      assert.equal(res.body.data?.applyDiscountCode.subtotalCents, 2000);
      assert.equal(res.body.data?.applyDiscountCode.discount.estimatedDiscountCents, 500);
    });

    test('an app with a Bearer token uses the account’s cart, with no CSRF token; a revoked token is 401', async () => {
      const { userId, cookie, token } = await customer();
      const viaToken = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query: add(variant.APR, 1) }, headers: { authorization: `Bearer ${token}` } });
      assert.equal(viaToken.statusCode, 200);
      assert.equal(viaToken.json().data.addToCart.itemCount, 1);
      assert.equal(sessionCookieFrom(viaToken), '', 'an app gets no session');
      // The same cart the customer sees on the site.
      assert.equal((await gql(`{ cart { itemCount lines { sku } } }`, { cookie })).body.data?.cart.itemCount, 1);
      const cartRow = await t.testDb.db('carts').where({ user_id: userId }).first('id');
      assert.ok(cartRow);

      await t.testDb.db('api_tokens').where({ user_id: userId }).update({ revoked_at: Date.now() });
      const revoked = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query: add(variant.APR, 1) }, headers: { authorization: `Bearer ${token}` } });
      assert.equal(revoked.statusCode, 401);
      assert.equal(revoked.json().errors[0].extensions.code, 'error.invalidToken');
      assert.equal((await gql(`{ cart { itemCount } }`, { cookie })).body.data?.cart.itemCount, 1, 'nothing was added');
    });
  });
}
