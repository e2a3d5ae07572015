// POST /payments/stripe/webhook through the whole app: signatures, one handling per event id, and the attempt's order written once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { PaymentPendingError } from '../orders/errors';
import { placeOrder } from '../orders/service';
import { ensureDefaultCheckoutSettings } from '../orders/settings';
import { addVariant, cartWith, count, guest, RecordingProvider, reviewedOrder, stockOf } from '../orders/testing';
import type { ActionablePaymentEvent } from './webhook-events';
import { StripeStandIn } from './stripe-stand-in';

const WEBHOOK_SECRET = 'whsec_test_webhook_route';
const signer = new Stripe('sk_test_unused');

function signedRequest(event: object, secret = WEBHOOK_SECRET) {
  const payload = JSON.stringify(event);
  return {
    method: 'POST' as const,
    url: '/payments/stripe/webhook',
    // Stripe's own headers: JSON body, no cookie, no CSRF token.
    headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signer.webhooks.generateTestHeaderString({ payload, secret }) },
    payload,
  };
}

let events = 0;
function completedEvent(session: { key: string; amountCents: number; currency?: string }) {
  return {
    id: `evt_route_${++events}_${Date.now()}`,
    object: 'event',
    type: 'checkout.session.completed',
    data: {
      object: {
        id: `cs_test_route_${events}`,
        object: 'checkout.session',
        status: 'complete',
        payment_status: 'paid',
        client_reference_id: session.key,
        metadata: { idempotency_key: session.key },
        amount_total: session.amountCents,
        currency: (session.currency ?? 'EUR').toLowerCase(),
        payment_intent: `pi_route_${events}`,
      },
    },
  };
}

