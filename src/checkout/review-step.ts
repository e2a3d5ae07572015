// Checkout steps 4 and 5, review and pay: the quoted order with a one-time token, then placeOrder with the card (or, with Stripe, its hosted page).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { translate, type MessageKey } from '../i18n';
import { DomainError, ValidationError } from '../lib/errors';
import { audienceOf } from '../plugins/auth';
import { flash, takeFlash, type FlashMessage } from '../plugins/flash';
import { addressSummary } from '../accounts/address-format';
import { newCheckoutToken, placeOrder, startHostedPayment, type CheckoutQuote, type PlaceOrderInput, type ShippingAddress } from '../orders/service';
import { activeShippingMethods } from '../orders/settings';
import { afterOrderPlaced } from '../orders/after-placed';
import { CartChangedError, CheckoutInterruptedError, CheckoutTokenUsedError, PaymentDeclinedError, PaymentInProgressError, PaymentPageUnavailableError, PaymentPendingError } from '../orders/errors';
import { latestAttemptOfCheckout } from '../payments/attempts';
import { placedOrderByToken, rememberPlacedOrder, tokenHash } from '../orders/placed-order-access';
import type { PaymentProvider } from '../payments/provider';
import type { RedirectPaymentProvider } from '../payments/redirect-provider';
import { formBody, formView, text } from '../lib/forms';
import { checkoutState, clearCheckout, updateCheckout } from './checkout-session';
import { STEP_PATHS, type StepSupport } from './step-support';

/** Where a card decline's message goes on the payment form. */
function cardField(err: PaymentDeclinedError): 'cardNumber' | 'expiry' | 'cvc' {
  if (err.reason === 'invalid_cvc') return 'cvc';
  if (err.reason === 'expired_card' || err.reason === 'invalid_expiry') return 'expiry';
  return 'cardNumber';
}

/** "MM/YY" or "MM/YYYY" into numbers; null when it is not a date at all (the provider judges the rest). */
function parseExpiry(raw: string): { expMonth: number; expYear: number } | null {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(raw);
  if (!m) return null;
  const expMonth = Number(m[1]);
  if (expMonth < 1 || expMonth > 12) return null;
  return { expMonth, expYear: Number(m[2]) };
}

type PaymentForm = { values: { expiry: string }; errors: Record<string, MessageKey>; notice: FlashMessage | null; inProgressHref?: string };

/** The discount form on the review step when a typed code was refused: the code kept, the reason beside it. */
export type DiscountFormState = { code: string; error: MessageKey; params: Record<string, string | number> };

export type RenderReview = (request: FastifyRequest, reply: FastifyReply, cartId: number, payment?: PaymentForm, status?: number, discount?: DiscountFormState) => Promise<FastifyReply>;

/**
 * hosted: the processor whose own page takes the card (Stripe), when configured; the pay form then has no card
 * fields and Pay sends the shopper there.
 */
