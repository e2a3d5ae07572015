// Checkout pages: contact, shipping, discount code, review and payment; one form per step, POST-redirect-GET, state in the session.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formattersFor, type MessageKey } from '../i18n';
import { DomainError, sentenceOf, ValidationError } from '../lib/errors';
import { audienceOf } from '../plugins/auth';
import { flash, takeFlash, type FlashMessage } from '../plugins/flash';
import { currentCartId } from '../cart/current-cart';
import { cartItemCount } from '../cart/service';
import { applyDiscountCode, discountCodeOfCart, removeDiscountCode } from '../discounts/service';
import { DiscountCodeRejectedError, normaliseDiscountCode } from '../discounts/rules';
import { COUNTRIES, addressFromForm, addressProblems, getAddress, listAddresses, defaultAddress, type Address } from '../accounts/addresses';
import { emailProblem, normaliseEmail } from '../accounts/service';
import { newCheckoutToken, placeOrder, quoteCheckout, type CheckoutQuote, type ShippingAddress } from '../orders/service';
import { activeShippingMethods, ensureDefaultCheckoutSettings, taxRateFor } from '../orders/settings';
import { afterOrderPlaced } from '../orders/after-placed';
import {
  CartChangedError,
  CheckoutInterruptedError,
  CheckoutTokenUsedError,
  DestinationNotServedError,
  EmptyCartError,
  OutOfStockError,
  PaymentDeclinedError,
  PaymentInProgressError,
  PaymentPendingError,
  UnknownShippingMethodError,
} from '../orders/errors';
import { latestAttemptOfCheckout } from '../payments/attempts';
import { TestCardProvider } from '../payments/test-card-provider';
import type { PaymentProvider } from '../payments/provider';
import { checkoutState, clearCheckout, missingStepBefore, updateCheckout, type CheckoutState, type CheckoutStep } from './checkout-session';
import { placedOrderByToken, rememberPlacedOrder, tokenHash } from '../orders/placed-order-access';
import { formBody, formView, text, type FormView } from '../lib/forms';
import { countryOptions } from '../lib/countries';
import { addressSummary } from '../accounts/address-format';





function stripAddress(a: Address): ShippingAddress {
  return { name: a.name, line1: a.line1, line2: a.line2, postalCode: a.postalCode, city: a.city, region: a.region, country: a.country, phone: a.phone };
}

const EMPTY_ADDRESS: ShippingAddress = { name: '', line1: '', line2: '', postalCode: '', city: '', region: '', country: '', phone: '' };

const STEP_PATHS: Record<CheckoutStep, string> = {
  contact: '/checkout/contact',
  shipping: '/checkout/shipping',
  discount: '/checkout/discount',
  review: '/checkout/review',
};

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

/** What the steps remember, with the code kept on the cart. */
type CheckoutStateWithCode = CheckoutState & { discountCode?: string | null };

