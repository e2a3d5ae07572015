// What a verified Stripe payment event does to the payment attempt it names: its order is written once, or the attempt fails.
import type { FastifyBaseLogger } from 'fastify';
import type { Knex } from 'knex';
import { completeAttemptOrder } from '../orders/service';
import { attemptFromRow, failAttempt } from './attempts';
import type { ChargeInput, ChargeLookup, PaymentProvider, RefundInput, RefundLookup, RefundResult } from './provider';
import type { StripeProvider } from './stripe-provider';
import type { PaymentEventHandler } from './webhook-events';

/** How far back a lookup by key searches Stripe's Checkout Sessions (they live at most 24 hours). */
const SESSION_LIFETIME_MS = 25 * 3_600_000;

/**
 * Stripe behind the card-processor contract, for the code that refunds and reconciles attempts
 * (completeAttemptOrder, sendRefund, the reconciler). It takes no card: payments start on the hosted page.
 */
export class StripeAttemptProcessor implements PaymentProvider {
  readonly name = 'stripe';
  constructor(private readonly stripe: StripeProvider) {}

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

/**
 * The one function a Stripe outcome goes through, from the webhook (and, once the checkout starts Stripe
 * payments, from the shopper's return): the attempt is found by its processor key; a payment that took the
 * money writes the order through completeAttemptOrder, whose forward-only attempt status makes a second
 * arrival find it settled ('already_settled'), so the order is made exactly once whichever comes first.
 */
export function settleStripeAttempts(db: Knex, processor: PaymentProvider, log: FastifyBaseLogger): PaymentEventHandler {
  return async (event) => {
    if (event.kind === 'payment_failed') return; // The hosted page is still open for another card; its expiry ends it.
    const row = event.idempotencyKey ? await db('payment_attempts').where('processor_key', event.idempotencyKey).first() : null;
    if (!row) {
      log.warn({ event }, 'Stripe event for no payment attempt of this shop');
      return;
    }
    const attempt = attemptFromRow(row);
    if (event.kind === 'payment_expired') {
      await failAttempt(db, attempt.id, 'expired', Date.now());
      return;
    }
    if (event.amountCents !== attempt.amountCents || event.currency !== attempt.currency) {
      // Never an order for another amount than the one quoted: left pending for staff and the reconciler's report.
      log.error({ event, attempt: attempt.reference }, 'Stripe paid another amount than the payment attempt');
      return;
    }
    const result = await completeAttemptOrder(db, processor, attempt, { chargeId: event.chargeId, amountCents: event.amountCents, currency: event.currency, brand: 'unknown', last4: '' });
    log.info({ attempt: attempt.reference, outcome: result.outcome }, 'Stripe payment settled');
  };
}
