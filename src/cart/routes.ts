// Cart pages and forms: view, add (from a product page), change quantity, remove; POST-redirect-GET throughout.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ValidationError } from '../lib/errors';
import { audienceOf, isMember } from '../plugins/auth';
import { flash, takeFlash } from '../plugins/flash';
import type { MessageKey } from '../i18n';
import type { CatalogReader, ProductDetail } from '../catalog/service';
import { postedOptions, variantChoice, variantForOptions } from '../catalog/variant-choice';
import { currentCartId } from './current-cart';
import { applyDiscountCode, discountCodeOfCart, estimateCartDiscount, removeDiscountCode } from '../discounts/service';
import { DiscountCodeRejectedError, normaliseDiscountCode } from '../discounts/rules';
import { sentenceOf } from '../lib/errors';
import { formattersFor } from '../i18n';
import { freeShippingProgress } from '../pricing/free-shipping';
import { activeShippingMethods } from '../orders/settings';
import {
  addToCart,
  mergeGuestCart,
  cartItemCount,
  parseQuantity,
  parseVariantId,
  removeFromCart,
  setQuantity,
  viewCart,
  VariantUnavailableError,
} from './service';

/** Set by static/js/cart-forms.js: answer with a fragment to swap in rather than a redirect. */
function wantsFragment(request: FastifyRequest): boolean {
  return request.headers['x-requested-with'] === 'fetch';
}

function bodyOf(request: FastifyRequest): Record<string, unknown> {
  return (request.body as Record<string, unknown> | undefined) ?? {};
}

function messageOf(err: unknown): { field: string; key: MessageKey; params: Record<string, string | number> } | null {
  if (err instanceof ValidationError) {
    const [field, key] = Object.entries(err.fields)[0];
    return { field, key, params: {} };
  }
  if (err instanceof DomainError) return { field: err.field ?? 'quantity', key: err.sentenceKey, params: err.params };
  return null;
}

/**
 * The add-to-cart form of a product page for a variant: the choice shows the posted options when they name no
 * variant (so the shopper sees what they picked beside the message).
 */
function addFormOf(product: ProductDetail, variantId: number, chosen: Record<string, string> | null) {
  const variant = product.variants.find((v) => v.id === variantId) ?? product.variants.find((v) => v.stock.kind !== 'sold_out') ?? product.variants[0];
  const shownChoice = chosen && !variantForOptions(product.variants, chosen) ? { ...variant, options: { ...variant.options, ...chosen } } : variant;
  return { slug: product.slug, variant, choice: variantChoice(product.variants, shownChoice) };
}

