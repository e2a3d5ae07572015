// The Stripe adapter: Checkout Sessions (Stripe's hosted payment page), refunds and signed webhooks, through the official stripe package.
//
// One Checkout Session per payment attempt. The attempt's key travels as the session's
// client_reference_id and in the metadata of the session and its PaymentIntent, so every webhook and
// every lookup names the attempt it belongs to. Stripe's Idempotency-Key header (derived from the same
// key) makes a retried create or refund return the first one instead of starting another.
import Stripe from 'stripe';
import { IdempotencyKeyReuseError, ProcessorTimeoutError, type RefundInput, type RefundLookup, type RefundResult } from './provider';
import {
  WebhookSignatureError,
  type PaymentEvent,
  type RedirectPaymentLookup,
  type RedirectPaymentProvider,
  type StartedPayment,
  type StartPaymentInput,
} from './redirect-provider';

export interface StripeProviderOptions {
  secretKey: string;
  webhookSecret: string;
  /** Another API base than https://api.stripe.com (the local stand-in in tests). */
  apiUrl?: string | null;
  /** How long one API call may take before it counts as unanswered (ms). */
  timeoutMs?: number;
}

/** Stripe keeps an unpaid Checkout Session open from 30 minutes up to 24 hours. */
const MIN_EXPIRY_MS = 30 * 60_000;
const MAX_EXPIRY_MS = 24 * 3_600_000;

export class StripeProvider implements RedirectPaymentProvider {
  readonly name = 'stripe';
  private readonly stripe: Stripe;
  private readonly webhookSecret: string;

  constructor(options: StripeProviderOptions) {
    const base = options.apiUrl ? new URL(options.apiUrl) : null;
    this.stripe = new Stripe(options.secretKey, {
      // Retries stay ours: the attempt row and the reconciler decide when to ask again.
      maxNetworkRetries: 0,
      timeout: options.timeoutMs ?? 20_000,
      ...(base ? { host: base.hostname, port: base.port || (base.protocol === 'https:' ? 443 : 80), protocol: base.protocol === 'https:' ? 'https' : 'http' } : {}),
    });
    this.webhookSecret = options.webhookSecret;
  }

  async startPayment(input: StartPaymentInput): Promise<StartedPayment> {
    const key = input.idempotencyKey;
    if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) throw new TypeError('amountCents must be positive whole cents');
    if (!key) throw new TypeError('an idempotency key is required');
    const returnUrl = new URL(input.returnUrl);
    // Stripe fills in {CHECKOUT_SESSION_ID}; URLSearchParams would escape the braces, so it is appended as is.
    const successUrl = `${returnUrl.toString()}${returnUrl.search ? '&' : '?'}session_id={CHECKOUT_SESSION_ID}`;
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: 'payment',
      line_items: [{ quantity: 1, price_data: { currency: input.currency.toLowerCase(), unit_amount: input.amountCents, product_data: { name: input.description } } }],
      client_reference_id: key,
      metadata: { idempotency_key: key },
      payment_intent_data: { metadata: { idempotency_key: key } },
      locale: input.locale,
      success_url: successUrl,
      cancel_url: input.cancelUrl,
      ...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
      ...(input.expiresAt ? { expires_at: Math.floor(clampExpiry(input.expiresAt).getTime() / 1000) } : {}),
    };
    const session = await this.call(key, () => this.stripe.checkout.sessions.create(params, { idempotencyKey: `checkout-session:${key}` }));
    if (!session.url) throw new Error(`Stripe gave no payment page URL for ${session.id}`);
    return { reference: session.id, redirectUrl: session.url };
  }

  async lookupPayment(reference: string): Promise<RedirectPaymentLookup> {
    let session: Stripe.Checkout.Session;
    try {
      session = await this.call(reference, () => this.stripe.checkout.sessions.retrieve(reference, { expand: ['payment_intent.latest_charge'] }));
    } catch (err) {
      if (isMissing(err)) return { status: 'not_found' };
      throw err;
    }
    return lookupOf(session);
  }

  async findPayment(idempotencyKey: string, since: Date): Promise<RedirectPaymentLookup> {
    const created = { gte: Math.floor(since.getTime() / 1000) - 60 };
    const found = await this.call(idempotencyKey, async () => {
      for await (const session of this.stripe.checkout.sessions.list({ created, limit: 100 })) {
        if (session.client_reference_id === idempotencyKey) return session;
      }
      return null;
    });
    return found ? this.lookupPayment(found.id) : { status: 'not_found' };
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) throw new TypeError('amountCents must be positive whole cents');
    if (!input.idempotencyKey) throw new TypeError('an idempotency key is required');
    let refund: Stripe.Refund;
    try {
      refund = await this.call(input.idempotencyKey, () =>
        this.stripe.refunds.create(
          { payment_intent: input.chargeId, amount: input.amountCents, metadata: { idempotency_key: input.idempotencyKey } },
          { idempotencyKey: `refund:${input.idempotencyKey}` },
        ),
      );
    } catch (err) {
      const failure = refundFailure(err);
      if (failure) return { status: 'failed', reason: failure };
      throw err;
    }
    return this.refundResult(input.chargeId, refund);
  }

  async lookupRefund(idempotencyKey: string, chargeId?: string): Promise<RefundLookup> {
    // Without the PaymentIntent, the refunds of the last week are searched (a reconciler runs far sooner).
    const filter: Stripe.RefundListParams = chargeId ? { payment_intent: chargeId, limit: 100 } : { created: { gte: Math.floor(Date.now() / 1000) - 7 * 86_400 }, limit: 100 };
    const refund = await this.call(idempotencyKey, async () => {
      for await (const r of this.stripe.refunds.list(filter)) {
        if (r.metadata?.idempotency_key === idempotencyKey) return r;
      }
      return null;
    }).catch((err) => {
      if (isMissing(err)) return null;
      throw err;
    });
    if (!refund) return { status: 'not_found' };
    return this.refundResult(idOf(refund.payment_intent) ?? chargeId ?? '', refund);
  }

  parseWebhook(rawBody: Buffer, signature: string | undefined): PaymentEvent {
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, signature ?? '', this.webhookSecret);
    } catch (err) {
      if (err instanceof Stripe.errors.StripeSignatureVerificationError) throw new WebhookSignatureError(err.message);
      throw err;
    }
    return paymentEventOf(event);
  }

  /** A refund as the shop's contract says it; the charge's totals come from a second read. */
  private async refundResult(chargeId: string, refund: Stripe.Refund): Promise<RefundResult> {
    // 'pending' is a refund Stripe accepted and sends to the bank (card refunds normally end 'succeeded');
    // 'failed' and 'canceled' gave nothing back.
    if (refund.status === 'failed' || refund.status === 'canceled') return { status: 'failed', reason: 'exceeds_refundable' };
    const pi = await this.call(refund.id, () => this.stripe.paymentIntents.retrieve(chargeId, { expand: ['latest_charge'] }));
    const charge = typeof pi.latest_charge === 'object' && pi.latest_charge ? pi.latest_charge : null;
    const refundedCents = charge?.amount_refunded ?? refund.amount;
    return {
      status: 'succeeded',
      refundId: refund.id,
      chargeId,
      amountCents: refund.amount,
      refundedCents,
      remainingCents: (charge?.amount ?? pi.amount) - refundedCents,
    };
  }

  /**
   * Stripe's errors in the contract's terms: no answer or a server error means the request may or may not
   * have been carried out (ProcessorTimeoutError: ask again later with the same key); a key reused with other
   * parameters is a bug in the caller.
   */
  private async call<T>(key: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError) throw new ProcessorTimeoutError(key);
      if (err instanceof Stripe.errors.StripeIdempotencyError) throw new IdempotencyKeyReuseError(key);
      throw err;
    }
  }
}

