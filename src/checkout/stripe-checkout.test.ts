// The Stripe hosted checkout through the whole app, against the local Stripe stand-in: pay, return, webhook, cancel, a second tab, refunds and the reconciler.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser } from '../test-support/sign-in';
import { csrfTokenIn, Shopper } from '../test-support/shopper';
import { StripeStandIn } from '../payments/stripe-stand-in';
import { reconcilePayments } from '../payments/reconciler';
import { recordOrderRefund, sendOrderRefund } from '../payments/refunds';
import { createApiToken } from '../accounts/api-tokens';

const ADDRESS = { name: 'Camille Martin', line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' };
const WEBHOOK_SECRET = 'whsec_test_hosted_checkout';
const signer = new Stripe('sk_test_unused');

for (const dialect of dialects) {
  describe(`Stripe hosted checkout on ${dialect}`, () => {
    const standIn = new StripeStandIn();
    let t: TestApp;
    let mugId: number;
    let standInUrl: string;

    before(async () => {
      standInUrl = (await standIn.start()).url;
      t = await createTestApp(dialect, { paymentProvider: 'stripe', stripe: { secretKey: standIn.secretKey, webhookSecret: WEBHOOK_SECRET, apiUrl: standInUrl }, paymentsReconcileGraceMs: 0 }, addTestSignIn);
      await addCategory(t.testDb.db, 'k', 'Kitchen');
      await addProduct(t.testDb.db, 'k', { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 1250, stock: 500 }] });
      mugId = Number((await t.testDb.db('variants').where({ sku: 'MUG' }).first('id')).id);
    });
    after(async () => {
      await t.close();
      await standIn.close();
    });

    /** A shopper (signed in when userId is given) with a mug in the cart, at the review page; returns the pay form's fields. */
    async function atPayment(userId: number | null): Promise<{ shopper: Shopper; form: Record<string, string>; review: string }> {
      const shopper = new Shopper(t.app);
      if (userId !== null) await shopper.signInAs(userId);
      // A guest has no session (and so no token) before the first cart line.
      const csrf: Record<string, string> = userId === null ? {} : { _csrf: csrfTokenIn((await shopper.get('/products/mug')).body, '/cart/add') };
      const added = await shopper.post('/cart/add', { ...csrf, product: 'mug', variant: String(mugId), quantity: '1' });
      assert.equal(added.statusCode, 303);
      const review = await shopper.checkoutToReview({ email: 'buyer@example.test', address: ADDRESS, shippingMethod: 'standard' });
      assert.equal(review.statusCode, 200, review.body);
      const form = Shopper.payForm(review.body);
      return { shopper, form: { _csrf: form.csrf, token: form.token, expectedTotal: form.expectedTotal }, review: review.body };
    }

    /** Pays: the answer must be a 303 to the stand-in's hosted page; returns the session id and the attempt. */
    async function pay(shopper: Shopper, form: Record<string, string>) {
      const res = await shopper.post('/checkout/pay', form);
      assert.equal(res.statusCode, 303, res.body);
      const location = String(res.headers.location);
      assert.ok(location.startsWith(`${standInUrl}/c/pay/`), location);
      const sessionId = location.slice(`${standInUrl}/c/pay/`.length);
      const attempt = await t.testDb.db('payment_attempts').where({ processor_reference: sessionId }).first();
      assert.ok(attempt, 'the attempt carries Stripe’s reference');
      return { sessionId, attempt: attempt as { id: number; reference: string; status: string; processor_key: string; amount_cents: number } };
    }

    function webhook(event: object) {
      const payload = JSON.stringify(event);
      return t.app.inject({
        method: 'POST',
        url: '/payments/stripe/webhook',
        headers: { 'content-type': 'application/json', 'stripe-signature': signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
        payload,
      });
    }

    async function ordersOfAttempt(reference: string): Promise<string[]> {
      const rows = await t.testDb.db('payment_attempts as a').join('orders as o', 'o.idempotency_key_hash', 'a.checkout_key_hash').where('a.reference', reference).select('o.number');
      return rows.map((r) => r.number as string);
    }

    test('the pay form has no card fields; Pay commits a pending attempt and answers 303 to Stripe’s page with the attempt’s key', async () => {
      const { shopper, form, review } = await atPayment(null);
      assert.doesNotMatch(review, /name="cardNumber"/);
      assert.match(review, /Stripe’s secure payment page/);
      const { sessionId, attempt } = await pay(shopper, form);
      assert.equal(attempt.status, 'pending');
      assert.equal(attempt.amount_cents, Number(form.expectedTotal));
      const session = standIn.sessions.get(sessionId)!;
      assert.equal(session.client_reference_id, attempt.processor_key);
      assert.equal(session.amount_total, attempt.amount_cents);
      assert.match(String(session.success_url), new RegExp(`^http://shop\\.test/checkout/payments/${attempt.reference}/return\\?session_id=\\{CHECKOUT_SESSION_ID\\}$`));
      assert.equal(session.cancel_url, `http://shop.test/checkout/payments/${attempt.reference}/cancel`);
      // The same form sent again (a double click) goes to the same page; no second attempt.
      const again = await shopper.post('/checkout/pay', form);
      assert.equal(again.statusCode, 303);
      assert.equal(again.headers.location, `${standInUrl}/c/pay/${sessionId}`);
      assert.equal(Number((await t.testDb.db('payment_attempts').where('checkout_key_hash', (await t.testDb.db('payment_attempts').where('id', attempt.id).first()).checkout_key_hash).count({ n: '*' }).first())?.n), 1);
    });

    test('paying from the French review page comes back to the French pages', async () => {
      const { shopper, form } = await atPayment(null);
      const res = await shopper.post('/fr/checkout/pay', form);
      assert.equal(res.statusCode, 303, res.body);
      const sessionId = String(res.headers.location).slice(`${standInUrl}/c/pay/`.length);
      const attempt = await t.testDb.db('payment_attempts').where({ processor_reference: sessionId }).first();
      const session = standIn.sessions.get(sessionId)!;
      assert.match(String(session.success_url), new RegExp(`^http://shop\\.test/fr/checkout/payments/${attempt.reference}/return\\?session_id=`));
      assert.equal(session.cancel_url, `http://shop.test/fr/checkout/payments/${attempt.reference}/cancel`);
      const cancelled = await shopper.get(`/fr/checkout/payments/${attempt.reference}/cancel`);
      assert.equal(cancelled.statusCode, 303);
      assert.match(String(cancelled.headers.location), /^\/fr\/checkout\//);
    });

    test('return first, then the webhook: one order, and the guest lands on it', async () => {
      const { shopper, form } = await atPayment(null);
      const { sessionId, attempt } = await pay(shopper, form);
      const event = standIn.pay(sessionId);
      const back = await shopper.get(`/checkout/payments/${attempt.reference}/return?session_id=${sessionId}`);
      assert.equal(back.statusCode, 303, back.body);
      const location = String(back.headers.location);
      assert.match(location, /^\/orders\/EMP-/);
      const page = await shopper.get(location);
      assert.equal(page.statusCode, 200, 'the guest sees the order this browser paid');
      const hook = await webhook(event);
      assert.equal(hook.statusCode, 200);
      assert.deepEqual(await ordersOfAttempt(attempt.reference), [location.slice('/orders/'.length)]);
      assert.equal((await t.testDb.db('payment_attempts').where('id', attempt.id).first()).status, 'succeeded');
      // Coming back again (a reload) still lands on the same order.
      const reload = await shopper.get(`/checkout/payments/${attempt.reference}/return`);
      assert.equal(reload.statusCode, 303);
      assert.equal((await shopper.get(String(reload.headers.location))).headers.location, location);
    });

    test('the webhook first, then the return: the same one order, and the shopper lands on it', async () => {
      const userId = await createUser(t.testDb.db);
      const { shopper, form } = await atPayment(userId);
      const { sessionId, attempt } = await pay(shopper, form);
      const event = standIn.pay(sessionId);
      assert.equal((await webhook(event)).statusCode, 200);
      const [number] = await ordersOfAttempt(attempt.reference);
      assert.ok(number, 'the webhook wrote the order');
      const back = await shopper.get(`/checkout/payments/${attempt.reference}/return?session_id=${sessionId}`);
      assert.equal(back.statusCode, 303);
      const status = await shopper.get(String(back.headers.location));
      assert.equal(status.statusCode, 303);
      assert.equal(status.headers.location, `/orders/${number}`);
      assert.equal((await shopper.get(`/orders/${number}`)).statusCode, 200);
      assert.deepEqual(await ordersOfAttempt(attempt.reference), [number]);
      // The cart was emptied by the order.
      assert.equal(Number((await t.testDb.db('orders').where('number', number).first()).user_id), userId);
    });

    test('a return while Stripe says unpaid shows the payment being confirmed; the webhook then writes the order', async () => {
      const userId = await createUser(t.testDb.db);
      const { shopper, form } = await atPayment(userId);
      const { sessionId, attempt } = await pay(shopper, form);
      const back = await shopper.get(`/checkout/payments/${attempt.reference}/return`);
      assert.equal(back.statusCode, 303);
      assert.equal(back.headers.location, `/checkout/payments/${attempt.reference}`);
      const page = await shopper.get(String(back.headers.location));
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Your payment is being confirmed/);
      await webhook(standIn.pay(sessionId));
      assert.equal((await ordersOfAttempt(attempt.reference)).length, 1);
    });

    test('cancel on Stripe’s page: back to the review with the cart released, which can then be paid again', async () => {
      const userId = await createUser(t.testDb.db);
      const { shopper, form } = await atPayment(userId);
      const { attempt } = await pay(shopper, form);
      const cancel = await shopper.get(`/checkout/payments/${attempt.reference}/cancel`);
      assert.equal(cancel.statusCode, 303);
      assert.equal(cancel.headers.location, '/checkout/review');
      assert.equal((await t.testDb.db('payment_attempts').where('id', attempt.id).first()).status, 'failed');
      const review = await shopper.get('/checkout/review');
      assert.equal(review.statusCode, 200);
      assert.match(review.body, /nothing was charged/);
      const next = Shopper.payForm(review.body);
      const second = await pay(shopper, { _csrf: next.csrf, token: next.token, expectedTotal: next.expectedTotal });
      assert.notEqual(second.attempt.id, attempt.id);
      await webhook(standIn.pay(second.sessionId));
      assert.equal((await ordersOfAttempt(second.attempt.reference)).length, 1);
      assert.equal((await ordersOfAttempt(attempt.reference)).length, 0, 'the cancelled checkout has no order');
      assert.equal((await t.testDb.db('payment_attempts').where('id', attempt.id).first()).status, 'failed');
    });

    test('a second tab while Stripe’s page is open is refused as for cards, with the link to the payment under way; nothing is started at Stripe', async () => {
      const userId = await createUser(t.testDb.db);
      const { shopper, form } = await atPayment(userId);
      const other = await new Shopper(t.app).signInAs(userId);
      const otherReview = await other.checkoutToReview({ email: 'buyer@example.test', address: ADDRESS, shippingMethod: 'standard' });
      const otherForm = Shopper.payForm(otherReview.body);
      const { attempt } = await pay(shopper, form);
      const sessionsBefore = standIn.sessions.size;
      const refused = await other.post('/checkout/pay', { _csrf: otherForm.csrf, token: otherForm.token, expectedTotal: otherForm.expectedTotal });
      assert.equal(refused.statusCode, 409, refused.body);
      assert.match(refused.body, /A payment for this cart is already under way/);
      assert.match(refused.body, new RegExp(`href="/checkout/payments/${attempt.reference}"`));
      assert.equal(standIn.sessions.size, sessionsBefore);
    });

    test('the reconciler asks Stripe about a pending attempt nobody came back for, and the order’s refund goes through Stripe', async () => {
      const userId = await createUser(t.testDb.db);
      const { shopper, form } = await atPayment(userId);
      const { sessionId, attempt } = await pay(shopper, form);
      standIn.pay(sessionId); // Paid, but neither the shopper nor the webhook arrive.
      const report = await reconcilePayments(t.testDb.db, t.app.payments, { graceMs: 0 });
      assert.ok(report.resolved >= 1);
      const [number] = await ordersOfAttempt(attempt.reference);
      assert.ok(number, 'the reconciler wrote the order');
      const order = await t.testDb.db('orders').where('number', number).first();
      const payment = await t.testDb.db('payments').where('order_id', order.id).first();
      assert.equal(payment.provider, 'stripe');
      const refund = await t.testDb.db.transaction((trx) => recordOrderRefund(trx, order.id, 500, Date.now()));
      assert.equal(await sendOrderRefund(t.testDb.db, t.app.payments, refund), 'refunded');
      const atStripe = [...standIn.refunds.values()].filter((r) => r.payment_intent === payment.charge_id);
      assert.equal(atStripe.length, 1);
      assert.equal(atStripe[0].amount, 500);
    });

    test('the REST API takes no card while the shop pays on Stripe’s page: 409 problem+json, nothing charged or written', async () => {
      const userId = await createUser(t.testDb.db);
      const { token } = await createApiToken(t.testDb.db, userId, 'phone');
      const api = { authorization: `Bearer ${token}` };
      await t.app.inject({ method: 'POST', url: '/api/v1/cart/lines', headers: api, payload: { variantId: mugId, quantity: 1 } });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { ...api, 'idempotency-key': `phone-order-${Date.now()}-abcdef` },
        payload: { shippingAddress: ADDRESS, shippingMethod: 'standard', card: { number: '4242424242424242', expMonth: 12, expYear: 2034, cvc: '123' }, expectedTotalCents: 1 },
      });
      assert.equal(res.statusCode, 409, res.body);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(res.json().code, 'orders.error.cardsNotTaken');
      assert.equal(Number((await t.testDb.db('orders').where({ user_id: userId }).count({ n: '*' }).first())?.n), 0);
    });
  });
}
