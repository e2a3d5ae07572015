// The page of one payment attempt: where a shopper lands while the processor decides, or from another device while the cart is being paid; and the way back from a hosted payment page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../lib/errors';
import { currentCartId } from '../cart/current-cart';
import { flash } from '../plugins/flash';
import { afterPaidOrder } from '../orders/after-placed';
import { rememberPlacedOrder } from '../orders/placed-order-access';
import { attemptByReference, attemptForShopper, failAttempt, type PaymentAttempt } from '../payments/attempts';
import type { PaymentProvider } from '../payments/provider';
import type { RedirectPaymentProvider } from '../payments/redirect-provider';
import { checkStripeAttempt } from '../payments/stripe-settle';
import { clearCheckout } from './checkout-session';
import { STEP_PATHS } from './step-support';

export interface PaymentStatusOptions {
  /** Stripe's hosted page, when PAYMENT_PROVIDER=stripe: its adapter, and Stripe behind the card contract for refunds. */
  hosted?: { provider: RedirectPaymentProvider; processor: PaymentProvider } | null;
}

export async function paymentStatusRoutes(app: FastifyInstance, opts: PaymentStatusOptions = {}): Promise<void> {
  const db = app.db;

  /** The attempt named in the URL, if it is this shopper's (their account's or their cart's); else 404 as for one that does not exist. */
  async function shoppersAttempt(request: FastifyRequest<{ Params: { reference: string } }>): Promise<PaymentAttempt> {
    const mine = await attemptForShopper(db, request.params.reference, { userId: request.user?.id ?? null, cartId: await currentCartId(request, false) });
    const attempt = mine ? await attemptByReference(db, mine.reference) : null;
    if (!attempt) throw new NotFoundError();
    return attempt;
  }

  app.get<{ Params: { reference: string } }>('/checkout/payments/:reference', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const attempt = await attemptForShopper(db, request.params.reference, { userId: request.user?.id ?? null, cartId: await currentCartId(request, false) });
    if (!attempt) throw new NotFoundError();
    // An account's order opens from the account; a guest's opens from the emailed link (the checkout's session link may be gone).
    if (attempt.orderNumber && attempt.ofAccount) return reply.redirect(`/orders/${attempt.orderNumber}`, 303);
    if (attempt.orderNumber && request.session.placedOrders?.some((o) => o.number === attempt.orderNumber)) return reply.redirect(`/orders/${attempt.orderNumber}`, 303);
    return reply.render('checkout/payment', {
      status: attempt.status,
      orderNumber: attempt.orderNumber,
      selfHref: `/checkout/payments/${attempt.reference}`,
      noindex: true,
    });
  });

  const hosted = opts.hosted;
  if (!hosted) return;

  /** Asks Stripe about the attempt and settles it; an order written here is remembered by this browser and confirmed by email. */
  async function settleFromStripe(request: FastifyRequest, attempt: PaymentAttempt) {
    const result = await checkStripeAttempt(db, hosted!.provider, hosted!.processor, request.log, attempt, (placed) => {
      rememberPlacedOrder(request, { number: placed.number, accessToken: placed.accessToken, tokenHash: attempt.checkoutKeyHash });
      afterPaidOrder(request, placed);
    });
    if (result.outcome === 'placed' || result.outcome === 'already_settled') clearCheckout(request);
    return result;
  }

  function toStatusPage(reply: FastifyReply, attempt: PaymentAttempt) {
    // The status page sends an account (or the browser that just placed it) on to the order, else says where things stand.
    return reply.redirect(`/checkout/payments/${attempt.reference}`, 303);
  }

  // success_url: Stripe sends the shopper here after paying. The session id Stripe appends is not trusted: the
  // attempt's own stored reference is what is looked up.
  app.get<{ Params: { reference: string } }>('/checkout/payments/:reference/return', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const attempt = await shoppersAttempt(request);
    const result = await settleFromStripe(request, attempt);
    if (result.outcome === 'placed') return reply.redirect(`/orders/${result.number}`, 303);
    if (result.outcome === 'failed') {
      flash(request, 'checkout.pay.cancelled');
      return reply.redirect(STEP_PATHS.review, 303);
    }
    return toStatusPage(reply, attempt);
  });

  // cancel_url: the shopper gave up on Stripe's page. Unless Stripe says it was paid after all, the attempt fails
  // and releases the cart, so the review page can pay it again.
  app.get<{ Params: { reference: string } }>('/checkout/payments/:reference/cancel', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const attempt = await shoppersAttempt(request);
    const result = await settleFromStripe(request, attempt);
    if (result.outcome === 'placed') return reply.redirect(`/orders/${result.number}`, 303);
    if (result.outcome === 'pending') await failAttempt(db, attempt.id, 'cancelled', Date.now());
    const now = await attemptByReference(db, attempt.reference);
    if (now?.status === 'failed') {
      flash(request, 'checkout.pay.cancelled');
      return reply.redirect(STEP_PATHS.review, 303);
    }
    return toStatusPage(reply, attempt);
  });
}
