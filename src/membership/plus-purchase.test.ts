// Buying Emporium Plus through the ordinary checkout: the paid order grants the membership, guests are refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, sessionCookieFrom, signIn } from '../test-support/sign-in';
import { ValidationError } from '../lib/errors';
import { addToCart, createGuestCart, setQuantity } from '../cart/service';
import { PlusNeedsAccountError } from '../orders/errors';
import { placeOrder, quoteCheckout } from '../orders/service';
import { ensureDefaultCheckoutSettings } from '../orders/settings';
import { cartWith, count, guest, PARIS, RecordingProvider, reviewedOrder } from '../orders/testing';
import { ensurePlusProduct, PLUS_PRODUCT_SLUG, PLUS_SKU } from './plus-product';
import { membershipStatus } from './service';

const DAY = 24 * 60 * 60 * 1000;

for (const dialect of dialects) {
  describe(`buying Emporium Plus on ${dialect}`, () => {
    let t: TestApp;
    let plusVariantId: number;
    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      const db = t.testDb.db;
      await ensureDefaultCheckoutSettings(db);
      await addCategory(db, 'kitchen', 'Kitchen');
      await addProduct(db, 'kitchen', { slug: 'member-bowl', name: 'Member Bowl', variants: [{ sku: 'BOWL-1', priceCents: 2000, stock: 50 }] });
      await db('variants').where({ sku: 'BOWL-1' }).update({ member_price_cents: 1200 });
      plusVariantId = Number((await db('variants').where({ sku: PLUS_SKU }).first('id')).id);
    });
    after(async () => t.close());

    test('the app start made the Plus product once, at the configured price, outside every category', async () => {
      const db = t.testDb.db;
      const again = await ensurePlusProduct(db, 4900);
      assert.equal(again.variantId, plusVariantId, 'idempotent');
      assert.equal(await count(db, 'products', { slug: PLUS_PRODUCT_SLUG }), 1);
      assert.equal(await count(db, 'variants', { sku: PLUS_SKU }), 1);
      const product = await db('products').where({ slug: PLUS_PRODUCT_SLUG }).first();
      assert.equal(product.category_id, null);
      assert.equal(product.name, 'Emporium Plus (1 year)');
      assert.equal(Number((await db('variants').where({ sku: PLUS_SKU }).first('price_cents')).price_cents), 4900);
      const { stock } = await db('variants').where({ sku: PLUS_SKU }).first('stock');
      const ledger = await db('inventory_ledger').where({ variant_id: plusVariantId }).sum({ n: 'change' }).first();
      assert.ok(Number(stock) > 0, 'the Plus product is in stock');
      assert.equal(Number(ledger?.n), Number(stock), 'its stock is explained by the stock ledger, like every product');
      const category = await t.app.inject({ url: '/categories/kitchen' });
      assert.equal(category.statusCode, 200);
      assert.doesNotMatch(category.body, /Emporium Plus \(1 year\)/, 'not in category pages');
      const page = await t.app.inject({ url: `/products/${PLUS_PRODUCT_SLUG}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /€49\.00/);
    });

    test('a signed-in customer buys Plus at checkout: the paid order makes them a member for a year', async () => {
      const db = t.testDb.db;
      const now = Date.now();
      const userId = await createUser(db);
      const provider = new RecordingProvider();
      const cartId = await cartWith(db, [[plusVariantId, 1]], guest(now), userId);
      const input = await reviewedOrder(db, { cartId, audience: guest(now), userId, now });

      const placed = await placeOrder(db, provider, input);

      assert.equal(placed.replayed, false);
      assert.equal(provider.succeededCharges().size, 1);
      const status = await membershipStatus(db, userId, now + 1000);
      assert.equal(status.active, true);
      assert.equal(status.endsAt, now + 365 * DAY);
      const grant = await db('memberships').where({ user_id: userId }).first();
      assert.equal(grant.source, 'order');
      assert.equal(await count(db, 'order_lines', { order_id: placed.orderId, sku: PLUS_SKU }), 1);
    });

    test('a guest is refused Plus before any charge, with a message to log in', async () => {
      const db = t.testDb.db;
      const now = Date.now();
      const provider = new RecordingProvider();
      const cartId = await cartWith(db, [[plusVariantId, 1]], guest(now));
      const quote = quoteCheckout(db, { cartId, audience: guest(now), userId: null, email: 'guest@example.test', shippingMethodCode: 'standard', country: 'FR', region: '', discountCode: null, now });
      await assert.rejects(quote, (err: PlusNeedsAccountError) => err instanceof PlusNeedsAccountError && err.messageKey === 'orders.error.plusNeedsAccount');
      const ordersBefore = await count(db, 'orders');
      const input = {
        idempotencyKey: 'guest-plus-key-0123456789',
        cartId,
        audience: guest(now),
        userId: null,
        email: 'guest@example.test',
        shippingAddress: PARIS,
        shippingMethodCode: 'standard',
        discountCode: null,
        card: { number: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' },
        expectedTotalCents: 4900,
        currency: 'EUR',
        now,
      };
      await assert.rejects(placeOrder(db, provider, input), PlusNeedsAccountError);
      assert.equal(provider.charges.length, 0, 'nothing charged');
      assert.equal(await count(db, 'orders'), ordersBefore);
    });

    test('a cart holds one Plus at most', async () => {
      const db = t.testDb.db;
      const now = Date.now();
      const cartId = await createGuestCart(db);
      await assert.rejects(addToCart(db, cartId, plusVariantId, 2, guest(now)), (err: ValidationError) => err instanceof ValidationError && err.fields.quantity === 'cart.plus.onlyOne');
      await addToCart(db, cartId, plusVariantId, 1, guest(now));
      await assert.rejects(addToCart(db, cartId, plusVariantId, 1, guest(now)), ValidationError);
      await assert.rejects(setQuantity(db, cartId, plusVariantId, 3, guest(now)), ValidationError);
    });

    test('the Plus page offers the right thing to visitors, customers and members', async () => {
      const db = t.testDb.db;
      const anonymous = await t.app.inject({ url: '/plus' });
      assert.match(anonymous.body, /<a class="button" href="\/account\/login\?return=\/plus">Log in to join<\/a>/);
      assert.doesNotMatch(anonymous.body, /Join for/);

      const customer = await signIn(t.app, await createUser(db));
      const page = await t.app.inject({ url: '/plus', headers: { cookie: customer } });
      assert.match(page.body, /<button type="submit">Join for €49\.00 a year<\/button>/);
      assert.match(page.body, new RegExp(`name="variant" value="${plusVariantId}"`));
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
      const join = await t.app.inject({
        method: 'POST',
        url: '/cart/add',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: customer },
        payload: new URLSearchParams({ _csrf: csrf, product: PLUS_PRODUCT_SLUG, variant: String(plusVariantId), quantity: '1' }).toString(),
      });
      assert.equal(join.statusCode, 303);
      assert.match((await t.app.inject({ url: '/cart', headers: { cookie: customer } })).body, /Emporium Plus \(1 year\)/);
    });

    test('after buying Plus, the next request of the session gets a new session id and member prices', async () => {
      const db = t.testDb.db;
      const now = Date.now();
      const userId = await createUser(db);
      const cookie = await signIn(t.app, userId);
      const before = await t.app.inject({ url: '/products/member-bowl', headers: { cookie } });
      assert.match(before.body, /data-price>€20.00</);
      assert.match((await t.app.inject({ url: '/plus', headers: { cookie } })).body, /Join for/);

      const cartId = await cartWith(db, [[plusVariantId, 1]], guest(now), userId);
      await placeOrder(db, new RecordingProvider(), await reviewedOrder(db, { cartId, audience: guest(now), userId, now }));

      const next = await t.app.inject({ url: '/products/member-bowl', headers: { cookie } });
      const renewed = sessionCookieFrom(next);
      assert.match(renewed, /^emporium\.sid=/);
      assert.notEqual(renewed, cookie, 'a new session id');
      assert.match(next.body, /data-price>€12.00</, 'member prices at once');
      const plus = await t.app.inject({ url: '/plus', headers: { cookie: renewed } });
      assert.match(plus.body, /You are an Emporium Plus member until/);
      assert.doesNotMatch(plus.body, /Join for/);
    });
  });
}
