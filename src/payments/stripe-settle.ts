// What a verified Stripe payment event does to the payment attempt it names: its order is written once, or the attempt fails.
import type { FastifyBaseLogger } from 'fastify';
import type { Knex } from 'knex';
import { completeAttemptOrder } from '../orders/service';
import { attemptFromRow, failAttempt, giveUpAttempt, sendRefund, type PaymentAttempt } from './attempts';
import type { ChargeInput, ChargeLookup, PaymentProvider, RefundInput, RefundLookup, RefundResult } from './provider';
import type { RedirectPaymentProvider } from './redirect-provider';
import type { PaymentEventHandler } from './webhook-events';

/** How far back a lookup by key searches Stripe's Checkout Sessions (they live at most 24 hours). */
const SESSION_LIFETIME_MS = 25 * 3_600_000;

/**
 * Stripe behind the card-processor contract, for the code that refunds and reconciles attempts
 * (completeAttemptOrder, sendRefund, the reconciler). It takes no card: payments start on the hosted page.
 */
export class StripeAttemptProcessor implements PaymentProvider {
  readonly name = 'stripe';
  constructor(private readonly stripe: RedirectPaymentProvider) {}

  async charge(_input: ChargeInput): Promise<never> {
    throw new TypeError('Stripe takes payments on its hosted page (startPayment), never a card number');
  }

  refund(input: RefundInput): Promise<RefundResult> {
    return this.stripe.refund(input);
  }

  async lookupCharge(idempotencyKey: string): Promise<ChargeLookup> {
    const found = await this.stripe.findPayment(idempotencyKey, new Date(Date.now() - SESSION_LIFETIME_MS));
    if (found.status === 'succeeded') {
      const { chargeId, amountCents, currency, refundedCents } = found;
      // The hosted page keeps the card; the shop never learns more than Stripe chooses to tell.
      return { status: 'succeeded', chargeId, amountCents, currency, brand: 'unknown', last4: '', refundedCents };
    }
    if (found.status === 'failed') return { status: 'declined', reason: 'card_declined' };
    return found.status === 'pending' ? { status: 'pending' } : { status: 'not_found' };
  }

  lookupRefund(idempotencyKey: string): Promise<RefundLookup> {
    return this.stripe.lookupRefund(idempotencyKey);
  }
}

/** What Stripe says of an attempt's payment, from a webhook event or a lookup. */
export type StripeOutcome =
  | { kind: 'paid'; chargeId: string; amountCents: number; currency: string }
  | { kind: 'expired' };

export type SettleResult = Awaited<ReturnType<typeof completeAttemptOrder>> | { outcome: 'failed' | 'amount_mismatch' };

/** Called with each order a Stripe outcome wrote (the confirmation email); its failure is the caller's to log. */
export type OnStripeOrder = (placed: { orderId: number; number: string; accessToken: string }) => Promise<void> | void;

/**
 * The one function a Stripe outcome goes through, from the webhook and from the shopper's return: a payment
 * that took the money writes the order through completeAttemptOrder, whose forward-only attempt status makes a
 * second arrival find it settled ('already_settled'), so the order is made exactly once whichever comes first.
 */
export async function settleStripeAttempt(db: Knex, processor: PaymentProvider, log: FastifyBaseLogger, attempt: PaymentAttempt, outcome: StripeOutcome, onOrder?: OnStripeOrder): Promise<SettleResult> {
  if (outcome.kind === 'expired') {
    await failAttempt(db, attempt.id, 'expired', Date.now());
    return { outcome: 'failed' };
  }
  if (outcome.amountCents !== attempt.amountCents || outcome.currency !== attempt.currency) {
    // Never an order for another amount than the one quoted: left pending for staff and the reconciler's report.
    log.error({ outcome, attempt: attempt.reference }, 'Stripe paid another amount than the payment attempt');
    return { outcome: 'amount_mismatch' };
  }
  const charge = { chargeId: outcome.chargeId, amountCents: outcome.amountCents, currency: outcome.currency, brand: 'unknown', last4: '' };
  if (attempt.status === 'failed') {
    // Paid after the shop gave the attempt up (the shopper went back to a page they had cancelled): the cart
    // may have been paid again since, so this money goes back rather than making a second order.
    const refund = await giveUpAttempt(db, attempt, charge, Date.now());
    if (!refund) return { outcome: 'already_settled' };
    const sent = await sendRefund(db, processor, refund);
    log.warn({ attempt: attempt.reference, refund: sent }, 'Stripe payment for a failed attempt refunded');
    return { outcome: sent === 'succeeded' ? 'refunded' : 'refund_pending' };
  }
  const result = await completeAttemptOrder(db, processor, attempt, charge);
  log.info({ attempt: attempt.reference, outcome: result.outcome }, 'Stripe payment settled');
  if (result.outcome === 'placed') await onOrder?.(result);
  return result;
}

/** The webhook's handler: the attempt is found by the processor key Stripe echoes, then settled as above. */
export function settleStripeAttempts(db: Knex, processor: PaymentProvider, log: FastifyBaseLogger, onOrder?: OnStripeOrder): PaymentEventHandler {
  return async (event) => {
    if (event.kind === 'payment_failed') return; // The hosted page is still open for another card; its expiry ends it.
    const row = event.idempotencyKey ? await db('payment_attempts').where('processor_key', event.idempotencyKey).first() : null;
    if (!row) {
      log.warn({ event }, 'Stripe event for no payment attempt of this shop');
      return;
    }
    const attempt = attemptFromRow(row);
    const outcome: StripeOutcome = event.kind === 'payment_expired' ? { kind: 'expired' } : { kind: 'paid', chargeId: event.chargeId, amountCents: event.amountCents, currency: event.currency };
    await settleStripeAttempt(db, processor, log, attempt, outcome, onOrder);
  };
}

/**
 * The shopper's return from Stripe's page (or its cancel link): Stripe is asked what became of the attempt's
 * Checkout Session and the answer settled as the webhook would (settleStripeAttempt), so the order is the
 * same one whichever arrives first. 'pending' when Stripe has not decided or could not be asked: the webhook
 * or the reconciler finishes it.
 */
export async function checkStripeAttempt(
  db: Knex,
  stripe: RedirectPaymentProvider,
  processor: PaymentProvider,
  log: FastifyBaseLogger,
  attempt: PaymentAttempt,
  onOrder?: OnStripeOrder,
): Promise<SettleResult | { outcome: 'pending' }> {
  if (attempt.status === 'failed') return { outcome: 'failed' };
  if (attempt.status !== 'pending') return { outcome: 'already_settled' };
  let lookup;
  try {
    lookup = attempt.processorReference ? await stripe.lookupPayment(attempt.processorReference) : await stripe.findPayment(attempt.processorKey, new Date(attempt.createdAt));
  } catch (err) {
    log.warn({ err, attempt: attempt.reference }, 'Stripe could not be asked about a returning shopper');
    return { outcome: 'pending' };
  }
  if (lookup.status === 'succeeded') {
    return settleStripeAttempt(db, processor, log, attempt, { kind: 'paid', chargeId: lookup.chargeId, amountCents: lookup.amountCents, currency: lookup.currency }, onOrder);
  }
  if (lookup.status === 'failed') return settleStripeAttempt(db, processor, log, attempt, { kind: 'expired' }, onOrder);
  return { outcome: 'pending' };
}
