// The discount code at checkout: a form on the review step (and on the cart, cart/routes.ts), applied to or
// removed from the cart through discounts/service.ts, as the apps do. A refused code shows the review page again
// with the reason beside the field; the old step address leads to the review.
import type { FastifyInstance } from 'fastify';
import { formattersFor } from '../i18n';
import { sentenceOf } from '../lib/errors';
import { audienceOf } from '../plugins/auth';
import { flash } from '../plugins/flash';
import { applyDiscountCode, removeDiscountCode } from '../discounts/service';
import { DiscountCodeRejectedError, normaliseDiscountCode } from '../discounts/rules';
import { formBody, text } from '../lib/forms';
import { STEP_PATHS, type StepSupport } from './step-support';
import type { RenderReview } from './review-step';

export function discountStep(app: FastifyInstance, steps: StepSupport, renderReview: RenderReview): void {
  const db = app.db;

  // The code used to be a step of its own: its address now leads to the review, where the form is.
  app.get('/checkout/discount', async (_request, reply) => reply.redirect(STEP_PATHS.review, 303));

  app.post('/checkout/discount', async (request, reply) => {
    const cartId = await steps.cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    const state = await steps.stateWithCode(request, cartId);
    if (await steps.redirectIfEarly(state, 'review', reply)) return reply;
    const form = formBody(request);
    // Nothing typed is the same as the remove button.
    if (text(form, 'action') === 'remove' || normaliseDiscountCode(text(form, 'discountCode')) === null) {
      if (state.discountCode) flash(request, 'checkout.discount.removed');
      await removeDiscountCode(db, cartId);
      return reply.redirect(STEP_PATHS.review, 303);
    }
    let code: string;
    try {
      // A guest's per-customer use is counted by the email given at the contact step.
      code = await applyDiscountCode(db, cartId, text(form, 'discountCode'), { audience: audienceOf(request), userId: request.user?.id ?? null, email: state.email ?? null });
    } catch (err) {
      if (err instanceof DiscountCodeRejectedError) {
        const sentence = sentenceOf(err, formattersFor(request.locale, app.config.currency).money);
        return renderReview(request, reply, cartId, undefined, 422, { code: text(form, 'discountCode'), error: sentence.key, params: sentence.params });
      }
      return steps.redirectForQuoteError(request, reply, cartId, err);
    }
    flash(request, 'checkout.discount.applied', { code });
    return reply.redirect(STEP_PATHS.review, 303);
  });
}
