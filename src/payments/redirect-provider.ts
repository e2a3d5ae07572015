// Payments on the processor's own hosted page: the shopper is sent there and back, so the shop's pages need no script.
//
// A card provider (provider.ts) is handed the card and answers at once. A redirect provider is handed an
// amount and a payment attempt's idempotency key, answers with a URL to send the shopper to and its own
// reference for the payment, and learns the outcome later: from the shopper's return, from a signed
// webhook, or by asking (the reconciler). Whichever arrives first completes the attempt; the others find
// it done.
import type { RefundInput, RefundLookup, RefundResult } from './provider';

export interface StartPaymentInput {
  /** The payment attempt's key: the processor starts at most one payment for it, and echoes it in webhooks. */
  idempotencyKey: string;
  /** Positive whole cents. */
  amountCents: number;
  /** ISO 4217 code in capitals. */
  currency: string;
  /** What the hosted page says is being paid for, already in the shopper's language. */
  description: string;
  locale: 'en' | 'fr';
  customerEmail: string | null;
  /** Where the processor sends the shopper after paying; the provider adds its reference as a query parameter. */
  returnUrl: string;
  /** Where the processor sends the shopper who gives up. */
  cancelUrl: string;
  /**
   * When the page stops taking payment (Stripe: 30 min to 24 h ahead). Derive it from the attempt (its
   * creation time), not the clock: a retry must ask for exactly the same payment.
   */
  expiresAt?: Date;
}

export interface StartedPayment {
  /** The processor's name for this payment (a Checkout Session id): store it on the attempt before redirecting. */
  reference: string;
  /** Send the shopper here (303). */
  redirectUrl: string;
}

export type RedirectPaymentLookup =
  /** The money was taken; chargeId is what refunds name (a PaymentIntent id). */
  | { status: 'succeeded'; reference: string; idempotencyKey: string | null; chargeId: string; amountCents: number; currency: string; refundedCents: number }
  /** The shopper has not finished on the processor's page (or the bank has not answered yet). */
  | { status: 'pending'; reference: string; idempotencyKey: string | null }
  /** It can no longer be paid: the page expired or was closed without payment; nothing was taken. */
  | { status: 'failed'; reference: string; idempotencyKey: string | null; reason: 'expired' | 'payment_failed' }
  | { status: 'not_found' };

/** A verified notification from the processor, reduced to what the shop acts on. */
export type PaymentEvent =
  | { id: string; kind: 'payment_succeeded'; reference: string; idempotencyKey: string | null; chargeId: string; amountCents: number; currency: string }
  /**
   * A card was refused on the hosted page. With Stripe Checkout the shopper may still try another card
   * on the same page, so this alone does not end the attempt (the page's expiry does).
   */
  | { id: string; kind: 'payment_failed'; chargeId: string; idempotencyKey: string | null; reason: string }
  /** The hosted page expired unpaid: the attempt failed and the cart may be paid again. */
  | { id: string; kind: 'payment_expired'; reference: string; idempotencyKey: string | null }
  /** Any other event type: acknowledged and ignored. */
  | { id: string; kind: 'ignored'; type: string };

/** The webhook's signature (or its timestamp) did not check out: the body must not be believed. */
export class WebhookSignatureError extends Error {
  constructor(message = 'the webhook signature does not match') {
    super(message);
    this.name = new.target.name;
  }
}

export interface RedirectPaymentProvider {
  readonly name: string;
  /** Creates the hosted payment for an attempt; the same idempotency key gives back the same payment. */
  startPayment(input: StartPaymentInput): Promise<StartedPayment>;
  /** What became of a payment, by the reference startPayment gave. */
  lookupPayment(reference: string): Promise<RedirectPaymentLookup>;
  /**
   * What became of the payment started for this key, when its reference was never stored (a crash between
   * the processor's answer and the shop's write). Looks only at payments created since `since`.
   */
  findPayment(idempotencyKey: string, since: Date): Promise<RedirectPaymentLookup>;
  /** chargeId is the lookup's chargeId. Same key, same refund. */
  refund(input: RefundInput): Promise<RefundResult>;
  /** What became of a refund, by its key; chargeId narrows the search when known. */
  lookupRefund(idempotencyKey: string, chargeId?: string): Promise<RefundLookup>;
  /** Verifies a webhook against its signature header and reads it; throws WebhookSignatureError when it does not verify. */
  parseWebhook(rawBody: Buffer, signature: string | undefined): PaymentEvent;
}
