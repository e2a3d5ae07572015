// The Stripe adapter against a local stand-in of Stripe's API: hosted payment, lookups, refunds, webhooks, outages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { IdempotencyKeyReuseError, ProcessorTimeoutError } from './provider';
import { WebhookSignatureError, type StartPaymentInput } from './redirect-provider';
import { StripeProvider } from './stripe-provider';
import { StripeStandIn } from './stripe-stand-in';

const WEBHOOK_SECRET = 'whsec_test_stand_in';
const standIn = new StripeStandIn();
let provider: StripeProvider;
// Only its webhooks helper is used: it signs events the way Stripe does.
const signer = new Stripe('sk_test_unused');

before(async () => {
  const { url } = await standIn.start();
  provider = new StripeProvider({ secretKey: standIn.secretKey, webhookSecret: WEBHOOK_SECRET, apiUrl: url, timeoutMs: 2_000 });
});
after(() => standIn.close());

let keys = 0;
function start(overrides: Partial<StartPaymentInput> = {}): StartPaymentInput {
  return {
    idempotencyKey: `attempt-${++keys}-${Date.now()}`,
    amountCents: 4787,
    currency: 'EUR',
    description: 'Order at Emporium',
    locale: 'fr',
    customerEmail: 'camille@example.test',
    returnUrl: 'http://shop.test/checkout/payments/return?attempt=7',
    cancelUrl: 'http://shop.test/checkout/review',
    ...overrides,
  };
}

function signed(event: object): { body: Buffer; signature: string } {
  const payload = JSON.stringify(event);
  return { body: Buffer.from(payload), signature: signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) };
}

test('startPayment creates one Checkout Session for the attempt, in Stripe form encoding, and a retry gets the same one', async () => {
  const input = start({ expiresAt: new Date(Date.now() + 3_600_000) });
  const first = await provider.startPayment(input);
  assert.match(first.reference, /^cs_test_/);
  assert.equal(first.redirectUrl, standIn.sessions.get(first.reference)!.url);
  const again = await provider.startPayment(input);
  assert.deepEqual(again, first);
  assert.equal([...standIn.sessions.values()].filter((s) => s.client_reference_id === input.idempotencyKey).length, 1);

  const request = standIn.requests.find((r) => r.path === '/v1/checkout/sessions' && r.method === 'POST')!;
  assert.equal(request.idempotencyKey, `checkout-session:${input.idempotencyKey}`);
  assert.deepEqual(request.params.line_items, [{ quantity: '1', price_data: { currency: 'eur', unit_amount: '4787', product_data: { name: 'Order at Emporium' } } }]);
  assert.equal(request.params.success_url, 'http://shop.test/checkout/payments/return?attempt=7&session_id={CHECKOUT_SESSION_ID}');
  assert.deepEqual([request.params.mode, request.params.locale, request.params.customer_email], ['payment', 'fr', 'camille@example.test']);
  assert.deepEqual(request.params.payment_intent_data, { metadata: { idempotency_key: input.idempotencyKey } });
  assert.equal(Number(request.params.expires_at), Math.floor(input.expiresAt!.getTime() / 1000));

  // The same key for another amount is a bug in the caller, never a second payment.
  await assert.rejects(provider.startPayment({ ...input, amountCents: 1 }), IdempotencyKeyReuseError);
});

test('lookupPayment follows the session: pending while open, succeeded once paid (with the PaymentIntent), failed when expired', async () => {
  const paid = await provider.startPayment(start());
  assert.equal((await provider.lookupPayment(paid.reference)).status, 'pending');
  standIn.refuseCard(paid.reference);
  assert.equal((await provider.lookupPayment(paid.reference)).status, 'pending', 'a refused card leaves the page open for another');
  standIn.pay(paid.reference);
  const lookup = await provider.lookupPayment(paid.reference);
  assert.equal(lookup.status, 'succeeded');
  if (lookup.status === 'succeeded') {
    assert.match(lookup.chargeId, /^pi_/);
    assert.deepEqual([lookup.amountCents, lookup.currency, lookup.refundedCents], [4787, 'EUR', 0]);
  }

  const expiring = start();
  const expired = await provider.startPayment(expiring);
  standIn.expire(expired.reference);
  assert.deepEqual(await provider.lookupPayment(expired.reference), { status: 'failed', reference: expired.reference, idempotencyKey: expiring.idempotencyKey, reason: 'expired' });
  assert.deepEqual(await provider.lookupPayment('cs_test_nope'), { status: 'not_found' });
});

test('findPayment finds a session whose reference was never stored, by the attempt key', async () => {
  const input = start();
  const since = new Date();
  const { reference } = await provider.startPayment(input);
  const found = await provider.findPayment(input.idempotencyKey, since);
  assert.equal(found.status === 'pending' && found.reference, reference);
  assert.deepEqual(await provider.findPayment('attempt-never-started', since), { status: 'not_found' });
});

