// VAT-inclusive prices (shop_settings.prices_include_tax on): the cart's total is what the card is charged, every
// page, the email, REST and GraphQL say the VAT it includes, and orders placed before the switch keep their tax row.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { waitForMail } from '../test-support/mail';
import { Shopper } from '../test-support/shopper';
import { addDiscountCode } from '../orders/testing';
import { createApiToken } from '../accounts/api-tokens';
import { updateShopSettings } from '../settings/shop-settings';
import { ContractChecker } from '../api/openapi-contract';

const PARIS = { name: 'Camille Martin', line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' };
const NEW_YORK = { name: 'Sam Doe', line1: '1 Main Street', postalCode: '10001', city: 'New York', region: 'NY', country: 'US' };
const GOOD_CARD = { cardNumber: '4242 4242 4242 4242', expiry: '12/34', cvc: '123' };

for (const dialect of dialects) {
  describe(`VAT-inclusive prices on ${dialect}`, () => {
    let t: TestApp;
    const variant: Record<string, number> = {};
    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      const db = t.testDb.db;
      await addCategory(db, 'k', 'Kitchen');
      // The shop enters gross prices: €99.00 and €36.00, VAT included.
      await addProduct(db, 'k', { slug: 'pan', name: 'Pan', variants: [{ sku: 'PAN', priceCents: 9900, stock: 50 }] });
      await addProduct(db, 'k', { slug: 'board', name: 'Board', variants: [{ sku: 'BOARD', priceCents: 3600, stock: 50 }] });
      for (const row of await db('variants').select('id', 'sku')) variant[row.sku] = Number(row.id);
      await addDiscountCode(db, { code: 'TENOFF', kind: 'percent', value: 1000, active: true });
    });
    after(async () => t.close());

    async function cartOf(s: Shopper): Promise<void> {
      // A first visit has no session yet, so the first form carries no CSRF token; the next one does.
      assert.equal((await s.post('/cart/add', { product: 'pan', variant: String(variant.PAN), quantity: '2' })).statusCode, 303);
      assert.equal((await s.addToCart('board', variant.BOARD, 1)).statusCode, 303);
    }

    test('the cart total is the amount charged: €234.00 with 10 % off and free shipping pays €210.60, incl. €35.10 VAT', async () => {
      await updateShopSettings(t.testDb.db, { pricesIncludeTax: true });
      const email = `incl-${dialect}-${Date.now()}@example.test`;
      const s = new Shopper(t.app);
      await cartOf(s);
      const cart = await s.get('/cart');
      assert.match(cart.body, /€234\.00/);
      // VAT inside €198.00 and €36.00 at the home rate (France, 20 %): €33.00 + €6.00.
      assert.match(cart.body, /data-tax-included>incl\. €39\.00 VAT</);
      assert.match(cart.body, /Prices include VAT\./);

      const review = await s.checkoutToReview({ email, address: PARIS, discountCode: 'TENOFF' });
      assert.equal(review.statusCode, 200);
      assert.match(review.body, /data-total>€210\.60</);
      assert.match(review.body, /data-tax-included>incl\. €35\.10 VAT</);
      assert.doesNotMatch(review.body, /data-tax>/, 'no tax row added to the total');
      assert.match(review.body, /Pay €210\.60/);
      const form = Shopper.payForm(review.body);
      assert.equal(form.expectedTotal, '21060');

      const pay = await s.postWithToken('/checkout/pay', { token: form.token, expectedTotal: form.expectedTotal, ...GOOD_CARD }, form.csrf);
      assert.equal(pay.statusCode, 303, pay.body);
      const number = String(pay.headers.location).split('/').pop()!;
      const row = await t.testDb.db('orders').where({ number }).first();
      assert.equal(Number(row.total_cents), 21_060);
      assert.equal(Number(row.tax_cents), 3_510);
      assert.equal(Number(row.shipping_cents), 0);
      assert.equal(Boolean(row.prices_include_tax), true);
      const payment = await t.testDb.db('payments').where({ order_id: row.id }).first();
      assert.equal(Number(payment.amount_cents), 21_060, 'the card was charged the total shown');
      const lines = await t.testDb.db('order_lines').where({ order_id: row.id }).orderBy('id');
      assert.deepEqual(lines.map((l) => [Number(l.line_total_cents), Number(l.line_tax_cents)]), [[17_820, 2_970], [3_240, 540]]);

      const page = await s.get(String(pay.headers.location));
      assert.match(page.body, /data-total>€210\.60</);
      assert.match(page.body, /data-tax-included>incl\. €35\.10 VAT</);
      assert.doesNotMatch(page.body, /data-tax>/);

      const staff = await signIn(t.app, await createUser(t.testDb.db, 'staff'));
      const backOffice = await t.app.inject({ url: `/admin/orders/${number}`, headers: { cookie: staff } });
      assert.equal(backOffice.statusCode, 200);
      assert.match(backOffice.body, /data-total>€210\.60</);
      assert.match(backOffice.body, /data-tax-included>incl\. €35\.10 VAT</);

      const mail = await waitForMail(t.config.mailDir, email);
      assert.match(mail.text, /Total: €210\.60, incl\. €35\.10 VAT/);
      assert.doesNotMatch(mail.text, /^Tax:/m);
      assert.match(mail.html, /incl\. €35\.10 VAT/);
    });

    test('French pages say "dont … de TVA"', async () => {
      await updateShopSettings(t.testDb.db, { pricesIncludeTax: true });
      // The URL decides a page's language: the French pages are under /fr/.
      const s = new Shopper(t.app);
      await cartOf(s);
      const cart = await s.get('/fr/cart');
      assert.match(cart.body, /dont 39,00\s€ de TVA/);
      await s.checkoutToReview({ email: 'fr@example.test', address: PARIS });
      const review = await s.get('/fr/checkout/review');
      assert.match(review.body, /data-tax-included>dont 39,00\s€ de TVA</);
    });

    test('an order placed with tax-exclusive prices keeps its tax row after the shop switches to inclusive prices', async () => {
      await updateShopSettings(t.testDb.db, { pricesIncludeTax: false });
      const s = new Shopper(t.app);
      assert.equal((await s.post('/cart/add', { product: 'board', variant: String(variant.BOARD), quantity: '1' })).statusCode, 303);
      const cart = await s.get('/cart');
      assert.doesNotMatch(cart.body, /data-tax-included/);
      const review = await s.checkoutToReview({ email: 'excl@example.test', address: PARIS });
      // €36.00 + €4.90 shipping + 20 % on both (€7.20 + €0.98).
      assert.match(review.body, /data-tax>€8\.18</);
      assert.match(review.body, /data-total>€49\.08</);
      const form = Shopper.payForm(review.body);
      const pay = await s.postWithToken('/checkout/pay', { token: form.token, expectedTotal: form.expectedTotal, ...GOOD_CARD }, form.csrf);
      assert.equal(pay.statusCode, 303, pay.body);

      await updateShopSettings(t.testDb.db, { pricesIncludeTax: true });
      const page = await s.get(String(pay.headers.location));
      assert.match(page.body, /data-tax>€8\.18</);
      assert.match(page.body, /data-total>€49\.08</);
      assert.doesNotMatch(page.body, /data-tax-included/);
    });

    test('REST: cart, quote and order carry pricesIncludeTax and the VAT; a destination without VAT pays without the home VAT', async () => {
      await updateShopSettings(t.testDb.db, { pricesIncludeTax: true });
      const contract = await ContractChecker.load(t.app);
      const userId = await createUser(t.testDb.db, 'customer');
      const auth = { authorization: `Bearer ${(await createApiToken(t.testDb.db, userId, 'app')).token}` };
      const call = async (method: string, url: string, payload?: unknown) => {
        const res = await t.app.inject({ method: method as 'GET', url, headers: auth, ...(payload === undefined ? {} : { payload: payload as object }) });
        return { res, body: contract.check(res, method, url) };
      };
      for (const [variantId, quantity] of [[variant.PAN, 2], [variant.BOARD, 1]]) {
        const added = await call('POST', '/api/v1/cart/lines', { variantId, quantity });
        assert.ok(added.res.statusCode === 200 || added.res.statusCode === 201, added.res.body);
      }
      const cart = await call('GET', '/api/v1/cart');
      assert.equal(cart.body.subtotalCents, 23_400);
      assert.equal(cart.body.pricesIncludeTax, true);
      assert.equal(cart.body.taxIncludedCents, 3_900);

      const france = await call('POST', '/api/v1/checkout/quote', { shippingAddress: PARIS, shippingMethod: 'standard', discountCode: 'TENOFF' });
      assert.equal(france.res.statusCode, 200, france.res.body);
      assert.equal(france.body.pricesIncludeTax, true);
      assert.equal(france.body.totalCents, 21_060);
      assert.equal(france.body.taxCents, 3_510);
      assert.equal(france.body.lines[0].lineTotalCents, 17_820);

      // The United States have no VAT row (rate 0): the 20 % French VAT comes out of every price.
      const abroad = await call('POST', '/api/v1/checkout/quote', { shippingAddress: NEW_YORK, shippingMethod: 'standard' });
      assert.equal(abroad.res.statusCode, 200, abroad.res.body);
      assert.equal(abroad.body.taxCents, 0);
      assert.equal(abroad.body.lines[0].unitPriceCents, 8_250);
      assert.equal(abroad.body.lines[1].unitPriceCents, 3_000);
      assert.equal(abroad.body.totalCents, 19_500);

      const key = `incl-${dialect}-${Date.now()}-abcdef`;
      const placed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { ...auth, 'idempotency-key': key },
        payload: { shippingAddress: PARIS, shippingMethod: 'standard', discountCode: 'TENOFF', expectedTotalCents: 21_060, card: { number: '4242424242424242', expMonth: 12, expYear: 2034, cvc: '123' } },
      });
      assert.equal(placed.statusCode, 201, placed.body);
      const order = contract.check(placed, 'POST', '/api/v1/orders');
      assert.equal(order.totalCents, 21_060);
      assert.equal(order.taxCents, 3_510);
      assert.equal(order.pricesIncludeTax, true);

      const gql = await t.app.inject({ method: 'POST', url: '/graphql', headers: auth, payload: { query: '{ me { orders { number totalCents taxCents pricesIncludeTax lines { lineTotalCents lineTaxCents } } } cart { subtotalCents pricesIncludeTax taxIncludedCents } }' } });
      const data = gql.json().data;
      assert.ok(data, gql.body);
      assert.deepEqual(data.me.orders[0], { number: order.number, totalCents: 21_060, taxCents: 3_510, pricesIncludeTax: true, lines: [{ lineTotalCents: 17_820, lineTaxCents: 2_970 }, { lineTotalCents: 3_240, lineTaxCents: 540 }] });
      assert.deepEqual(data.cart, { subtotalCents: 0, pricesIncludeTax: true, taxIncludedCents: 0 });
    });
  });
}
