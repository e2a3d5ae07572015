// /api/v1/cart: the caller's cart for apps (a token's account cart, or the session's cart the pages use), through the cart service.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { audienceOf } from '../plugins/auth';
import { currentCartId } from '../cart/current-cart';
import { addToCart, parseQuantity, parseVariantId, removeFromCart, setQuantity, viewCart, VariantUnavailableError, type CartView } from '../cart/service';
import { applyDiscountCode, discountCodeOfCart, removeDiscountCode } from '../discounts/service';
import { discountDescription } from '../discounts/descriptions';
import type { Locale } from '../i18n';
import type { Knex } from 'knex';
import { apiProductHref } from './catalog-routes';
import { addLineRoute, applyDiscountCodeRoute, changeLineRoute, createCartRoute, getCartRoute, removeDiscountCodeRoute, removeLineRoute } from './rest-schemas';
import { API_V1, rejectInvalidInput } from './rest-support';

export const CART_PATH = `${API_V1}/cart`;
const DISCOUNT_CODE_PATH = `${CART_PATH}/discount-code`;

/** The code kept on the cart and its description in the caller's language (Accept-Language), else the shop's. */
export interface CartCodeJson {
  discountCode: string | null;
  discountDescription: string | null;
}

async function cartCodeJson(db: Knex, discountCode: string | null, locale: Locale): Promise<CartCodeJson> {
  return { discountCode, discountDescription: discountCode === null ? null : (await discountDescription(db, discountCode, locale))?.text ?? null };
}

function discountCodeJson(code: CartCodeJson) {
  return { ...code, links: { cart: CART_PATH, quote: `${API_V1}/checkout/quote` } };
}

function slugFromHref(href: string): string {
  return decodeURIComponent(href.slice(href.lastIndexOf('/') + 1));
}

export function cartJson(cart: CartView, currency: string, code: CartCodeJson) {
  return {
    currency,
    lines: cart.lines.map((l) => ({
      variantId: l.variantId,
      productName: l.productName,
      sku: l.sku,
      label: l.label,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      regularPriceCents: l.regularPriceCents,
      lineTotalCents: l.lineTotalCents,
      stock: l.stock,
      shortOfStock: l.shortOfStock,
      image: l.image,
      links: { product: apiProductHref(slugFromHref(l.href)), html: l.href },
    })),
    itemCount: cart.itemCount,
    subtotalCents: cart.subtotalCents,
    pricesIncludeTax: cart.pricesIncludeTax,
    taxIncludedCents: cart.taxIncludedCents,
    hasProblems: cart.hasProblems,
    ...code,
    links: { self: CART_PATH, quote: `${API_V1}/checkout/quote`, html: '/cart' },
  };
}

interface LineBody {
  variantId?: unknown;
  quantity?: unknown;
}

export async function cartApiRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const currency = app.config.currency;
  const cartOf = async (request: FastifyRequest, cartId: number | null) =>
    cartJson(await viewCart(db, cartId, audienceOf(request)), currency, await cartCodeJson(db, await discountCodeOfCart(db, cartId), request.locale));

  // Writes without a session cookie can touch nothing of anyone's (a token names its account; no cookie means a
  // new guest cart), so they need no CSRF token; with a session cookie they do (plugins/csrf.ts).
  const csrf = 'unless-sessionless' as const;

  app.post(CART_PATH, { schema: createCartRoute, attachValidation: true, config: { csrf } }, async (request, reply) => {
    rejectInvalidInput(request);
    const existing = await currentCartId(request, false);
    const cartId = existing ?? ((await currentCartId(request, true)) as number);
    if (existing !== null) return reply.code(200).send(await cartOf(request, cartId));
    return reply.code(201).header('location', CART_PATH).send(await cartOf(request, cartId));
  });

  app.get(CART_PATH, { schema: getCartRoute }, async (request) => cartOf(request, await currentCartId(request, false)));

  app.post<{ Body: LineBody }>(`${CART_PATH}/lines`, { schema: addLineRoute, attachValidation: true, config: { csrf } }, async (request) => {
    rejectInvalidInput(request);
    // The cart service's own rules (whole 1..99, a real id) on top of the schema: one rule for pages and apps.
    const variantId = parseVariantId(request.body.variantId);
    const quantity = parseQuantity(request.body.quantity);
    const cartId = (await currentCartId(request, true)) as number;
    await addToCart(db, cartId, variantId, quantity, audienceOf(request));
    return cartOf(request, cartId);
  });

  app.patch<{ Params: { variantId: number }; Body: LineBody }>(
    `${CART_PATH}/lines/:variantId`,
    { schema: changeLineRoute, attachValidation: true, config: { csrf } },
    async (request) => {
      rejectInvalidInput(request);
      const quantity = parseQuantity(request.body.quantity);
      const cartId = await currentCartId(request, false);
      if (cartId === null) throw new VariantUnavailableError();
      await setQuantity(db, cartId, request.params.variantId, quantity, audienceOf(request));
      return cartOf(request, cartId);
    },
  );

  app.delete<{ Params: { variantId: number } }>(`${CART_PATH}/lines/:variantId`, { schema: removeLineRoute, attachValidation: true, config: { csrf } }, async (request) => {
    rejectInvalidInput(request);
    const cartId = await currentCartId(request, false);
    if (cartId !== null) await removeFromCart(db, cartId, request.params.variantId);
    return cartOf(request, cartId);
  });

  // The cart's one discount code, through the same applyDiscountCode as the checkout page and GraphQL.
  app.put<{ Body: { discountCode: string } }>(DISCOUNT_CODE_PATH, { schema: applyDiscountCodeRoute, attachValidation: true, config: { csrf } }, async (request) => {
    rejectInvalidInput(request);
    const user = request.user;
    const cartId = await currentCartId(request, false);
    const code = await applyDiscountCode(db, cartId, request.body.discountCode, { audience: audienceOf(request), userId: user?.id ?? null, email: user?.email ?? null });
    return discountCodeJson(await cartCodeJson(db, code, request.locale));
  });

  app.delete(DISCOUNT_CODE_PATH, { schema: removeDiscountCodeRoute, attachValidation: true, config: { csrf } }, async (request) => {
    rejectInvalidInput(request);
    await removeDiscountCode(db, await currentCartId(request, false));
    return discountCodeJson({ discountCode: null, discountDescription: null });
  });
}