export function reviewStep(app: FastifyInstance, steps: StepSupport, provider: PaymentProvider, hosted: RedirectPaymentProvider | null = null): { renderReview: RenderReview } {
  const db = app.db;
  const currency = app.config.currency;

  async function renderReview(request: FastifyRequest, reply: FastifyReply, cartId: number, payment: PaymentForm = { values: { expiry: '' }, errors: {}, notice: null }, status = 200, discount?: DiscountFormState) {
    const state = await steps.stateWithCode(request, cartId);
    let quote: CheckoutQuote;
    try {
      quote = await steps.quoteFor(request, cartId, state);
    } catch (err) {
      return steps.redirectForQuoteError(request, reply, cartId, err);
    }
    // A fresh one-time token with every payment form: after a decline the same card may be tried again.
    const token = newCheckoutToken();
    updateCheckout(request, { token });
    const methods = await activeShippingMethods(db, request.locale);
    const address = state.address as ShippingAddress;
    return reply.render(
      'checkout/review',
      {
        lines: quote.lines.map((l) => ({ name: l.productName, label: l.label, quantity: l.quantity, unitPriceCents: l.unitPriceCents, lineSubtotalCents: l.lineSubtotalCents })),
        totals: quote.totals,
        discountCode: quote.discountCode,
        shippingMethodName: methods.find((m) => m.code === quote.shippingMethod.code)?.name ?? quote.shippingMethod.name,
        freeShipping: quote.totals.shippingCents === 0,
        email: state.email,
        addressText: addressSummary(request.locale, address),
        token,
        expectedTotalCents: quote.totals.totalCents,
        form: formView('pay', payment.values, payment.errors, payment.notice),
        // Another tab, device or app is paying this cart: say so, with the way to that payment.
        inProgressHref: payment.inProgressHref ?? null,
        hostedPayment: hosted !== null,
        discountForm: discount ?? null,
        summary: await steps.summary(request, cartId),
        step: 'review',
        backHref: STEP_PATHS.shipping,
        flash: status === 200 ? takeFlash(request) : [],
        noindex: true,
      },
      status,
    );
  }

  app.get('/checkout/review', async (request, reply) => {
    const cartId = await steps.cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    if (await steps.redirectIfEarly(checkoutState(request), 'review', reply)) return reply;
    return renderReview(request, reply, cartId);
  });

  /**
   * Pay with the processor's hosted page: the attempt is written and committed as for a card, then the shopper
   * is sent to the page (303, no script). The order is written when the shopper comes back, or by the webhook.
   */
  async function payOnHostedPage(request: FastifyRequest, reply: FastifyReply, cartId: number, state: Awaited<ReturnType<StepSupport['stateWithCode']>>, token: string) {
    const form = formBody(request);
    const expectedTotalCents = /^\d{1,12}$/.test(text(form, 'expectedTotal')) ? Number(text(form, 'expectedTotal')) : -1;
    const base = app.config.publicUrl.replace(/\/$/, '');
    const input: Omit<PlaceOrderInput, 'card'> = {
      idempotencyKey: token,
      cartId,
      audience: audienceOf(request),
      userId: request.user?.id ?? null,
      email: state.email as string,
      shippingAddress: state.address as ShippingAddress,
      shippingMethodCode: state.shippingMethodCode as string,
      discountCode: state.discountCode ?? null,
      expectedTotalCents,
      currency,
      now: Date.now(),
      locale: request.locale,
    };
    try {
      const started = await startHostedPayment(db, hosted!, {
        ...input,
        locale: request.locale === 'fr' ? 'fr' : 'en',
        description: translate(request.locale, 'checkout.pay.hostedDescription', { shop: translate(request.locale, 'site.name') }),
        // Back from Stripe in the language the shopper paid in (/fr/checkout/... for French).
        returnUrl: (reference) => `${base}${request.localePrefix}/checkout/payments/${reference}/return`,
        cancelUrl: (reference) => `${base}${request.localePrefix}/checkout/payments/${reference}/cancel`,
      });
      if (started.kind === 'redirect') return reply.redirect(started.redirectUrl, 303);
      // Nothing to pay on the hosted page: a free order, or this very form's order placed already.
      clearCheckout(request);
      rememberPlacedOrder(request, { number: started.order.number, accessToken: started.order.accessToken, tokenHash: tokenHash(token) });
      afterOrderPlaced(request, started.order);
      return reply.redirect(`/orders/${started.order.number}`, 303);
    } catch (err) {
      if (err instanceof PaymentInProgressError) {
        return renderReview(request, reply, cartId, { values: { expiry: '' }, errors: {}, notice: null, inProgressHref: `/checkout/payments/${err.reference}` }, 409);
      }
      if (err instanceof PaymentPageUnavailableError) {
        return renderReview(request, reply, cartId, { values: { expiry: '' }, errors: {}, notice: { key: err.messageKey } }, 503);
      }
      if (err instanceof CartChangedError || err instanceof CheckoutTokenUsedError || err instanceof CheckoutInterruptedError || err instanceof PaymentDeclinedError) {
        flash(request, err.messageKey);
        return reply.redirect(STEP_PATHS.review, 303);
      }
      if (err instanceof ValidationError) {
        flash(request, 'checkout.shipping.check');
        return reply.redirect(err.fields.email ? STEP_PATHS.contact : STEP_PATHS.shipping, 303);
      }
      return steps.redirectForQuoteError(request, reply, cartId, err);
    }
  }

  app.post('/checkout/pay', async (request, reply) => {
    const form = formBody(request);
    const token = text(form, 'token');
    // The same form sent again after its order went through: show that order, charge nothing.
    const placed = token ? placedOrderByToken(request, token) : null;
    if (placed) return reply.redirect(`/orders/${placed.number}`, 303);

    const cartId = await steps.cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    const state = await steps.stateWithCode(request, cartId);
    if (await steps.redirectIfEarly(state, 'review', reply)) return reply;
    if (!state.token || token !== state.token) {
      // A form from an older page: its total may no longer be what the shopper would confirm.
      flash(request, 'orders.error.cartChanged');
      return reply.redirect(STEP_PATHS.review, 303);
    }

    if (hosted) return payOnHostedPage(request, reply, cartId, state, token);

    const expiryText = text(form, 'expiry');
    const expiry = parseExpiry(expiryText);
    const errors: Record<string, MessageKey> = {};
    if (text(form, 'cardNumber').trim() === '') errors.cardNumber = 'orders.payment.invalidNumber';
    if (!expiry) errors.expiry = 'orders.payment.invalidExpiry';
    if (text(form, 'cvc').trim() === '') errors.cvc = 'orders.payment.invalidCvc';
    if (Object.keys(errors).length > 0 || !expiry) return renderReview(request, reply, cartId, { values: { expiry: expiryText }, errors, notice: null }, 422);

    const expectedTotalCents = /^\d{1,12}$/.test(text(form, 'expectedTotal')) ? Number(text(form, 'expectedTotal')) : -1;
    try {
      const order = await placeOrder(db, provider, {
        idempotencyKey: token,
        cartId,
        audience: audienceOf(request),
        userId: request.user?.id ?? null,
        email: state.email as string,
        shippingAddress: state.address as ShippingAddress,
        shippingMethodCode: state.shippingMethodCode as string,
        discountCode: state.discountCode ?? null,
        card: { number: text(form, 'cardNumber'), expMonth: expiry.expMonth, expYear: expiry.expYear, cvc: text(form, 'cvc').trim() },
        expectedTotalCents,
        currency,
        now: Date.now(),
        locale: request.locale,
      });
      clearCheckout(request);
      rememberPlacedOrder(request, { number: order.number, accessToken: order.accessToken, tokenHash: tokenHash(token) });
      afterOrderPlaced(request, order);
      return reply.redirect(`/orders/${order.number}`, 303);
    } catch (err) {
      if (err instanceof PaymentInProgressError) {
        return renderReview(request, reply, cartId, { values: { expiry: expiryText }, errors: {}, notice: null, inProgressHref: `/checkout/payments/${err.reference}` }, 409);
      }
      if (err instanceof PaymentPendingError) return reply.redirect(`/checkout/payments/${err.reference}`, 303);
      if (err instanceof PaymentDeclinedError) {
        return renderReview(request, reply, cartId, { values: { expiry: expiryText }, errors: { [cardField(err)]: err.messageKey }, notice: null }, 422);
      }
      if (err instanceof CartChangedError || err instanceof CheckoutTokenUsedError || err instanceof CheckoutInterruptedError) {
        flash(request, err.messageKey);
        return reply.redirect(STEP_PATHS.review, 303);
      }
      if (err instanceof ValidationError) {
        flash(request, 'checkout.shipping.check');
        return reply.redirect(err.fields.email ? STEP_PATHS.contact : STEP_PATHS.shipping, 303);
      }
      if (!(err instanceof DomainError)) {
        // The database may have failed after the order committed: the checkout's attempt knows where the shopper belongs.
        const attempt = await latestAttemptOfCheckout(db, tokenHash(token)).catch(() => null);
        if (attempt) return reply.redirect(`/checkout/payments/${attempt.reference}`, 303);
      }
      // Out of stock, an emptied cart, a code that stopped applying: redirected with a message; anything else is rethrown.
      return steps.redirectForQuoteError(request, reply, cartId, err);
    }
  });
  return { renderReview };
}