export async function checkoutRoutes(app: FastifyInstance, opts: { provider?: PaymentProvider } = {}): Promise<void> {
  const db = app.db;
  const currency = app.config.currency;
  // One per app: the test processor remembers charges by key, which is what makes a double submit charge once.
  const provider = opts.provider ?? new TestCardProvider();
  await ensureDefaultCheckoutSettings(db);


  // Checkout pages are personal: no shared cache or back-button copy may keep them.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  /** The cart id when it has something in it; otherwise the reply is already a redirect to the cart. */
  async function cartOrRedirect(request: FastifyRequest, reply: FastifyReply): Promise<number | null> {
    const cartId = await currentCartId(request, false);
    if (cartId === null || (await cartItemCount(db, cartId)) === 0) {
      await reply.redirect('/cart', 303);
      return null;
    }
    return cartId;
  }

  /** Redirects to the first unfinished step before `step`; true when it did. */
  async function redirectIfEarly(state: CheckoutState, step: CheckoutStep, reply: FastifyReply): Promise<boolean> {
    const missing = missingStepBefore(state, step);
    if (!missing) return false;
    await reply.redirect(STEP_PATHS[missing], 303);
    return true;
  }

  /** The session's steps with the code kept on the cart (discounts/service.ts: the same for pages and apps). */
  async function stateWithCode(request: FastifyRequest, cartId: number): Promise<CheckoutStateWithCode> {
    return { ...checkoutState(request), discountCode: await discountCodeOfCart(db, cartId) };
  }

  function quoteFor(request: FastifyRequest, cartId: number, state: CheckoutStateWithCode, overrides: Partial<{ shippingMethodCode: string; discountCode: string | null }> = {}): Promise<CheckoutQuote> {
    const address = state.address ?? EMPTY_ADDRESS;
    return quoteCheckout(db, {
      cartId,
      audience: audienceOf(request),
      userId: request.user?.id ?? null,
      email: state.email ?? '',
      shippingMethodCode: overrides.shippingMethodCode ?? state.shippingMethodCode ?? '',
      country: address.country,
      region: address.region,
      discountCode: 'discountCode' in overrides ? (overrides.discountCode ?? null) : (state.discountCode ?? null),
      now: Date.now(),
    });
  }

  /** Errors a quote can meet that send the shopper elsewhere with a message; anything else is rethrown. */
  async function redirectForQuoteError(request: FastifyRequest, reply: FastifyReply, cartId: number, err: unknown): Promise<FastifyReply> {
    if (err instanceof EmptyCartError) return reply.redirect('/cart', 303);
    if (err instanceof OutOfStockError) {
      flash(request, err.messageKey, err.params);
      return reply.redirect('/cart', 303);
    }
    if (err instanceof UnknownShippingMethodError || err instanceof DestinationNotServedError) {
      flash(request, err.messageKey);
      return reply.redirect(STEP_PATHS.shipping, 303);
    }
    if (err instanceof DiscountCodeRejectedError) {
      await removeDiscountCode(db, cartId);
      flash(request, err.messageKey);
      return reply.redirect(STEP_PATHS.discount, 303);
    }
    throw err;
  }

  app.get('/checkout', async (request, reply) => {
    if ((await cartOrRedirect(request, reply)) === null) return reply;
    const missing = missingStepBefore(checkoutState(request), 'review');
    return reply.redirect(STEP_PATHS[missing ?? 'review'], 303);
  });

  // ---- 1. Contact ----

  const renderContact = (request: FastifyRequest, reply: FastifyReply, form: FormView, status = 200) =>
    reply.render('checkout/contact', { form, step: 'contact', backHref: '/cart', flash: status === 200 ? takeFlash(request) : [], noindex: true }, status);

  app.get('/checkout/contact', async (request, reply) => {
    if ((await cartOrRedirect(request, reply)) === null) return reply;
    const state = checkoutState(request);
    return renderContact(request, reply, formView('contact', { email: state.email ?? request.user?.email ?? '' }));
  });

  app.post('/checkout/contact', async (request, reply) => {
    if ((await cartOrRedirect(request, reply)) === null) return reply;
    const form = formBody(request);
    const email = normaliseEmail(form.email);
    const problem = emailProblem(email);
    if (problem) return renderContact(request, reply, formView('contact', { email: text(form, 'email') }, { email: problem }), 422);
    updateCheckout(request, { email });
    return reply.redirect(STEP_PATHS.shipping, 303);
  });

  // ---- 2. Shipping ----

  async function shippingOptions(request: FastifyRequest, cartId: number, state: CheckoutState, country: string, region: string) {
    const methods = await activeShippingMethods(db);
    const probe: CheckoutState = { ...state, address: { ...EMPTY_ADDRESS, country: country || 'FR', region } };
    return Promise.all(
      methods.map(async (m) => {
        let priceCents = m.priceCents;
        try {
          // The quote knows the free-shipping rules (threshold, members, a free-shipping code).
          priceCents = (await quoteFor(request, cartId, probe, { shippingMethodCode: m.code })).totals.shippingCents;
        } catch {
          // An unserved destination or a code that no longer applies: show the list price.
          try {
            priceCents = (await quoteFor(request, cartId, { ...probe, address: { ...EMPTY_ADDRESS, country: 'FR', region: '' } }, { shippingMethodCode: m.code, discountCode: null })).totals.shippingCents;
          } catch {
            priceCents = m.priceCents;
          }
        }
        return { code: m.code, name: m.name, priceCents, free: priceCents === 0 };
      }),
    );
  }

  async function renderShipping(
    request: FastifyRequest,
    reply: FastifyReply,
    cartId: number,
    values: { address: ShippingAddress; addressChoice: string; shippingMethodCode: string },
    errors: Record<string, MessageKey> = {},
    status = 200,
  ) {
    const state = checkoutState(request);
    const saved = request.user ? await listAddresses(db, request.user.id) : [];
    const methods = await shippingOptions(request, cartId, state, values.address.country, values.address.region);
    return reply.render(
      'checkout/shipping',
      {
        form: formView('shipping', { ...values.address, addressChoice: values.addressChoice, shippingMethodCode: values.shippingMethodCode }, errors),
        savedAddresses: saved.map((a) => ({ id: String(a.id), summary: addressSummary(request.locale, a) })),
        methods,
        countries: countryOptions(request.locale, COUNTRIES),
        step: 'shipping',
        backHref: STEP_PATHS.contact,
        flash: status === 200 ? takeFlash(request) : [],
        noindex: true,
      },
      status,
    );
  }

  app.get('/checkout/shipping', async (request, reply) => {
    const cartId = await cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    const state = checkoutState(request);
    if (await redirectIfEarly(state, 'shipping', reply)) return reply;
    let address = state.address;
    let addressChoice = state.addressId !== undefined ? String(state.addressId) : 'new';
    if (!address && request.user) {
      const preferred = await defaultAddress(db, request.user.id);
      if (preferred) {
        address = stripAddress(preferred);
        addressChoice = String(preferred.id);
      }
    }
    const methods = await activeShippingMethods(db);
    return renderShipping(request, reply, cartId, { address: address ?? EMPTY_ADDRESS, addressChoice, shippingMethodCode: state.shippingMethodCode ?? methods[0]?.code ?? '' });
  });

  app.post('/checkout/shipping', async (request, reply) => {
    const cartId = await cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    const state = checkoutState(request);
    if (await redirectIfEarly(state, 'shipping', reply)) return reply;
    const form = formBody(request);
    const choice = text(form, 'addressId');
    const shippingMethodCode = text(form, 'shippingMethod');
    const errors: Record<string, MessageKey> = {};

    let address: ShippingAddress;
    let addressId: number | undefined;
    if (request.user && /^\d{1,9}$/.test(choice)) {
      // A saved address is looked up by its owner, never taken from the form.
      try {
        const saved = await getAddress(db, request.user.id, Number(choice));
        address = stripAddress(saved);
        addressId = saved.id;
      } catch {
        address = EMPTY_ADDRESS;
        errors.addressId = 'checkout.shipping.chooseAddress';
      }
    } else {
      const { isDefault: _isDefault, ...typed } = addressFromForm(form);
      address = typed;
      Object.assign(errors, addressProblems({ ...typed, isDefault: false }));
    }
    if (!errors.country && !errors.addressId && address.country !== '' && (await taxRateFor(db, address.country, address.region)) === null) {
      errors.country = 'orders.error.destinationNotServed';
    }
    const methods = await activeShippingMethods(db);
    if (!methods.some((m) => m.code === shippingMethodCode)) errors.shippingMethod = 'orders.error.unknownShippingMethod';

    if (Object.keys(errors).length > 0) {
      const shown = addressId === undefined ? { ...EMPTY_ADDRESS, ...addressFromForm(form) } : address;
      const { isDefault: _d, ...values } = shown as ShippingAddress & { isDefault?: boolean };
      return renderShipping(request, reply, cartId, { address: values, addressChoice: choice || 'new', shippingMethodCode }, errors, 422);
    }
    updateCheckout(request, { address, addressId, shippingMethodCode });
    return reply.redirect(STEP_PATHS.discount, 303);
  });

  // ---- 3. Discount code ----

  const renderDiscount = (request: FastifyRequest, reply: FastifyReply, form: FormView, appliedCode: string | null, status = 200) =>
    reply.render(
      'checkout/discount',
      { form, appliedCode, step: 'discount', backHref: STEP_PATHS.shipping, flash: status === 200 ? takeFlash(request) : [], noindex: true },
      status,
    );

  app.get('/checkout/discount', async (request, reply) => {
    const cartId = await cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    const state = await stateWithCode(request, cartId);
    if (await redirectIfEarly(state, 'discount', reply)) return reply;
    return renderDiscount(request, reply, formView('discount', { discountCode: state.discountCode ?? '' }), state.discountCode ?? null);
  });

  app.post('/checkout/discount', async (request, reply) => {
    const cartId = await cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    const state = await stateWithCode(request, cartId);
    if (await redirectIfEarly(state, 'discount', reply)) return reply;
    const form = formBody(request);
    // Nothing typed is the same as the remove button: continue without a code.
    if (text(form, 'action') === 'remove' || normaliseDiscountCode(text(form, 'discountCode')) === null) {
      if (state.discountCode) flash(request, 'checkout.discount.removed');
      await removeDiscountCode(db, cartId);
      return reply.redirect(STEP_PATHS.review, 303);
    }
    let code: string;
    try {
      code = await applyDiscountCode(db, cartId, text(form, 'discountCode'), { audience: audienceOf(request), userId: request.user?.id ?? null, email: state.email ?? null });
    } catch (err) {
      if (err instanceof DiscountCodeRejectedError) {
        const sentence = sentenceOf(err, formattersFor(request.locale, currency).money);
        const view = formView('discount', { discountCode: text(form, 'discountCode') }, { discountCode: sentence.key });
        return reply.render(
          'checkout/discount',
          { form: view, fieldParams: sentence.params, appliedCode: state.discountCode ?? null, step: 'discount', backHref: STEP_PATHS.shipping, flash: [], noindex: true },
          422,
        );
      }
      return redirectForQuoteError(request, reply, cartId, err);
    }
    flash(request, 'checkout.discount.applied', { code });
    return reply.redirect(STEP_PATHS.review, 303);
  });

  // ---- 4. Review and 5. pay ----

  async function renderReview(
    request: FastifyRequest,
    reply: FastifyReply,
    cartId: number,
    payment: { values: { expiry: string }; errors: Record<string, MessageKey>; notice: FlashMessage | null; inProgressHref?: string } = { values: { expiry: '' }, errors: {}, notice: null },
    status = 200,
  ) {
    const state = await stateWithCode(request, cartId);
    let quote: CheckoutQuote;
    try {
      quote = await quoteFor(request, cartId, state);
    } catch (err) {
      return redirectForQuoteError(request, reply, cartId, err);
    }
    // A fresh one-time token with every payment form: after a decline the same card may be tried again.
    const token = newCheckoutToken();
    updateCheckout(request, { token });
    const methods = await activeShippingMethods(db);
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
        step: 'review',
        backHref: STEP_PATHS.discount,
        flash: status === 200 ? takeFlash(request) : [],
        noindex: true,
      },
      status,
    );
  }

  app.get('/checkout/review', async (request, reply) => {
    const cartId = await cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    if (await redirectIfEarly(checkoutState(request), 'review', reply)) return reply;
    return renderReview(request, reply, cartId);
  });

  app.post('/checkout/pay', async (request, reply) => {
    const form = formBody(request);
    const token = text(form, 'token');
    // The same form sent again after its order went through: show that order, charge nothing.
    const placed = token ? placedOrderByToken(request, token) : null;
    if (placed) return reply.redirect(`/orders/${placed.number}`, 303);

    const cartId = await cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    const state = await stateWithCode(request, cartId);
    if (await redirectIfEarly(state, 'review', reply)) return reply;
    if (!state.token || token !== state.token) {
      // A form from an older page: its total may no longer be what the shopper would confirm.
      flash(request, 'orders.error.cartChanged');
      return reply.redirect(STEP_PATHS.review, 303);
    }

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
      return redirectForQuoteError(request, reply, cartId, err);
    }
  });
}
