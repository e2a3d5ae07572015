// What every checkout step shares: the step URLs, the cart guard, the early-step redirect, the quote and where its errors send the shopper.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formattersFor } from '../i18n';
import { sentenceOf } from '../lib/errors';
import { audienceOf } from '../plugins/auth';
import { flash } from '../plugins/flash';
import { currentCartId } from '../cart/current-cart';
import { cartItemCount } from '../cart/service';
import { discountCodeOfCart, estimateCartDiscount, removeDiscountCode } from '../discounts/service';
import { viewCart, type CartLineView } from '../cart/service';
import { DiscountCodeRejectedError } from '../discounts/rules';
import type { DiscountDescription } from '../discounts/descriptions';
import { quoteCheckout, type CheckoutQuote, type ShippingAddress } from '../orders/service';
import { DestinationNotServedError, EmptyCartError, OutOfStockError, UnknownShippingMethodError } from '../orders/errors';
import { checkoutState, missingStepBefore, type CheckoutState, type CheckoutStep } from './checkout-session';

export const STEP_PATHS: Record<CheckoutStep, string> = {
  contact: '/checkout/contact',
  shipping: '/checkout/shipping',
  review: '/checkout/review',
};

/** The order summary beside every step: the cart's lines, its subtotal and the code's discount as checkout would take it. */
export interface CheckoutSummary {
  lines: Pick<CartLineView, 'productName' | 'label' | 'quantity' | 'lineTotalCents' | 'image'>[];
  itemCount: number;
  subtotalCents: number;
  discount: { code: string; discountCents: number; freeShipping: boolean; description: DiscountDescription | null } | null;
  pricesIncludeTax: boolean;
}

export const EMPTY_ADDRESS: ShippingAddress = { name: '', line1: '', line2: '', postalCode: '', city: '', region: '', country: '', phone: '' };

/** What the steps remember, with the code kept on the cart. */
export type CheckoutStateWithCode = CheckoutState & { discountCode?: string | null };

export interface StepSupport {
  /** The cart id when it has something in it; otherwise the reply is already a redirect to the cart. */
  cartOrRedirect(request: FastifyRequest, reply: FastifyReply): Promise<number | null>;
  /** Redirects to the first unfinished step before `step`; true when it did. */
  redirectIfEarly(state: CheckoutState, step: CheckoutStep, reply: FastifyReply): Promise<boolean>;
  /** The session's steps with the code kept on the cart (discounts/service.ts: the same for pages and apps). */
  stateWithCode(request: FastifyRequest, cartId: number): Promise<CheckoutStateWithCode>;
  /** The order as the steps so far describe it. */
  quoteFor(request: FastifyRequest, cartId: number, state: CheckoutStateWithCode): Promise<CheckoutQuote>;
  /** What the summary beside the step shows. */
  summary(request: FastifyRequest, cartId: number): Promise<CheckoutSummary>;
  /** Errors a quote can meet that send the shopper elsewhere with a message; anything else is rethrown. */
  redirectForQuoteError(request: FastifyRequest, reply: FastifyReply, cartId: number, err: unknown): Promise<FastifyReply>;
}

export function stepSupport(app: FastifyInstance): StepSupport {
  const db = app.db;
  return {
    async cartOrRedirect(request, reply) {
      const cartId = await currentCartId(request, false);
      if (cartId === null || (await cartItemCount(db, cartId)) === 0) {
        await reply.redirect('/cart', 303);
        return null;
      }
      return cartId;
    },

    async redirectIfEarly(state, step, reply) {
      const missing = missingStepBefore(state, step);
      if (!missing) return false;
      await reply.redirect(STEP_PATHS[missing], 303);
      return true;
    },

    async stateWithCode(request, cartId) {
      return { ...checkoutState(request), discountCode: await discountCodeOfCart(db, cartId) };
    },

    async summary(request, cartId) {
      const cart = await viewCart(db, cartId, audienceOf(request));
      const state = checkoutState(request);
      const code = await discountCodeOfCart(db, cartId);
      const estimate = await estimateCartDiscount(db, cart, code, { audience: audienceOf(request), userId: request.user?.id ?? null, email: state.email ?? null });
      return {
        lines: cart.lines.map((l) => ({ productName: l.productName, label: l.label, quantity: l.quantity, lineTotalCents: l.lineTotalCents, image: l.image })),
        itemCount: cart.itemCount,
        subtotalCents: cart.subtotalCents,
        discount: estimate && !estimate.problem ? { code: estimate.code, discountCents: estimate.discountCents, freeShipping: estimate.freeShipping, description: estimate.description } : null,
        pricesIncludeTax: cart.pricesIncludeTax,
      };
    },

    quoteFor(request, cartId, state) {
      const address = state.address ?? EMPTY_ADDRESS;
      return quoteCheckout(db, {
        cartId,
        audience: audienceOf(request),
        userId: request.user?.id ?? null,
        email: state.email ?? '',
        shippingMethodCode: state.shippingMethodCode ?? '',
        country: address.country,
        region: address.region,
        discountCode: state.discountCode ?? null,
        now: Date.now(),
      });
    },

    async redirectForQuoteError(request, reply, cartId, err) {
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
        // The same sentence as the code field and the apps give (with the minimum to spend, when there is one).
        const sentence = sentenceOf(err, formattersFor(request.locale, app.config.currency).money);
        flash(request, sentence.key, Object.keys(sentence.params).length > 0 ? sentence.params : undefined);
        return reply.redirect(STEP_PATHS.review, 303);
      }
      throw err;
    },
  };
}
