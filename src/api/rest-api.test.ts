// Contract tests of the REST API for apps (cart, checkout, orders, me): every answer is checked against the
// OpenAPI document the app publishes, plus auth, CSRF, idempotent ordering, visibility of orders and the write limit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, sessionCookieFrom, signIn } from '../test-support/sign-in';
import { createApiToken, revokeApiToken } from '../accounts/api-tokens';
import { grantMembership } from '../membership/service';
import { placeOrder } from '../orders/service';
import { addDiscountCode, addVariant, CARD, cartWith, count, DECLINED_CARD, guest, PARIS, RecordingProvider, reviewedOrder, stockOf } from '../orders/testing';
import { ContractChecker } from './openapi-contract';

type Headers = Record<string, string>;

const ADDRESS = { name: PARIS.name, line1: PARIS.line1, postalCode: PARIS.postalCode, city: PARIS.city, country: PARIS.country };

let keySequence = 0;
/** A fresh Idempotency-Key, as an app would make one per order. */
function newKey(): string {
  keySequence += 1;
  return `test-key-${keySequence}-${Date.now()}-abcdef`;
}

for (const dialect of dialects) {
  describe(`REST API (cart, checkout, orders, me) on ${dialect}`, () => {
    let t: TestApp;
    let app: FastifyInstance;
    let contract: ContractChecker;
    const provider = new RecordingProvider();
    let apron: { variantId: number; sku: string };
    let kettle: { variantId: number; sku: string };
    let earlyVariantId = 0;

    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn, { paymentProvider: provider });
      app = t.app;
      contract = await ContractChecker.load(app);
      const db = t.testDb.db;
      apron = await addVariant(db, 2500, 50, 2000);
      kettle = await addVariant(db, 4000, 3);
      await addProduct(db, null, { slug: 'early-teapot', name: 'Early Teapot', variants: [{ sku: 'EARLY-1', priceCents: 3000, stock: 5 }], images: 0 });
      await db('products').where({ slug: 'early-teapot' }).update({ members_only_until: Date.now() + 10 * 86_400_000 });
      earlyVariantId = Number((await db('variants').where({ sku: 'EARLY-1' }).first('id')).id);
      await addDiscountCode(db, { code: 'TENOFF', kind: 'percent', value: 1000, active: true });
      await addDiscountCode(db, { code: 'BIGSPEND', kind: 'fixed', value: 1000, min_subtotal_cents: 10_000 });
    });
    after(async () => t.close());

    /** One call, checked against the document (pathTemplate as the document names it); returns the answer and its body. */
    async function call(method: string, url: string, pathTemplate: string, headers: Headers = {}, payload?: unknown): Promise<{ res: LightMyRequestResponse; body: any }> {
      const res = await app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
      return { res, body: contract.check(res, method, pathTemplate) };
    }

    async function customerWithToken(role: 'customer' | 'staff' = 'customer'): Promise<{ userId: number; token: string; auth: Headers }> {
      const userId = await createUser(t.testDb.db, role);
      const { token } = await createApiToken(t.testDb.db, userId, 'test app');
      return { userId, token, auth: { authorization: `Bearer ${token}` } };
    }

    /** A cookie client as a guest: its session cookie and CSRF token, from starting a cart. */
    async function guestSession(): Promise<Headers> {
      const { res } = await call('POST', '/api/v1/cart', '/api/v1/cart');
      assert.equal(res.statusCode, 201);
      const cookie = sessionCookieFrom(res);
      assert.ok(cookie, 'a session cookie for the new cart');
      return { cookie, 'x-csrf-token': res.headers['x-csrf-token'] as string };
    }

    async function quote(headers: Headers, extra: Record<string, unknown> = {}) {
      return call('POST', '/api/v1/checkout/quote', '/api/v1/checkout/quote', headers, { shippingAddress: ADDRESS, shippingMethod: 'standard', ...extra });
    }

    /** Places an order for the caller's cart at its current quote. */
    async function place(headers: Headers, key: string | null, extra: Record<string, unknown> = {}) {
      const quoted = await quote(headers, { email: extra.email, discountCode: extra.discountCode });
      const expectedTotalCents = quoted.res.statusCode === 200 ? quoted.body.totalCents : 0;
      const body = { shippingAddress: ADDRESS, shippingMethod: 'standard', card: CARD, expectedTotalCents, ...extra };
      return call('POST', '/api/v1/orders', '/api/v1/orders', key === null ? headers : { ...headers, 'idempotency-key': key }, body);
    }

    function assertProblem(res: LightMyRequestResponse, status: number, code: string): any {
      assert.equal(res.statusCode, status, res.body);
      assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
      const body = res.json();
      assert.equal(body.status, status);
      assert.equal(body.code, code, res.body);
      assert.equal(typeof body.title, 'string');
      assert.equal(typeof body.detail, 'string');
      assert.doesNotMatch(body.detail, /\{\w+\}/, 'placeholders are filled in');
      return body;
    }

    // ---- Cart ----

    test('anonymous GET /cart: an empty cart, and no session is made for it', async () => {
      const { res, body } = await call('GET', '/api/v1/cart', '/api/v1/cart');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(body.lines, []);
      assert.equal(body.itemCount, 0);
      assert.equal(body.currency, 'EUR');
      assert.equal(sessionCookieFrom(res), '');
      assert.equal(res.headers['cache-control'], 'no-store');
    });

    test('a guest cart through the session cookie: 201 then 200, writes need the CSRF token, the pages show the same cart', async () => {
      const session = await guestSession();
      const again = await call('POST', '/api/v1/cart', '/api/v1/cart', session);
      assert.equal(again.res.statusCode, 200);

      // The cookie without its token: refused, as a forged form would be.
      const forged = await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', { cookie: session.cookie }, { variantId: apron.variantId, quantity: 1 });
      assertProblem(forged.res, 403, 'error.csrf');
      const wrong = await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', { cookie: session.cookie, 'x-csrf-token': 'nope' }, { variantId: apron.variantId, quantity: 1 });
      assertProblem(wrong.res, 403, 'error.csrf');

      const added = await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', session, { variantId: apron.variantId, quantity: 2 });
      assert.equal(added.res.statusCode, 200);
      assert.equal(added.body.itemCount, 2);
      const page = await app.inject({ method: 'GET', url: '/cart', headers: { cookie: session.cookie } });
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(added.body.lines[0].productName), 'the cart page lists the line added through the API');

      // A token is offered on reads too, for a client that has only its cookie.
      const read = await call('GET', '/api/v1/cart', '/api/v1/cart', { cookie: session.cookie });
      assert.ok(read.res.headers['x-csrf-token']);
      assert.equal(read.body.itemCount, 2);
    });

    test('a write from another site without a session is refused', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/cart', headers: { origin: 'https://evil.example' } });
      assertProblem(res, 403, 'error.csrf');
      contract.check(res, 'POST', '/api/v1/cart');
    });

    test('cart lines: add, change and remove with the cart rules (stock, 1..99, unknown or early-access variants)', async () => {
      const { auth } = await customerWithToken();
      const created = await call('POST', '/api/v1/cart', '/api/v1/cart', auth);
      assert.equal(created.res.statusCode, 201);
      assert.equal(created.res.headers.location, '/api/v1/cart');
      assert.equal(created.res.headers['x-csrf-token'], undefined, 'token callers need no CSRF token');

      const added = await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: kettle.variantId, quantity: 2 });
      assert.equal(added.res.statusCode, 200);
      const [line] = added.body.lines;
      assert.equal(line.variantId, kettle.variantId);
      assert.equal(line.quantity, 2);
      assert.equal(line.unitPriceCents, 4000);
      assert.equal(line.lineTotalCents, 8000);
      assert.deepEqual(line.stock, { kind: 'low', left: 3 });
      assert.match(line.links.product, /^\/api\/v1\/products\//);
      assert.equal(added.body.subtotalCents, 8000);

      const tooMany = await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: kettle.variantId, quantity: 2 });
      const problem = assertProblem(tooMany.res, 409, 'cart.notEnoughStock');
      assert.match(problem.detail, /1/);
      assertProblem((await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: 999_999, quantity: 1 })).res, 404, 'cart.variant.unavailable');
      assertProblem((await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: earlyVariantId, quantity: 1 })).res, 404, 'cart.variant.unavailable');
    });

    test('cart lines: bad input is a 400 problem naming the field; 99 is the most of one item', async () => {
      const { auth } = await customerWithToken();
      for (const payload of [{ variantId: apron.variantId, quantity: 0 }, { variantId: apron.variantId, quantity: 100 }, { variantId: apron.variantId, quantity: 1.5 }, { variantId: apron.variantId, quantity: 'two' }, { variantId: apron.variantId }]) {
        const { res, body } = await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, payload);
        assertProblem(res, 400, 'error.validation');
        assert.equal(typeof body.errors.quantity, 'string', JSON.stringify(payload));
      }
      const noVariant = await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: 'x', quantity: 1 });
      assert.ok(assertProblem(noVariant.res, 400, 'error.validation').errors.variantId);
      const badParam = await call('PATCH', '/api/v1/cart/lines/abc', '/api/v1/cart/lines/{variantId}', auth, { quantity: 1 });
      assert.ok(assertProblem(badParam.res, 400, 'error.validation').errors.variantId);

      const plenty = await addVariant(t.testDb.db, 100, 500);
      assert.equal((await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: plenty.variantId, quantity: 60 })).res.statusCode, 200);
      const over = await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: plenty.variantId, quantity: 40 });
      assert.equal(assertProblem(over.res, 422, 'error.validation').errors.quantity, 'You can buy at most 99 of one item.');
    });

    test('PATCH and DELETE a line', async () => {
      const { auth } = await customerWithToken();
      await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: apron.variantId, quantity: 1 });
      await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: kettle.variantId, quantity: 1 });

      const changed = await call('PATCH', `/api/v1/cart/lines/${apron.variantId}`, '/api/v1/cart/lines/{variantId}', auth, { quantity: 4 });
      assert.equal(changed.res.statusCode, 200);
      assert.equal(changed.body.lines.find((l: { variantId: number }) => l.variantId === apron.variantId).quantity, 4);
      assertProblem((await call('PATCH', `/api/v1/cart/lines/${kettle.variantId}`, '/api/v1/cart/lines/{variantId}', auth, { quantity: 9 })).res, 409, 'cart.notEnoughStock');
      assertProblem((await call('PATCH', '/api/v1/cart/lines/999999', '/api/v1/cart/lines/{variantId}', auth, { quantity: 1 })).res, 404, 'cart.variant.unavailable');
      assertProblem((await call('PATCH', `/api/v1/cart/lines/${apron.variantId}`, '/api/v1/cart/lines/{variantId}', auth, { quantity: 0 })).res, 400, 'error.validation');

      const removed = await call('DELETE', `/api/v1/cart/lines/${apron.variantId}`, '/api/v1/cart/lines/{variantId}', auth);
      assert.equal(removed.res.statusCode, 200);
      assert.deepEqual(removed.body.lines.map((l: { variantId: number }) => l.variantId), [kettle.variantId]);
      const again = await call('DELETE', `/api/v1/cart/lines/${apron.variantId}`, '/api/v1/cart/lines/{variantId}', auth);
      assert.equal(again.res.statusCode, 200);
      assert.equal(again.body.itemCount, 1);
    });

    test('the cart’s discount code: applied with the checkout’s checks and kept for the quote, refusals name their reason and minimum, removable', async () => {
      const { auth } = await customerWithToken();
      const apply = (discountCode: unknown) => call('PUT', '/api/v1/cart/discount-code', '/api/v1/cart/discount-code', auth, { discountCode });
      assertProblem((await apply('TENOFF')).res, 409, 'orders.error.emptyCart');
      await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: apron.variantId, quantity: 1 });

      const applied = await apply(' tenoff ');
      assert.equal(applied.res.statusCode, 200);
      assert.equal(applied.body.discountCode, 'TENOFF');
      const quoted = await quote(auth);
      assert.equal(quoted.body.discountCode, 'TENOFF');
      assert.equal(quoted.body.discountCents, 250);

      assertProblem((await apply('NOPE')).res, 422, 'orders.discount.unknown');
      const tooSmall = assertProblem((await apply('bigspend')).res, 422, 'orders.discount.minimumNotMet');
      assert.equal(tooSmall.reason, 'minimum_not_met');
      assert.equal(tooSmall.minSubtotalCents, 10_000);
      assert.match(tooSmall.detail, /€100\.00/);
      assert.ok(assertProblem((await apply('   ')).res, 422, 'error.validation').errors.discountCode);
      assertProblem((await apply('X'.repeat(201))).res, 400, 'error.validation');
      // A refused code leaves the applied one in place.
      assert.equal((await quote(auth)).body.discountCode, 'TENOFF');

      const removed = await call('DELETE', '/api/v1/cart/discount-code', '/api/v1/cart/discount-code', auth);
      assert.equal(removed.res.statusCode, 200);
      assert.equal(removed.body.discountCode, null);
      assert.equal((await quote(auth)).body.discountCode, null);
    });

    test('a token works on the account’s cart, the same one its browser session sees; members pay member prices and see early access', async () => {
      const { userId, auth } = await customerWithToken();
      await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: apron.variantId, quantity: 1 });
      const cookie = await signIn(app, userId);
      const viaSession = await call('GET', '/api/v1/cart', '/api/v1/cart', { cookie });
      assert.deepEqual(viaSession.body.lines.map((l: { variantId: number }) => l.variantId), [apron.variantId]);
      assert.equal(viaSession.body.lines[0].unitPriceCents, 2500);

      const member = await customerWithToken();
      await grantMembership(t.testDb.db, member.userId, { days: 30, source: 'admin' });
      const memberCart = await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', member.auth, { variantId: apron.variantId, quantity: 1 });
      assert.equal(memberCart.body.lines[0].unitPriceCents, 2000);
      assert.equal(memberCart.body.lines[0].regularPriceCents, 2500);
      const early = await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', member.auth, { variantId: earlyVariantId, quantity: 1 });
      assert.equal(early.res.statusCode, 200);
    });

    test('a revoked or unknown token is 401, even with a valid session cookie beside it', async () => {
      const db = t.testDb.db;
      const userId = await createUser(db);
      const { token, summary } = await createApiToken(db, userId, 'old phone');
      const auth = { authorization: `Bearer ${token}` };
      assert.equal((await call('GET', '/api/v1/me', '/api/v1/me', auth)).res.statusCode, 200);
      await revokeApiToken(db, userId, summary.id);
      const cookie = await signIn(app, userId);
      for (const [method, url, path] of [
        ['GET', '/api/v1/me', '/api/v1/me'],
        ['GET', '/api/v1/cart', '/api/v1/cart'],
        ['POST', '/api/v1/cart', '/api/v1/cart'],
        ['GET', '/api/v1/orders', '/api/v1/orders'],
      ] as const) {
        const { res } = await call(method, url, path, { ...auth, cookie });
        assertProblem(res, 401, 'error.invalidToken');
        assert.match(res.headers['www-authenticate'] as string, /invalid_token/);
      }
      assertProblem((await call('GET', '/api/v1/me', '/api/v1/me', { authorization: 'Bearer emp_unknown' })).res, 401, 'error.invalidToken');
    });

    // ---- Checkout ----

    test('quote: lines, subtotal, discount, shipping, tax and total for the destination, method and code', async () => {
      const { auth } = await customerWithToken();
      await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: apron.variantId, quantity: 1 });
      const plain = await quote(auth);
      assert.equal(plain.res.statusCode, 200);
      assert.equal(plain.body.currency, 'EUR');
      assert.equal(plain.body.subtotalCents, 2500);
      assert.equal(plain.body.shippingCents, 490);
      assert.equal(plain.body.taxRateBasisPoints, 2000);
      assert.equal(plain.body.totalCents, plain.body.subtotalCents - plain.body.discountCents + plain.body.shippingCents + plain.body.taxCents);
      assert.deepEqual(plain.body.shippingMethod, { code: 'standard', name: 'Standard delivery' });
      assert.equal(plain.body.lines[0].sku, apron.sku);

      const coded = await quote(auth, { discountCode: ' tenoff ' });
      assert.equal(coded.body.discountCode, 'TENOFF');
      assert.equal(coded.body.discountCents, 250);

      assertProblem((await quote(auth, { shippingMethod: 'teleport' })).res, 422, 'orders.error.unknownShippingMethod');
      assertProblem((await quote(auth, { shippingAddress: { ...ADDRESS, country: 'JP' } })).res, 422, 'orders.error.destinationNotServed');
      assertProblem((await quote(auth, { discountCode: 'NOPE' })).res, 422, 'orders.discount.unknown');
      // A code that needs a bigger order says how much, in the caller's language, as the checkout page and GraphQL do.
      const tooSmall = assertProblem((await quote(auth, { discountCode: 'BIGSPEND' })).res, 422, 'orders.discount.minimumNotMet');
      assert.equal(tooSmall.reason, 'minimum_not_met');
      assert.equal(tooSmall.minSubtotalCents, 10_000);
      assert.equal(tooSmall.detail, 'Spend at least €100.00 before discounts to use this code.');
      const enFrancais = assertProblem((await quote({ ...auth, 'accept-language': 'fr' }, { discountCode: 'BIGSPEND' })).res, 422, 'orders.discount.minimumNotMet');
      assert.match(enFrancais.detail, /100,00\s€/);
      const missing = await call('POST', '/api/v1/checkout/quote', '/api/v1/checkout/quote', auth, { shippingMethod: 'standard' });
      assert.ok(assertProblem(missing.res, 400, 'error.validation').errors.shippingAddress);

      const empty = await customerWithToken();
      assertProblem((await quote(empty.auth)).res, 409, 'orders.error.emptyCart');
      assertProblem((await quote({})).res, 409, 'orders.error.emptyCart');
    });

    test('placing an order with a token: 201 with the order and its Location; stock taken, cart emptied, listings refreshed', async () => {
      const db = t.testDb.db;
      const { userId, auth } = await customerWithToken();
      const slug = `product-${kettle.sku.toLowerCase()}`;
      const stockBefore = (await call('GET', `/api/v1/products/${slug}`, '/api/v1/products/{slug}')).body.variants[0].stock;
      await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: kettle.variantId, quantity: 1 });
      const chargesBefore = provider.succeededCharges().size;

      const { res, body } = await place({ ...auth, 'accept-language': 'fr-CA, en;q=0.5' }, newKey());
      assert.equal(res.statusCode, 201, res.body);
      assert.match(body.number, /^EMP-[0-9A-Z]{10}$/);
      assert.equal((await db('orders').where({ number: body.number }).first('locale')).locale, 'fr', 'its invoice will be in the language the app asked for');
      assert.match(body.invoiceNumber, /^F-\d{4}-\d{6}$/);
      assert.deepEqual(body.creditNotes, []);
      assert.equal(body.links.invoice, `/orders/${body.number}/invoice.pdf`);
      assert.equal(res.headers.location, `/api/v1/orders/${body.number}`);
      assert.equal(body.status, 'paid');
      const user = await db('users').where({ id: userId }).first('email');
      assert.equal(body.email, user.email, 'accounts default to their email');
      assert.equal(body.lines.length, 1);
      assert.equal(body.lines[0].quantity, 1);
      assert.equal(body.totalCents, body.subtotalCents - body.discountCents + body.shippingCents + body.taxCents);
      assert.equal(body.payment.last4, '4242');
      assert.deepEqual(body.shippingAddress, { ...PARIS });
      assert.equal(res.headers['idempotent-replayed'], undefined);
      assert.equal(provider.succeededCharges().size, chargesBefore + 1);

      assert.equal((await call('GET', '/api/v1/cart', '/api/v1/cart', auth)).body.itemCount, 0);
      const fetched = await call('GET', res.headers.location as string, '/api/v1/orders/{number}', auth);
      assert.equal(fetched.res.statusCode, 200);
      assert.deepEqual(fetched.body, body);
      // The catalog's cache was dropped: the product shows the new stock at once.
      const stockAfter = (await call('GET', `/api/v1/products/${slug}`, '/api/v1/products/{slug}')).body.variants[0].stock;
      assert.notDeepEqual(stockAfter, stockBefore);
      assert.equal(await stockOf(db, kettle.variantId), stockAfter.left);
      await db('variants').where({ id: kettle.variantId }).update({ stock: 3 });
      app.catalog.invalidate();
    });

    test('Idempotency-Key: the same key and body replay the first answer (one order, one charge); another body is 422; a bad key is 400', async () => {
      const db = t.testDb.db;
      const { userId, auth } = await customerWithToken();
      await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: apron.variantId, quantity: 2 });
      const quoted = await quote(auth);
      const body = { shippingAddress: ADDRESS, shippingMethod: 'standard', card: CARD, expectedTotalCents: quoted.body.totalCents };
      const key = newKey();
      const chargesBefore = provider.succeededCharges().size;

      const first = await call('POST', '/api/v1/orders', '/api/v1/orders', { ...auth, 'idempotency-key': key }, body);
      assert.equal(first.res.statusCode, 201);
      // The same request again, its keys in another order (a retry after a timeout, say).
      const reordered = { card: CARD, expectedTotalCents: quoted.body.totalCents, shippingMethod: 'standard', shippingAddress: { ...ADDRESS } };
      const second = await call('POST', '/api/v1/orders', '/api/v1/orders', { ...auth, 'idempotency-key': key }, reordered);
      assert.equal(second.res.statusCode, 201);
      assert.equal(second.res.headers['idempotent-replayed'], 'true');
      assert.equal(second.res.headers.location, first.res.headers.location);
      assert.equal(second.body.number, first.body.number);
      assert.deepEqual(second.body, first.body);
      assert.equal(await count(db, 'orders', { user_id: userId }), 1);
      assert.equal(provider.succeededCharges().size, chargesBefore + 1);

      const other = await call('POST', '/api/v1/orders', '/api/v1/orders', { ...auth, 'idempotency-key': key }, { ...body, shippingMethod: 'express' });
      assertProblem(other.res, 422, 'api.idempotency.mismatch');
      assert.equal(await count(db, 'orders', { user_id: userId }), 1);

      for (const bad of [null, 'short', 'x'.repeat(201), 'has a space in it, sixteen+']) {
        const { res } = await call('POST', '/api/v1/orders', '/api/v1/orders', bad === null ? auth : { ...auth, 'idempotency-key': bad }, body);
        assertProblem(res, 400, 'api.idempotency.keyInvalid');
      }
      assert.equal(await count(db, 'orders', { user_id: userId }), 1);
    });

    test('Idempotency-Key: a second request while the first is still running is 409', async () => {
      const { userId, auth } = await customerWithToken();
      await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: apron.variantId, quantity: 1 });
      const quoted = await quote(auth);
      const body = { shippingAddress: ADDRESS, shippingMethod: 'standard', card: CARD, expectedTotalCents: quoted.body.totalCents };
      const headers = { ...auth, 'idempotency-key': newKey() };
      let during: LightMyRequestResponse | null = null;
      // Between the charge and the order: the first request holds its key.
      provider.afterCharge = async () => {
        provider.afterCharge = null;
        during = await app.inject({ method: 'POST', url: '/api/v1/orders', headers, payload: body });
      };
      const first = await call('POST', '/api/v1/orders', '/api/v1/orders', headers, body);
      assert.equal(first.res.statusCode, 201);
      assert.ok(during);
      assertProblem(during, 409, 'api.idempotency.inProgress');
      contract.check(during, 'POST', '/api/v1/orders');
      assert.equal(await count(t.testDb.db, 'orders', { user_id: userId }), 1);
      const after = await call('POST', '/api/v1/orders', '/api/v1/orders', headers, body);
      assert.equal(after.body.number, first.body.number);
    });

    test('Idempotency-Key: a process that died after charging, before storing its answer: the retry gets the same order, nothing charged again', async () => {
      const db = t.testDb.db;
      const { userId, auth } = await customerWithToken();
      await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: apron.variantId, quantity: 1 });
      const quoted = await quote(auth);
      const body = { shippingAddress: ADDRESS, shippingMethod: 'standard', card: CARD, expectedTotalCents: quoted.body.totalCents };
      const headers = { ...auth, 'idempotency-key': newKey() };
      const first = await call('POST', '/api/v1/orders', '/api/v1/orders', headers, body);
      assert.equal(first.res.statusCode, 201);
      const charges = provider.succeededCharges().size;
      // As the row would be had the process died between placeOrder and storing the answer, its claim since expired.
      await db('api_idempotency_keys').where({ scope: `user:${userId}` }).update({ status: null, response_json: null, locked_until: Date.now() - 1 });

      const retry = await call('POST', '/api/v1/orders', '/api/v1/orders', headers, body);
      assert.equal(retry.res.statusCode, 201);
      assert.equal(retry.body.number, first.body.number);
      assert.equal(provider.succeededCharges().size, charges);
      assert.equal(await count(db, 'orders', { user_id: userId }), 1);
      const replayed = await call('POST', '/api/v1/orders', '/api/v1/orders', headers, body);
      assert.equal(replayed.res.headers['idempotent-replayed'], 'true');
      assert.equal(replayed.body.number, first.body.number);
    });

    test('Idempotency-Key: keys belong to their caller', async () => {
      const a = await customerWithToken();
      const b = await customerWithToken();
      const key = newKey();
      const numbers: string[] = [];
      for (const caller of [a, b]) {
        await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', caller.auth, { variantId: apron.variantId, quantity: 1 });
        const { res, body } = await place(caller.auth, key);
        assert.equal(res.statusCode, 201);
        assert.equal(res.headers['idempotent-replayed'], undefined);
        numbers.push(body.number);
      }
      assert.notEqual(numbers[0], numbers[1]);
    });

    test('refused orders: declined card 402, changed total 409, out of stock 409, bad address 422, empty cart 409; nothing ordered or kept', async () => {
      const db = t.testDb.db;
      const { userId, auth } = await customerWithToken();
      await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: kettle.variantId, quantity: 2 });

      const declined = await place(auth, newKey(), { card: DECLINED_CARD });
      assertProblem(declined.res, 402, 'orders.payment.declined');
      const changed = await place(auth, newKey(), { expectedTotalCents: 1 });
      assertProblem(changed.res, 409, 'orders.error.cartChanged');
      const badAddress = await place(auth, newKey(), { shippingAddress: { ...ADDRESS, postalCode: 'ABC' } });
      assert.ok(assertProblem(badAddress.res, 422, 'error.validation').errors['shippingAddress.postalCode']);
      const badEmail = await place(auth, newKey(), { email: 'not-an-email' });
      assert.ok(assertProblem(badEmail.res, 422, 'error.validation').errors.email);
      const noMethod = await place(auth, newKey(), { shippingMethod: 'teleport' });
      assertProblem(noMethod.res, 422, 'orders.error.unknownShippingMethod');
      const badCode = await place(auth, newKey(), { discountCode: 'NOPE' });
      assertProblem(badCode.res, 422, 'orders.discount.unknown');
      const badCard = await call('POST', '/api/v1/orders', '/api/v1/orders', { ...auth, 'idempotency-key': newKey() }, { shippingAddress: ADDRESS, shippingMethod: 'standard', card: { ...CARD, expMonth: 13 }, expectedTotalCents: 100 });
      assert.ok(assertProblem(badCard.res, 400, 'error.validation').errors['card.expMonth']);

      await db('variants').where({ id: kettle.variantId }).update({ stock: 1 });
      const short = await place(auth, newKey());
      assertProblem(short.res, 409, 'orders.error.outOfStock');
      await db('variants').where({ id: kettle.variantId }).update({ stock: 3 });

      assert.equal(await count(db, 'orders', { user_id: userId }), 0);
      assert.equal(await stockOf(db, kettle.variantId), 3);

      const empty = await customerWithToken();
      assertProblem((await place(empty.auth, newKey())).res, 409, 'orders.error.emptyCart');
      // A stored refusal is an answer too: the same key and body get it again.
      const key = newKey();
      const once = await place(auth, key, { card: DECLINED_CARD });
      const twice = await place(auth, key, { card: DECLINED_CARD });
      assertProblem(twice.res, 402, 'orders.payment.declined');
      assert.equal(twice.res.headers['idempotent-replayed'], 'true');
      assert.deepEqual(twice.body, once.body);
    });

    test('a guest checks out through the session cookie: email required, the session sees its order, nobody else does', async () => {
      const db = t.testDb.db;
      const session = await guestSession();
      await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', session, { variantId: apron.variantId, quantity: 1 });
      const noEmail = await place(session, newKey());
      assert.equal(assertProblem(noEmail.res, 422, 'error.validation').errors.email, 'Enter your email address.');
      const withoutToken = await place({ cookie: session.cookie }, newKey(), { email: 'guest@example.test' });
      assertProblem(withoutToken.res, 403, 'error.csrf');

      const { res, body } = await place(session, newKey(), { email: 'Guest@Example.test' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(body.email, 'guest@example.test');
      const row = await db('orders').where({ number: body.number }).first('user_id');
      assert.equal(row.user_id, null);

      const mine = await call('GET', `/api/v1/orders/${body.number}`, '/api/v1/orders/{number}', { cookie: session.cookie });
      assert.equal(mine.res.statusCode, 200);
      assert.equal(mine.body.number, body.number);
      const page = await app.inject({ method: 'GET', url: `/orders/${body.number}`, headers: { cookie: session.cookie } });
      assert.equal(page.statusCode, 200, 'the order page too, as after the checkout pages');

      const stranger = await guestSession();
      assertProblem((await call('GET', `/api/v1/orders/${body.number}`, '/api/v1/orders/{number}', { cookie: stranger.cookie })).res, 401, 'error.unauthenticated');
      assertProblem((await call('GET', `/api/v1/orders/${body.number}`, '/api/v1/orders/{number}')).res, 401, 'error.unauthenticated');
      const customer = await customerWithToken();
      assertProblem((await call('GET', `/api/v1/orders/${body.number}`, '/api/v1/orders/{number}', customer.auth)).res, 404, 'error.notFound.text');
      assertProblem((await call('GET', '/api/v1/orders', '/api/v1/orders', { cookie: session.cookie })).res, 401, 'error.unauthenticated');

      // Emporium Plus belongs to an account: a guest cannot buy it.
      const plus = await db('variants').where({ sku: 'PLUS-1Y' }).first('id');
      await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', stranger, { variantId: Number(plus.id), quantity: 1 });
      assertProblem((await quote(stranger, { email: 'guest@example.test' })).res, 409, 'orders.error.plusNeedsAccount');
      assertProblem((await place(stranger, newKey(), { email: 'guest@example.test', expectedTotalCents: 5000 })).res, 409, 'orders.error.plusNeedsAccount');
    });

    test('bad input is a 400 or 404 problem, never a 500 (PostgreSQL refuses a NUL)', async () => {
      const { auth } = await customerWithToken();
      await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', auth, { variantId: apron.variantId, quantity: 1 });
      // A NUL anywhere is refused before any route runs (plugins/nul-guard.ts), on every channel.
      for (const extra of [{ shippingMethod: 'std\u0000' }, { discountCode: 'A\u0000' }, { email: 'a\u0000@example.test' }, { shippingAddress: { ...ADDRESS, line1: 'x\u0000y' } }]) {
        assertProblem((await quote(auth, extra)).res, 400, 'error.badRequest.text');
      }
      assertProblem((await place(auth, newKey(), { card: { ...CARD, number: '4242\u0000' } })).res, 400, 'error.badRequest.text');
      const nameOnly = await quote(auth, { shippingAddress: { ...ADDRESS, region: '\u0001', line1: 'x\u0007y' } });
      assert.equal(nameOnly.res.statusCode, 200, 'other control characters in address fields are cleaned as the forms clean them');
      const badCard = await place(auth, newKey(), { card: { ...CARD, number: '4242\u0001' } });
      assert.ok(assertProblem(badCard.res, 400, 'error.validation').errors['card.number']);
      assertProblem((await call('GET', '/api/v1/orders/%00EMP', '/api/v1/orders/{number}', auth)).res, 400, 'error.badRequest.text');
      assertProblem((await call('GET', `/api/v1/orders/${'E'.repeat(41)}`, '/api/v1/orders/{number}', auth)).res, 400, 'error.validation');
      assertProblem((await call('GET', '/api/v1/products/%00x', '/api/v1/products/{slug}')).res, 400, 'error.badRequest.text');
      const broken = await app.inject({ method: 'POST', url: '/api/v1/cart/lines', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"variantId":' });
      assertProblem(broken, 400, 'error.badRequest.text');
      contract.check(broken, 'POST', '/api/v1/cart/lines');
    });

    // ---- Orders ----

    test('orders list: the caller’s orders newest first, 20 a page, with links; 401 without an account; 400 for a bad page', async () => {
      const db = t.testDb.db;
      const { userId, auth } = await customerWithToken();
      const { variantId } = await addVariant(db, 1000, 100);
      const base = Date.now() - 1_000_000;
      for (let i = 0; i < 21; i++) {
        const now = base + i * 1000;
        const cartId = await cartWith(db, [[variantId, 1]], guest(now), userId);
        await placeOrder(db, provider, await reviewedOrder(db, { cartId, audience: guest(now), userId, now }));
      }
      // Someone else's order never shows in this list.
      const other = await customerWithToken();
      const otherCart = await cartWith(db, [[variantId, 1]], guest(base), other.userId);
      await placeOrder(db, provider, await reviewedOrder(db, { cartId: otherCart, audience: guest(base), userId: other.userId, now: base }));

      const first = await call('GET', '/api/v1/orders', '/api/v1/orders', auth);
      assert.equal(first.res.statusCode, 200);
      assert.equal(first.body.total, 21);
      assert.equal(first.body.perPage, 20);
      assert.equal(first.body.pageCount, 2);
      assert.equal(first.body.items.length, 20);
      assert.deepEqual(first.body.links, { self: '/api/v1/orders', next: '/api/v1/orders?page=2', prev: null, first: '/api/v1/orders', last: '/api/v1/orders?page=2' });
      const times = first.body.items.map((o: { placedAt: string }) => Date.parse(o.placedAt));
      assert.deepEqual(times, [...times].sort((x, y) => y - x), 'newest first');
      assert.equal(times[0], base + 20_000);
      const item = first.body.items[0];
      assert.equal(item.itemCount, 1);
      assert.equal(item.links.self, `/api/v1/orders/${item.number}`);

      const second = await call('GET', first.body.links.next, '/api/v1/orders', auth);
      assert.equal(second.body.page, 2);
      assert.equal(second.body.items.length, 1);
      assert.equal(Date.parse(second.body.items[0].placedAt), base);
      assert.equal(second.body.links.next, null);
      assert.equal(second.body.links.prev, '/api/v1/orders');
      assert.equal((await call('GET', '/api/v1/orders?page=99', '/api/v1/orders', auth)).body.page, 2, 'past the end: the last page');

      assert.ok(assertProblem((await call('GET', '/api/v1/orders?page=abc', '/api/v1/orders', auth)).res, 400, 'error.validation').errors.page);
      assertProblem((await call('GET', '/api/v1/orders', '/api/v1/orders')).res, 401, 'error.unauthenticated');

      const cookie = await signIn(app, userId);
      assert.equal((await call('GET', '/api/v1/orders', '/api/v1/orders', { cookie })).body.total, 21, 'the session sees the same orders');
      const empty = await customerWithToken();
      const none = await call('GET', '/api/v1/orders', '/api/v1/orders', empty.auth);
      assert.deepEqual([none.body.items, none.body.total, none.body.pageCount, none.body.links.next], [[], 0, 1, null]);
    });

    test('one order: its customer and staff see it; anyone else gets the same 404 as for no order', async () => {
      const db = t.testDb.db;
      const owner = await customerWithToken();
      await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', owner.auth, { variantId: apron.variantId, quantity: 1 });
      const { body: order } = await place(owner.auth, newKey());
      const url = `/api/v1/orders/${order.number}`;

      assert.equal((await call('GET', url, '/api/v1/orders/{number}', owner.auth)).res.statusCode, 200);
      const staff = await customerWithToken('staff');
      const seenByStaff = await call('GET', url, '/api/v1/orders/{number}', staff.auth);
      assert.equal(seenByStaff.res.statusCode, 200);
      assert.equal(seenByStaff.body.number, order.number);

      const stranger = await customerWithToken();
      const hidden = assertProblem((await call('GET', url, '/api/v1/orders/{number}', stranger.auth)).res, 404, 'error.notFound.text');
      const unknown = assertProblem((await call('GET', '/api/v1/orders/EMP-0000000000', '/api/v1/orders/{number}', stranger.auth)).res, 404, 'error.notFound.text');
      assert.deepEqual({ ...hidden, instance: '' }, { ...unknown, instance: '' });
      assertProblem((await call('GET', '/api/v1/orders/not-a-number', '/api/v1/orders/{number}', owner.auth)).res, 404, 'error.notFound.text');
      assertProblem((await call('GET', url, '/api/v1/orders/{number}')).res, 401, 'error.unauthenticated');
      assert.equal(await count(db, 'orders', { number: order.number }), 1);
    });

    // ---- Me ----

    test('me: the account and its membership; 401 when anonymous', async () => {
      const db = t.testDb.db;
      assertProblem((await call('GET', '/api/v1/me', '/api/v1/me')).res, 401, 'error.unauthenticated');

      const customer = await customerWithToken();
      const me = await call('GET', '/api/v1/me', '/api/v1/me', customer.auth);
      assert.equal(me.res.statusCode, 200);
      const row = await db('users').where({ id: customer.userId }).first('email', 'name');
      assert.deepEqual(me.body, {
        id: customer.userId,
        email: row.email,
        name: row.name,
        role: 'customer',
        locale: 'en',
        membership: { active: false, endsAt: null },
        links: { orders: '/api/v1/orders', cart: '/api/v1/cart' },
      });

      const member = await customerWithToken();
      await grantMembership(db, member.userId, { days: 30, source: 'admin' });
      const m = await call('GET', '/api/v1/me', '/api/v1/me', member.auth);
      assert.equal(m.body.membership.active, true);
      assert.ok(Date.parse(m.body.membership.endsAt) > Date.now() + 29 * 86_400_000);

      const staff = await customerWithToken('staff');
      assert.equal((await call('GET', '/api/v1/me', '/api/v1/me', staff.auth)).body.role, 'staff');

      // The language the shop writes to the account in: the shop's default until one is chosen.
      await db('users').where({ id: member.userId }).update({ locale: 'fr' });
      assert.equal((await call('GET', '/api/v1/me', '/api/v1/me', member.auth)).body.locale, 'fr');

      const cookie = await signIn(app, customer.userId);
      const viaSession = await call('GET', '/api/v1/me', '/api/v1/me', { cookie });
      assert.equal(viaSession.body.id, customer.userId);
      // A cookie client learns its CSRF token here, and it works for writes.
      const token = viaSession.res.headers['x-csrf-token'] as string;
      assert.ok(token);
      const write = await call('POST', '/api/v1/cart/lines', '/api/v1/cart/lines', { cookie, 'x-csrf-token': token }, { variantId: apron.variantId, quantity: 1 });
      assert.equal(write.res.statusCode, 200);
    });

    // ---- Limits ----

    test('writes are limited per caller: the 61st in a minute is 429 with Retry-After; reads and other callers go on', async () => {
      const { auth } = await customerWithToken();
      for (let i = 1; i <= 60; i++) {
        const res = await app.inject({ method: 'POST', url: '/api/v1/cart', headers: auth });
        assert.ok(res.statusCode === 200 || res.statusCode === 201, `write ${i}: ${res.statusCode}`);
        assert.equal(res.headers['ratelimit-remaining'], String(60 - i));
      }
      const { res } = await call('POST', '/api/v1/cart', '/api/v1/cart', auth);
      assertProblem(res, 429, 'api.rateLimited');
      const retryAfter = Number(res.headers['retry-after']);
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, String(res.headers['retry-after']));
      assertProblem((await call('PATCH', `/api/v1/cart/lines/${apron.variantId}`, '/api/v1/cart/lines/{variantId}', auth, { quantity: 1 })).res, 429, 'api.rateLimited');
      assert.equal((await call('GET', '/api/v1/cart', '/api/v1/cart', auth)).res.statusCode, 200);
      const other = await customerWithToken();
      assert.equal((await call('POST', '/api/v1/cart', '/api/v1/cart', other.auth)).res.statusCode, 201);
    });
  });
}
