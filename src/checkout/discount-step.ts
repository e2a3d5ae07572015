// Checkout step 3, discount code: applied to or removed from the cart through discounts/service.ts, as the apps do.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formattersFor } from '../i18n';
import { sentenceOf } from '../lib/errors';
import { audienceOf } from '../plugins/auth';
import { flash, takeFlash } from '../plugins/flash';
import { applyDiscountCode, removeDiscountCode } from '../discounts/service';
import { DiscountCodeRejectedError, normaliseDiscountCode } from '../discounts/rules';
import { formBody, formView, text, type FormView } from '../lib/forms';
import { STEP_PATHS, type StepSupport } from './step-support';

export function discountStep(app: FastifyInstance, steps: StepSupport): void {
  const db = app.db;

  const renderDiscount = (request: FastifyRequest, reply: FastifyReply, form: FormView, appliedCode: string | null, status = 200, fieldParams: Record<string, string | number> = {}) =>
    reply.render(
      'checkout/discount',
      { form, fieldParams, appliedCode, step: 'discount', backHref: STEP_PATHS.shipping, flash: status === 200 ? takeFlash(request) : [], noindex: true },
      status,
    );

  app.get('/checkout/discount', async (request, reply) => {
    const cartId = await steps.cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    const state = await steps.stateWithCode(request, cartId);
    if (await steps.redirectIfEarly(state, 'discount', reply)) return reply;
    return renderDiscount(request, reply, formView('discount', { discountCode: state.discountCode ?? '' }), state.discountCode ?? null);
  });

  app.post('/checkout/discount', async (request, reply) => {
    const cartId = await steps.cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    const state = await steps.stateWithCode(request, cartId);
    if (await steps.redirectIfEarly(state, 'discount', reply)) return reply;
    const form = formBody(request);
    // Nothing typed is the same as the remove button: continue without a code.
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
        const view = formView('discount', { discountCode: text(form, 'discountCode') }, { discountCode: sentence.key });
        return renderDiscount(request, reply, view, state.discountCode ?? null, 422, sentence.params);
      }
      return steps.redirectForQuoteError(request, reply, cartId, err);
    }
    flash(request, 'checkout.discount.applied', { code });
    return reply.redirect(STEP_PATHS.review, 303);
  });
}
