// Checkout pages in three steps: contact, delivery, review and pay (with the discount code form); one form per step, POST-redirect-GET, state in the session.
//
// Shape of this folder: routes.ts registers the steps (contact-step.ts, shipping-step.ts, discount-step.ts,
// review-step.ts: review and pay), which share step-support.ts (step URLs, the cart guard, the quote and where
// its errors lead); checkout-session.ts is what the steps remember; payment-status-routes.ts is the page of
// one payment attempt. Prices, codes and orders are the pricing/, discounts/ and orders/ services'.
import type { FastifyInstance } from 'fastify';
import { ensureDefaultCheckoutSettings } from '../orders/settings';
import { TestCardProvider } from '../payments/test-card-provider';
import type { PaymentProvider } from '../payments/provider';
import type { RedirectPaymentProvider } from '../payments/redirect-provider';
import { checkoutState, missingStepBefore } from './checkout-session';
import { STEP_PATHS, stepSupport } from './step-support';
import { contactStep } from './contact-step';
import { shippingStep } from './shipping-step';
import { discountStep } from './discount-step';
import { reviewStep } from './review-step';
import { setupOrDefer } from '../plugins/deferred-setup';

export async function checkoutRoutes(app: FastifyInstance, opts: { provider?: PaymentProvider; hosted?: RedirectPaymentProvider | null } = {}): Promise<void> {
  // One per app: the test processor remembers charges by key, which is what makes a double submit charge once.
  const provider = opts.provider ?? new TestCardProvider();
  await setupOrDefer(app, 'default checkout settings', () => ensureDefaultCheckoutSettings(app.db));

  // Checkout pages are personal: no shared cache or back-button copy may keep them.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  const steps = stepSupport(app);

  app.get('/checkout', async (request, reply) => {
    if ((await steps.cartOrRedirect(request, reply)) === null) return reply;
    const missing = missingStepBefore(checkoutState(request), 'review');
    return reply.redirect(STEP_PATHS[missing ?? 'review'], 303);
  });

  contactStep(app, steps);
  shippingStep(app, steps);
  const { renderReview } = reviewStep(app, steps, provider, opts.hosted ?? null);
  discountStep(app, steps, renderReview);
}