test('refunds: partial, replayed by key, refused beyond the charge, found again by lookupRefund', async () => {
  const { reference } = await provider.startPayment(start({ amountCents: 1000 }));
  standIn.pay(reference);
  const paid = await provider.lookupPayment(reference);
  const chargeId = paid.status === 'succeeded' ? paid.chargeId : '';

  const first = await provider.refund({ chargeId, amountCents: 300, idempotencyKey: 'refund-a' });
  assert.equal(first.status, 'succeeded');
  if (first.status === 'succeeded') assert.deepEqual([first.amountCents, first.refundedCents, first.remainingCents], [300, 300, 700]);
  const replay = await provider.refund({ chargeId, amountCents: 300, idempotencyKey: 'refund-a' });
  assert.equal(replay.status === 'succeeded' && first.status === 'succeeded' && replay.refundId === first.refundId, true);
  assert.equal([...standIn.refunds.values()].filter((r) => r.payment_intent === chargeId).length, 1);

  assert.deepEqual(await provider.refund({ chargeId, amountCents: 701, idempotencyKey: 'refund-b' }), { status: 'failed', reason: 'exceeds_refundable' });
  assert.equal((await provider.refund({ chargeId, amountCents: 700, idempotencyKey: 'refund-c' })).status, 'succeeded');
  assert.deepEqual(await provider.refund({ chargeId, amountCents: 1, idempotencyKey: 'refund-d' }), { status: 'failed', reason: 'exceeds_refundable' });
  assert.deepEqual(await provider.refund({ chargeId: 'pi_nope', amountCents: 1, idempotencyKey: 'refund-e' }), { status: 'failed', reason: 'unknown_charge' });

  const found = await provider.lookupRefund('refund-a', chargeId);
  assert.equal(found.status === 'succeeded' && first.status === 'succeeded' && found.refundId === first.refundId, true);
  assert.deepEqual(await provider.lookupRefund('refund-never-sent', chargeId), { status: 'not_found' });
  const withoutCharge = await provider.lookupRefund('refund-c');
  assert.equal(withoutCharge.status === 'succeeded' && withoutCharge.chargeId, chargeId);
  const after = await provider.lookupPayment(reference);
  assert.equal(after.status === 'succeeded' && after.refundedCents, 1000);
});

test('an outage or an unreachable Stripe is a ProcessorTimeoutError (ask again with the same key), never a guess', async () => {
  standIn.failNext.push('/v1/checkout/sessions');
  const input = start();
  await assert.rejects(provider.startPayment(input), (err: unknown) => err instanceof ProcessorTimeoutError && err.idempotencyKey === input.idempotencyKey);
  assert.match((await provider.startPayment(input)).reference, /^cs_test_/);

  const nowhere = new StripeProvider({ secretKey: standIn.secretKey, webhookSecret: WEBHOOK_SECRET, apiUrl: 'http://127.0.0.1:9', timeoutMs: 500 });
  await assert.rejects(nowhere.startPayment(start()), ProcessorTimeoutError);
  await assert.rejects(nowhere.lookupPayment('cs_test_x'), ProcessorTimeoutError);
});

test('webhooks: signed events are read, a wrong secret, a changed body or an old timestamp are refused', async () => {
  const { reference } = await provider.startPayment(start());
  const completed = standIn.pay(reference);
  const { body, signature } = signed(completed);
  const event = provider.parseWebhook(body, signature);
  assert.equal(event.kind, 'payment_succeeded');
  if (event.kind === 'payment_succeeded') {
    assert.deepEqual([event.id, event.reference, event.amountCents, event.currency], [completed.id, reference, 4787, 'EUR']);
    assert.equal(event.chargeId, standIn.sessions.get(reference)!.payment_intent);
    assert.equal(event.idempotencyKey, standIn.sessions.get(reference)!.client_reference_id);
  }

  assert.throws(() => provider.parseWebhook(Buffer.from(body.toString().replace('4787', '1')), signature), WebhookSignatureError);
  assert.throws(() => provider.parseWebhook(body, undefined), WebhookSignatureError);
  const forged = signer.webhooks.generateTestHeaderString({ payload: body.toString(), secret: 'whsec_someone_else' });
  assert.throws(() => provider.parseWebhook(body, forged), WebhookSignatureError);
  const stale = signer.webhooks.generateTestHeaderString({ payload: body.toString(), secret: WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 });
  assert.throws(() => provider.parseWebhook(body, stale), WebhookSignatureError);
});

test('webhooks: a refused card, an expired page and other event types', async () => {
  const { reference } = await provider.startPayment(start());
  const key = standIn.sessions.get(reference)!.client_reference_id;
  const refused = signed(standIn.refuseCard(reference, 'insufficient_funds'));
  assert.deepEqual(provider.parseWebhook(refused.body, refused.signature), {
    id: JSON.parse(refused.body.toString()).id,
    kind: 'payment_failed',
    chargeId: standIn.sessions.get(reference)!.payment_intent,
    idempotencyKey: key,
    reason: 'insufficient_funds',
  });
  const expired = signed(standIn.expire(reference));
  const expiredEvent = provider.parseWebhook(expired.body, expired.signature);
  assert.deepEqual([expiredEvent.kind, expiredEvent.kind === 'payment_expired' && expiredEvent.reference], ['payment_expired', reference]);
  const other = signed({ id: 'evt_other', object: 'event', type: 'customer.created', data: { object: { id: 'cus_1', object: 'customer' } } });
  assert.deepEqual(provider.parseWebhook(other.body, other.signature), { id: 'evt_other', kind: 'ignored', type: 'customer.created' });
});
