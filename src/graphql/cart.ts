// The caller's cart over GraphQL: the cart query and its mutations, through the same cart services and cart lookup as the pages.
import type { IResolvers, MercuriusLoaders } from 'mercurius';
import { currentCartId } from '../cart/current-cart';
import {
  addToCart,
  parseQuantity,
  parseVariantId,
  removeFromCart,
  setQuantity,
  VariantUnavailableError,
  viewCart,
  type CartLineView,
  type CartView,
} from '../cart/service';
import { applyDiscountCode, discountCodeOfCart, estimateCartDiscount, removeDiscountCode, type DiscountShopper } from '../discounts/service';
import { audienceOfCtx, requestOf, viewerOf, type Ctx } from './context';
import { describeDomainError } from './errors';
import { variantsByIds } from '../catalog/service';
import { productNodesByIds, stockView, variantNode } from './nodes';

/** A Cart as resolved: the service's view, and the stored code read once however many fields need it. */
interface CartNode {
  view: CartView;
  shopper: DiscountShopper;
  code: () => Promise<string | null>;
}

function shopperOf(ctx: Ctx): DiscountShopper {
  const user = viewerOf(ctx);
  return { audience: audienceOfCtx(ctx), userId: user?.id ?? null, email: user?.email ?? null };
}

async function cartNode(ctx: Ctx, cartId: number | null): Promise<CartNode> {
  const shopper = shopperOf(ctx);
  const view = await viewCart(ctx.app.db, cartId, shopper.audience);
  let code: Promise<string | null> | null = null;
  return { view, shopper, code: () => (code ??= discountCodeOfCart(ctx.app.db, cartId)) };
}

/** The cart the pages use for this caller (account cart for a token or a signed-in session, else the session's guest cart). */
function cartIdOf(ctx: Ctx, create: boolean): Promise<number | null> {
  return currentCartId(requestOf(ctx), create);
}

export const cartResolvers: IResolvers = {
  Query: {
    cart: async (_root, _args, ctx: Ctx) => cartNode(ctx, await cartIdOf(ctx, false)),
  },
  Mutation: {
    addToCart: async (_root, args: { variantId: number; quantity: number }, ctx: Ctx) => {
      const variantId = parseVariantId(args.variantId);
      const quantity = parseQuantity(args.quantity);
      // Like the pages' first add: a caller without a cart gets one (a guest's is kept in a new session).
      const cartId = (await cartIdOf(ctx, true)) as number;
      await addToCart(ctx.app.db, cartId, variantId, quantity, audienceOfCtx(ctx));
      return cartNode(ctx, cartId);
    },
    changeCartLine: async (_root, args: { variantId: number; quantity: number }, ctx: Ctx) => {
      const variantId = parseVariantId(args.variantId);
      const quantity = parseQuantity(args.quantity);
      const cartId = await cartIdOf(ctx, false);
      // No cart: no such line, as setQuantity says for a line that is not in the cart.
      if (cartId === null) throw new VariantUnavailableError();
      await setQuantity(ctx.app.db, cartId, variantId, quantity, audienceOfCtx(ctx));
      return cartNode(ctx, cartId);
    },
    removeCartLine: async (_root, args: { variantId: number }, ctx: Ctx) => {
      const variantId = parseVariantId(args.variantId);
      const cartId = await cartIdOf(ctx, false);
      if (cartId !== null) await removeFromCart(ctx.app.db, cartId, variantId);
      return cartNode(ctx, cartId);
    },
    applyDiscountCode: async (_root, args: { code: string }, ctx: Ctx) => {
      const cartId = await cartIdOf(ctx, false);
      await applyDiscountCode(ctx.app.db, cartId, args.code, shopperOf(ctx));
      return cartNode(ctx, cartId);
    },
    removeDiscountCode: async (_root, _args, ctx: Ctx) => {
      const cartId = await cartIdOf(ctx, false);
      await removeDiscountCode(ctx.app.db, cartId);
      return cartNode(ctx, cartId);
    },
  },
  Cart: {
    lines: (c: CartNode) => c.view.lines,
    itemCount: (c: CartNode) => c.view.itemCount,
    subtotalCents: (c: CartNode) => c.view.subtotalCents,
    pricesIncludeTax: (c: CartNode) => c.view.pricesIncludeTax,
    taxIncludedCents: (c: CartNode) => c.view.taxIncludedCents,
    hasProblems: (c: CartNode) => c.view.hasProblems,
    currency: (_c: CartNode, _args, ctx: Ctx) => ctx.app.config.currency,
    discountCode: (c: CartNode) => c.code(),
    discount: async (c: CartNode, _args, ctx: Ctx) => {
      const estimate = await estimateCartDiscount(ctx.app.db, c.view, await c.code(), c.shopper);
      if (!estimate) return null;
      const problem = estimate.problem ? describeDomainError(estimate.problem, requestOf(ctx).locale, ctx.app.config.currency) : null;
      return {
        code: estimate.code,
        kind: estimate.kind ? estimate.kind.toUpperCase() : null,
        estimatedDiscountCents: estimate.discountCents,
        freeShipping: estimate.freeShipping,
        problem: problem ? { code: problem.code, message: problem.message } : null,
        description: estimate.description?.text ?? null,
      };
    },
  },
  CartLine: {
    name: (l: CartLineView) => l.productName,
    stock: (l: CartLineView) => stockView(l.stock),
  },
};

// Batched: the variants and products of every line of the cart in a constant number of queries.
export const cartLoaders: MercuriusLoaders = {
  CartLine: {
    variant: async (queries: { obj: CartLineView }[], ctx: Ctx) => {
      const member = audienceOfCtx(ctx).member;
      const records = await variantsByIds(ctx.app.db, queries.map((q) => q.obj.variantId));
      return queries.map(({ obj }) => {
        const record = records.get(obj.variantId);
        return record ? variantNode(record, member) : null;
      });
    },
    product: async (queries: { obj: CartLineView }[], ctx: Ctx) => {
      const records = await variantsByIds(ctx.app.db, queries.map((q) => q.obj.variantId));
      const products = await productNodesByIds(ctx.app.db, [...records.values()].map((r) => r.productId), audienceOfCtx(ctx));
      return queries.map(({ obj }) => {
        const productId = records.get(obj.variantId)?.productId;
        return productId === undefined ? null : products.get(productId) ?? null;
      });
    },
  },
};
