// One cart, one payment, through HTTP: an account paying its cart from two browsers, or from a browser and an app, at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser } from '../test-support/sign-in';
import { csrfTokenIn, Shopper } from '../test-support/shopper';
import { createApiToken } from '../accounts/api-tokens';
import { RecordingProvider } from '../orders/testing';
import { buildApp } from '../app';

const ADDRESS = { name: 'Camille Martin', line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' };
const CARD = { cardNumber: '4242 4242 4242 4242', expiry: '12/34', cvc: '123' };

for (const dialect of dialects) {
  describe(`one cart, one payment on ${dialect}`, () => {
    let t: TestApp;
    let mugId: number;
    const provider = new RecordingProvider();
    before(async () => {
      // No grace period: the back office lists a payment left open at once.
      t = await createTestApp(dialect, { paymentsReconcileGraceMs: 0 }, addTestSignIn, { paymentProvider: provider });
      await addCategory(t.testDb.db, 'k', 'Kitchen');
      await addProduct(t.testDb.db, 'k', { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 1250, stock: 500 }] });
      mugId = Number((await t.testDb.db('variants').where({ sku: 'MUG' }).first('id')).id);
    });
    after(async () => t.close());

    /** A browser signed in as the account. */
    async function browserOf(userId: number): Promise<Shopper> {
      return new Shopper(t.app).signInAs(userId);
    }

    /** Walks contact, delivery and discount, and returns the payment form's fields. */
    async function atPayment(b: Shopper): Promise<Record<string, string>> {
      const review = await b.checkoutToReview({ email: 'buyer@example.test', address: ADDRESS, shippingMethod: 'standard' });
      assert.equal(review.statusCode, 200, review.body);
      const form = Shopper.payForm(review.body);
      return { _csrf: form.csrf, token: form.token, expectedTotal: form.expectedTotal, ...CARD };
    }

    /** The charge waits a little, so that two checkouts started together overlap at the processor. */
    function slowProcessor(): void {
      provider.beforeCharge = () => new Promise((resolve) => setTimeout(resolve, 150));
    }

    async function ordersOf(userId: number): Promise<number> {
      return Number((await t.testDb.db('orders').where({ user_id: userId }).count({ n: '*' }).first())?.n);
    }

    test('two browsers of one account pay the cart at once: one order, one charge; the other page says a payment is under way, with its link', async () => {
      const userId = await createUser(t.testDb.db);
      const [a, b] = [await browserOf(userId), await browserOf(userId)];
      assert.equal((await a.post('/cart/add', { _csrf: csrfTokenIn((await a.get('/products/mug')).body, '/cart/add'), product: 'mug', variant: String(mugId), quantity: '2' })).statusCode, 303);
      const [formA, formB] = [await atPayment(a), await atPayment(b)];
      const chargesBefore = provider.succeededCharges().size;
      slowProcessor();
      try {
        const [payA, payB] = await Promise.all([a.post('/checkout/pay', formA), b.post('/checkout/pay', formB)]);
        const [won, lost] = payA.statusCode === 303 && String(payA.headers.location).startsWith('/orders/') ? [payA, payB] : [payB, payA];
        assert.match(String(won.headers.location), /^\/orders\/EMP-/);
        assert.equal(lost.statusCode, 409, lost.body);
        assert.match(lost.body, /A payment for this cart is already under way/);
        const link = /href="(\/checkout\/payments\/pa_[^"]+)"/.exec(lost.body)?.[1];
        assert.ok(link, 'a link to the payment in progress');
        const loser = lost === payA ? a : b;
        const status = await loser.get(link);
        assert.equal(status.statusCode, 303, 'the payment is done by now: the link leads to the order');
        assert.equal(status.headers.location, won.headers.location);
      } finally {
        provider.beforeCharge = null;
      }
      assert.equal(await ordersOf(userId), 1);
      assert.equal(provider.succeededCharges().size - chargesBefore, 1, 'one charge');
    });

    test('a browser and an app of one account pay the cart at once: one order, one charge; the app gets 409 orders.error.paymentInProgress', async () => {
      const userId = await createUser(t.testDb.db);
      const a = await browserOf(userId);
      const { token } = await createApiToken(t.testDb.db, userId, 'phone');
      const api = { authorization: `Bearer ${token}` };
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/cart/lines', headers: api, payload: { variantId: mugId, quantity: 1 } })).statusCode < 300, true);
      const form = await atPayment(a);
      const quote = await t.app.inject({ method: 'POST', url: '/api/v1/checkout/quote', headers: api, payload: { shippingAddress: ADDRESS, shippingMethod: 'standard' } });
      const chargesBefore = provider.succeededCharges().size;
      slowProcessor();
      let page;
      let app;
      try {
        [page, app] = await Promise.all([
          a.post('/checkout/pay', form),
          // The app starts a moment later, while the page's charge is at the processor.
          new Promise((resolve) => setTimeout(resolve, 50)).then(() =>
            t.app.inject({
              method: 'POST',
              url: '/api/v1/orders',
              headers: { ...api, 'idempotency-key': `phone-order-${Date.now()}-abcdef` },
              payload: { shippingAddress: ADDRESS, shippingMethod: 'standard', card: { number: '4242424242424242', expMonth: 12, expYear: 2034, cvc: '123' }, expectedTotalCents: quote.json().totalCents },
            }),
          ),
        ]);
      } finally {
        provider.beforeCharge = null;
      }
      assert.equal(page.statusCode, 303);
      assert.match(String(page.headers.location), /^\/orders\/EMP-/);
      assert.equal(app.statusCode, 409, app.body);
      assert.match(String(app.headers['content-type']), /^application\/problem\+json/);
      assert.equal(app.json().code, 'orders.error.paymentInProgress');
      assert.equal(await ordersOf(userId), 1);
      assert.equal(provider.succeededCharges().size - chargesBefore, 1, 'one charge');
    });

    test('a processor that does not answer in time: the shopper lands on the payment page, which says it is being confirmed (in French too)', async () => {
      const userId = await createUser(t.testDb.db);
      const a = await browserOf(userId);
      assert.equal((await a.post('/cart/add', { _csrf: csrfTokenIn((await a.get('/products/mug')).body, '/cart/add'), product: 'mug', variant: String(mugId), quantity: '1' })).statusCode, 303);
      const form = await atPayment(a);
      provider.chargeMode = 'timeout';
      let pay;
      try {
        pay = await a.post('/checkout/pay', form);
      } finally {
        provider.chargeMode = 'answer';
      }
      assert.equal(pay.statusCode, 303);
      const link = String(pay.headers.location);
      assert.match(link, /^\/checkout\/payments\/pa_/);
      const page = await a.get(link);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Your payment is being confirmed/);
      const fr = await a.get(`/fr${link}`);
      assert.equal(fr.statusCode, 200);
      assert.match(fr.body, /Votre paiement est en cours de confirmation/);
      // Nobody else sees it.
      const stranger = await browserOf(await createUser(t.testDb.db));
      assert.equal((await stranger.get(link)).statusCode, 404);
      assert.equal(await ordersOf(userId), 0);

      // Staff see it as needing attention, from the dashboard, with its history.
      const reference = link.split('/').pop() as string;
      const clerk = await browserOf(await createUser(t.testDb.db, 'staff'));
      const dashboard = await clerk.get('/admin');
      assert.match(dashboard.body, /href="\/admin\/payments"/);
      const attention = await clerk.get('/admin/payments');
      assert.equal(attention.statusCode, 200);
      assert.ok(attention.body.includes(reference));
      assert.match(attention.body, /waiting for the processor/);
      assert.equal((await a.get('/admin/payments')).statusCode, 403, 'not for customers');

      // A shop started now runs the reconciler at once: the charge was made, so the order is written.
      const second = await buildApp({ ...t.config, paymentsReconcileIntervalMs: 60_000 }, { db: t.testDb.db, paymentProvider: provider });
      try {
        await second.ready();
        for (let i = 0; i < 100 && (await ordersOf(userId)) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        await second.close();
      }
      assert.equal(await ordersOf(userId), 1);
      const status = await a.get(link);
      assert.equal(status.statusCode, 303, 'the payment page now leads to the order');
      assert.match(String(status.headers.location), /^\/orders\/EMP-/);
      assert.doesNotMatch((await clerk.get('/admin/payments')).body, new RegExp(reference));
    });
  });
}