for (const dialect of dialects) {
  describe(`Stripe webhook on ${dialect}`, () => {
    const standIn = new StripeStandIn();
    let t: TestApp;
    let settling: TestApp;
    const handled: ActionablePaymentEvent[] = [];
    let failNext = false;

    before(async () => {
      const { url } = await standIn.start();
      const stripe = { paymentProvider: 'stripe' as const, stripe: { secretKey: standIn.secretKey, webhookSecret: WEBHOOK_SECRET, apiUrl: url } };
      t = await createTestApp(dialect, stripe, undefined, {
        onPaymentEvent: async (event) => {
          if (failNext) {
            failNext = false;
            throw new Error('database down');
          }
          handled.push(event);
        },
      });
      // The same configuration with the real handler: payment attempts settled by the webhook.
      settling = await createTestApp(dialect, stripe);
      await ensureDefaultCheckoutSettings(settling.testDb.db);
    });
    after(async () => {
      await t.close();
      await settling.close();
      await standIn.close();
    });

    test('a signed event is handled once; its redelivery is acknowledged and not handled again', async () => {
      const event = completedEvent({ key: 'attempt-key-1', amountCents: 4787 });
      const first = await t.app.inject(signedRequest(event));
      assert.equal(first.statusCode, 200);
      assert.deepEqual(first.json(), { received: true, duplicate: false });
      assert.deepEqual(handled.map((e) => [e.id, e.kind, e.idempotencyKey]), [[event.id, 'payment_succeeded', 'attempt-key-1']]);
      // Stripe signs each delivery anew: a new signature over the same event is the same event.
      const again = await t.app.inject(signedRequest(event));
      assert.deepEqual([again.statusCode, again.json()], [200, { received: true, duplicate: true }]);
      assert.equal(handled.length, 1);
      const row = await t.testDb.db('payment_webhook_events').where({ provider: 'stripe', event_id: event.id }).first();
      assert.equal(row.kind, 'payment_succeeded');
      assert.notEqual(row.processed_at, null);
    });

    test('a bad signature is a 400 and nothing is recorded or handled', async () => {
      const event = completedEvent({ key: 'attempt-key-forged', amountCents: 1 });
      const before = handled.length;
      for (const request of [
        signedRequest(event, 'whsec_someone_else'),
        { ...signedRequest(event), headers: { 'content-type': 'application/json' } },
        { ...signedRequest(event), payload: JSON.stringify({ ...event, id: 'evt_changed' }) },
        { ...signedRequest(event), headers: { 'content-type': 'application/json', 'stripe-signature': 'nonsense' } },
      ]) {
        const response = await t.app.inject(request);
        assert.equal(response.statusCode, 400, response.body);
      }
      const asApp = await t.app.inject({ ...signedRequest(event, 'whsec_x'), headers: { ...signedRequest(event, 'whsec_x').headers, accept: 'application/json' } });
      assert.equal(asApp.statusCode, 400);
      assert.equal(asApp.json().code, 'payments.webhook.badSignature');
      assert.equal(handled.length, before);
      assert.equal(await count(t.testDb.db, 'payment_webhook_events', { event_id: event.id }), 0);
    });

    test('a delivery whose handling failed is handled again when Stripe retries it', async () => {
      const event = completedEvent({ key: 'attempt-key-retry', amountCents: 1200 });
      failNext = true;
      const failed = await t.app.inject(signedRequest(event));
      assert.equal(failed.statusCode, 500, 'not 2xx, so Stripe delivers it again');
      const retried = await t.app.inject(signedRequest(event));
      assert.deepEqual([retried.statusCode, retried.json()], [200, { received: true, duplicate: false }]);
      assert.equal(handled.filter((e) => e.id === event.id).length, 1);
    });

    test('other event types are acknowledged and ignored; the route exists only with PAYMENT_PROVIDER=stripe', async () => {
      const before = handled.length;
      const response = await t.app.inject(signedRequest({ id: `evt_other_${Date.now()}`, object: 'event', type: 'customer.created', data: { object: { id: 'cus_1', object: 'customer' } } }));
      assert.deepEqual([response.statusCode, response.json()], [200, { received: true, duplicate: false }]);
      assert.equal(handled.length, before);
      const plain = await createTestApp(dialect);
      try {
        // No such route: refused (the CSRF check answers before the not-found page), never acted on.
        const status = (await plain.app.inject(signedRequest(completedEvent({ key: 'k', amountCents: 1 })))).statusCode;
        assert.ok(status === 403 || status === 404, String(status));
      } finally {
        await plain.close();
      }
    });

    test('the event completes the payment attempt it names: one order, however often and whatever else reports it', async () => {
      const db = settling.testDb.db;
      const now = Date.now();
      const { variantId } = await addVariant(db, 1500, 5);
      // A payment the processor has not decided yet: the attempt stays pending, the cart claimed.
      const provider = new RecordingProvider();
      provider.chargeMode = 'pending';
      const input = await reviewedOrder(db, { cartId: await cartWith(db, [[variantId, 2]], guest(now)), audience: guest(now), now });
      await assert.rejects(placeOrder(db, provider, input), PaymentPendingError);
      const attempt = await db('payment_attempts').where({ cart_id: input.cartId }).first();
      assert.equal(attempt.status, 'pending');

      const event = completedEvent({ key: attempt.processor_key, amountCents: Number(attempt.amount_cents) });
      // The same payment told twice over two events (the webhook and a second notification) and redelivered.
      const second = { ...completedEvent({ key: attempt.processor_key, amountCents: Number(attempt.amount_cents) }), data: event.data };
      for (const e of [event, event, second]) assert.equal((await settling.app.inject(signedRequest(e))).statusCode, 200);

      const settled = await db('payment_attempts').where({ id: attempt.id }).first();
      assert.equal(settled.status, 'succeeded');
      assert.equal(await count(db, 'orders', { id: settled.order_id }), 1);
      assert.equal(await count(db, 'orders', { cart_id: input.cartId }), 1);
      assert.equal(await stockOf(db, variantId), 3);
      const payment = await db('payments').where({ order_id: settled.order_id }).first();
      assert.deepEqual([payment.provider, payment.charge_id], ['stripe', event.data.object.payment_intent]);
    });

    test('an event for another amount than the attempt, or for no attempt, writes no order', async () => {
      const db = settling.testDb.db;
      const now = Date.now();
      const { variantId } = await addVariant(db, 900, 5);
      const provider = new RecordingProvider();
      provider.chargeMode = 'pending';
      const input = await reviewedOrder(db, { cartId: await cartWith(db, [[variantId, 1]], guest(now)), audience: guest(now), now });
      await assert.rejects(placeOrder(db, provider, input), PaymentPendingError);
      const attempt = await db('payment_attempts').where({ cart_id: input.cartId }).first();
      const ordersBefore = await count(db, 'orders');
      for (const e of [completedEvent({ key: attempt.processor_key, amountCents: Number(attempt.amount_cents) - 1 }), completedEvent({ key: 'no-such-attempt', amountCents: 900 })]) {
        assert.equal((await settling.app.inject(signedRequest(e))).statusCode, 200);
      }
      assert.equal(await count(db, 'orders'), ordersBefore);
      assert.equal((await db('payment_attempts').where({ id: attempt.id }).first()).status, 'pending');
      assert.equal(await stockOf(db, variantId), 5);
    });
  });
}