function clampExpiry(at: Date): Date {
  const now = Date.now();
  return new Date(Math.min(Math.max(at.getTime(), now + MIN_EXPIRY_MS + 60_000), now + MAX_EXPIRY_MS - 60_000));
}

function isMissing(err: unknown): boolean {
  return err instanceof Stripe.errors.StripeInvalidRequestError && (err.code === 'resource_missing' || err.statusCode === 404);
}

function refundFailure(err: unknown): 'unknown_charge' | 'exceeds_refundable' | null {
  if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) return null;
  if (err.code === 'resource_missing' || err.code === 'charge_not_refundable') return 'unknown_charge';
  if (err.code === 'amount_too_large' || err.code === 'charge_already_refunded') return 'exceeds_refundable';
  return null;
}

const idOf = (value: string | { id: string } | null | undefined): string | null => (typeof value === 'string' ? value : (value?.id ?? null));

/** What a Checkout Session says of its payment. */
function lookupOf(session: Stripe.Checkout.Session): RedirectPaymentLookup {
  const idempotencyKey = session.client_reference_id ?? session.metadata?.idempotency_key ?? null;
  const reference = session.id;
  if (session.status === 'complete' && session.payment_status === 'paid') {
    const pi = session.payment_intent;
    const charge = pi && typeof pi === 'object' && pi.latest_charge && typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
    return {
      status: 'succeeded',
      reference,
      idempotencyKey,
      chargeId: idOf(pi) ?? '',
      amountCents: session.amount_total ?? 0,
      currency: (session.currency ?? '').toUpperCase(),
      refundedCents: charge?.amount_refunded ?? 0,
    };
  }
  if (session.status === 'expired') return { status: 'failed', reference, idempotencyKey, reason: 'expired' };
  // Open, or complete with a delayed payment method the bank has not settled yet.
  return { status: 'pending', reference, idempotencyKey };
}

/** The events the shop acts on; every other type is acknowledged and ignored. */
function paymentEventOf(event: Stripe.Event): PaymentEvent {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      // A delayed payment method completes the session unpaid; its async_payment_succeeded comes later.
      if (session.payment_status !== 'paid') return { id: event.id, kind: 'ignored', type: event.type };
      return {
        id: event.id,
        kind: 'payment_succeeded',
        reference: session.id,
        idempotencyKey: session.client_reference_id ?? session.metadata?.idempotency_key ?? null,
        chargeId: idOf(session.payment_intent) ?? '',
        amountCents: session.amount_total ?? 0,
        currency: (session.currency ?? '').toUpperCase(),
      };
    }
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const session = event.data.object;
      return { id: event.id, kind: 'payment_expired', reference: session.id, idempotencyKey: session.client_reference_id ?? session.metadata?.idempotency_key ?? null };
    }
    case 'payment_intent.payment_failed': {
      const pi = event.data.object;
      return { id: event.id, kind: 'payment_failed', chargeId: pi.id, idempotencyKey: pi.metadata?.idempotency_key ?? null, reason: pi.last_payment_error?.code ?? 'payment_failed' };
    }
    default:
      return { id: event.id, kind: 'ignored', type: event.type };
  }
}