export async function cartRoutes(app: FastifyInstance, opts: { catalog: CatalogReader }): Promise<void> {
  const renderCart = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status = 200,
    lineError?: { variantId: number; key: MessageKey; params: Record<string, string | number>; input: string },
    discountForm?: { code: string; error: MessageKey; params: Record<string, string | number> },
  ) => {
    const cart = await viewCart(app.db, await currentCartId(request, false), audienceOf(request));
    // How far the cart is from free delivery, by the checkout's own rule (pricing/free-shipping.ts).
    const freeShipping = cart.lines.length ? freeShippingProgress(await activeShippingMethods(app.db), cart.subtotalCents, isMember(request.user)) : null;
    // The code on the cart and what it takes off now (discounts/service.ts: the checkout's and the apps' rule).
    const code = cart.lines.length ? await discountCodeOfCart(app.db, cart.cartId) : null;
    const discount = code ? await estimateCartDiscount(app.db, cart, code, { audience: audienceOf(request), userId: request.user?.id ?? null, email: request.user?.email ?? null }) : null;
    // A code that no longer applies says why, worded as everywhere else (with the amount to reach, formatted here).
    const discountProblem = discount?.problem ? sentenceOf(discount.problem, formattersFor(request.locale, app.config.currency).money) : null;
    const data = { cart, freeShipping, discount, discountProblem, discountForm: discountForm ?? null, lineError: lineError ?? null };
    if (wantsFragment(request)) return reply.render('cart/contents-fragment', { ...data, cartCount: cart.itemCount }, status);
    return reply.render('cart/cart', { ...data, noindex: true, flash: status === 200 ? takeFlash(request) : [] }, status);
  };

  app.get('/cart', async (request, reply) => renderCart(request, reply));

  // At log in the guest cart joins the account's cart.
  app.signInHooks.push(async (request, userId, before) => {
    if (typeof before.cartId === 'number') await mergeGuestCart(app.db, before.cartId, userId, audienceOf(request));
  });

  // Without a session there is nothing a forged request could act on, so the first add needs no token
  // (the product page stays cacheable); once a session exists its token is required (plugins/csrf.ts).
  app.post('/cart/add', { config: { csrf: 'unless-sessionless' } }, async (request, reply) => {
    const body = bodyOf(request);
    const slug = typeof body.product === 'string' ? body.product : '';
    const member = isMember(request.user);
    const chosen = postedOptions(body);
    // The product is read when the form names options (the variant is the one they make) or to answer with its page.
    let product: ProductDetail | null = null;
    const productOf = async () => (product ??= slug ? await opts.catalog.product(slug, member, request.locale).catch(() => null) : null);
    let variantId = 0;
    try {
      if (chosen) {
        const found = await productOf();
        if (!found) throw new VariantUnavailableError();
        const variant = variantForOptions(found.variants, chosen);
        if (!variant) throw new ValidationError({ options: 'product.option.unavailable' });
        variantId = variant.id;
      } else {
        variantId = parseVariantId(body.variant);
      }
      const quantity = parseQuantity(body.quantity);
      const cartId = (await currentCartId(request, true)) as number;
      await addToCart(app.db, cartId, variantId, quantity, audienceOf(request));
      if (wantsFragment(request)) {
        const shown = await productOf();
        if (shown) return reply.render('cart/add-fragment', { ...addFormOf(shown, variantId, chosen), added: true, cartCount: await cartItemCount(app.db, cartId) });
      }
      flash(request, 'cart.added');
      return reply.redirect('/cart', 303);
    } catch (err) {
      const message = messageOf(err);
      if (!message) throw err;
      const shown = await productOf();
      const form = shown ? addFormOf(shown, variantId || Number(body.variant), chosen) : null;
      const quantityInput = String(body.quantity ?? '').slice(0, 20);
      if (wantsFragment(request) && form) {
        const cartCount = await cartItemCount(app.db, await currentCartId(request, false));
        return reply.render('cart/add-fragment', { ...form, added: false, addError: message, quantityInput, cartCount }, 422);
      }
      // Back to the product page with the message beside the field, the choice kept, nothing changed.
      if (!shown || !form) return renderCart(request, reply, 422);
      return reply.render('catalog/product', { product: shown, selected: form.variant, choice: form.choice, canonical: null, currentPath: shown.href, addError: message, quantityInput }, 422);
    }
  });

  app.post<{ Params: { variantId: string } }>('/cart/lines/:variantId', async (request, reply) => {
    const body = bodyOf(request);
    const variantId = Number(request.params.variantId);
    const cartId = await currentCartId(request, false);
    try {
      const quantity = parseQuantity(body.quantity);
      if (cartId === null) return reply.redirect('/cart', 303);
      await setQuantity(app.db, cartId, variantId, quantity, audienceOf(request));
      if (wantsFragment(request)) return renderCart(request, reply);
      flash(request, 'cart.updated');
      return reply.redirect('/cart', 303);
    } catch (err) {
      const message = messageOf(err);
      if (!message) throw err;
      return renderCart(request, reply, 422, { variantId, key: message.key, params: message.params, input: String(body.quantity ?? '').slice(0, 20) });
    }
  });

  // The discount code on the cart: the same service as the review step and the apps; a refused code is shown
  // again beside the field with the reason (with the amount to reach, for a minimum spend).
  app.post('/cart/discount', async (request, reply) => {
    const body = bodyOf(request);
    const cartId = await currentCartId(request, false);
    if (cartId === null) return reply.redirect('/cart', 303);
    const typed = typeof body.discountCode === 'string' ? body.discountCode : '';
    if (body.action === 'remove' || normaliseDiscountCode(typed) === null) {
      if (await discountCodeOfCart(app.db, cartId)) flash(request, 'checkout.discount.removed');
      await removeDiscountCode(app.db, cartId);
      return reply.redirect('/cart', 303);
    }
    try {
      const code = await applyDiscountCode(app.db, cartId, typed, { audience: audienceOf(request), userId: request.user?.id ?? null, email: request.user?.email ?? null });
      flash(request, 'checkout.discount.applied', { code });
      return reply.redirect('/cart', 303);
    } catch (err) {
      if (!(err instanceof DiscountCodeRejectedError)) throw err;
      const sentence = sentenceOf(err, formattersFor(request.locale, app.config.currency).money);
      return renderCart(request, reply, 422, undefined, { code: typed.slice(0, 64), error: sentence.key, params: sentence.params });
    }
  });

  app.post<{ Params: { variantId: string } }>('/cart/lines/:variantId/remove', async (request, reply) => {
    const cartId = await currentCartId(request, false);
    if (cartId !== null) await removeFromCart(app.db, cartId, Number(request.params.variantId) || 0);
    if (wantsFragment(request)) return renderCart(request, reply);
    flash(request, 'cart.removed');
    return reply.redirect('/cart', 303);
  });
}
