// Discount codes on a cart: applying one (checked by checkout's own rules), removing it, and what it would take off now.
//
// The code is kept on the cart (carts.discount_code) and checked again on every read: a cart changes, a code
// expires or runs out, and the estimate then says why checkout would refuse it rather than dropping it silently.
// Shipping and tax are chosen at checkout, so the estimate prices the goods only; a free-shipping code says so
// instead of an amount.
import type { Knex } from 'knex';
import type { Audience } from '../catalog/service';
import { normaliseEmail } from '../accounts/service';
import { DiscountRejectedError, priceOrder, type DiscountKind, type ShippingMethod } from '../checkout/pricing';
import { loadDiscount, normaliseDiscountCode, type DiscountRecord } from '../orders/service';
import { DiscountCodeRejectedError, EmptyCartError } from '../orders/errors';
import { ValidationError, type DomainError } from '../lib/errors';
import { viewCart, type CartView } from './service';

/** As long as discount_codes.code: anything longer cannot be a code. */
export const MAX_DISCOUNT_CODE_LENGTH = 64;

/** Who applies the code: their audience (members-only codes, member prices) and, for per-customer limits, who they are. */
export interface DiscountShopper {
  audience: Audience;
  userId: number | null;
  /** The account's email; null for guests, whose per-customer use is counted at checkout once they give one. */
  email: string | null;
}

export interface CartDiscountEstimate {
  /** The code as stored (capitals). */
  code: string;
  /** null when the code is no longer known. */
  kind: DiscountKind | null;
  /** Taken off the goods if the shopper checked out now; 0 for a free-shipping code or a code that does not apply. */
  discountCents: number;
  /** A free-shipping code: shipping is free at checkout, whichever method is chosen. */
  freeShipping: boolean;
  /** Why checkout would refuse the code for this cart now; null when it applies. */
  problem: DomainError | null;
}

// Shipping and tax are decided at checkout: the estimate charges neither, so only the goods discount shows.
const SHIPPING_DECIDED_AT_CHECKOUT: ShippingMethod = { code: 'estimate', priceCents: 0, freeAboveCents: null, freeForMembers: false };

type Priced = { ok: true; discount: DiscountRecord; discountCents: number } | { ok: false; discount: DiscountRecord | null; error: DiscountCodeRejectedError };

/** The cart priced with the code by checkout's rules (loadDiscount, then priceOrder's checkDiscount). */
async function priceWithCode(db: Knex, cart: CartView, code: string, shopper: DiscountShopper): Promise<Priced> {
  let discount: DiscountRecord;
  try {
    discount = await loadDiscount(db, code, shopper.userId, normaliseEmail(shopper.email ?? ''));
  } catch (err) {
    if (err instanceof DiscountCodeRejectedError) return { ok: false, discount: null, error: err };
    throw err;
  }
  try {
    const totals = priceOrder({
      lines: cart.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, unitPriceCents: l.unitPriceCents })),
      shipping: SHIPPING_DECIDED_AT_CHECKOUT,
      member: shopper.audience.member,
      discount,
      taxRateBasisPoints: 0,
      now: shopper.audience.now,
    });
    return { ok: true, discount, discountCents: totals.discountCents };
  } catch (err) {
    // The same translation quoteCheckout makes, so a page, an app and checkout give one reason.
    if (err instanceof DiscountRejectedError) return { ok: false, discount, error: new DiscountCodeRejectedError(err.code, err.reason, discount.minSubtotalCents) };
    throw err;
  }
}

/**
 * Applies a code to the cart when checkout would accept it for this cart now; otherwise throws why
 * (ValidationError for nothing typed, EmptyCartError, DiscountCodeRejectedError) and keeps the cart as it was.
 */
export async function applyDiscountCode(db: Knex, cartId: number | null, raw: unknown, shopper: DiscountShopper): Promise<string> {
  const code = normaliseDiscountCode(typeof raw === 'string' ? raw : '');
  if (code === null) throw new ValidationError({ discountCode: 'cartDiscount.codeRequired' });
  // Too long, or with control characters (PostgreSQL refuses a NUL in a text parameter): no code looks like that.
  if (code.length > MAX_DISCOUNT_CODE_LENGTH || /[\u0000-\u001f\u007f]/.test(code)) throw new DiscountCodeRejectedError(code.slice(0, MAX_DISCOUNT_CODE_LENGTH), 'unknown');
  const cart = await viewCart(db, cartId, shopper.audience);
  if (cartId === null || cart.lines.length === 0) throw new EmptyCartError();
  const priced = await priceWithCode(db, cart, code, shopper);
  if (!priced.ok) throw priced.error;
  await setCartDiscountCode(db, cartId, code);
  return code;
}

/**
 * Keeps a code on the cart (or none): the one place the applied code lives, for the checkout pages, the
 * REST checkout and GraphQL alike. Callers check the code first (applyDiscountCode, or checkout's quote).
 */
export async function setCartDiscountCode(db: Knex, cartId: number, code: string | null): Promise<void> {
  await db('carts').where('id', cartId).update({ discount_code: code, updated_at: new Date() });
}

export async function removeDiscountCode(db: Knex, cartId: number | null): Promise<void> {
  if (cartId === null) return;
  await setCartDiscountCode(db, cartId, null);
}

export async function discountCodeOfCart(db: Knex, cartId: number | null): Promise<string | null> {
  if (cartId === null) return null;
  const row = await db('carts').where('id', cartId).first('discount_code');
  return (row?.discount_code as string | null | undefined) ?? null;
}

/** What the stored code would do for the cart as it is now; null when the cart holds no code. */
export async function estimateCartDiscount(db: Knex, cart: CartView, code: string | null, shopper: DiscountShopper): Promise<CartDiscountEstimate | null> {
  if (code === null) return null;
  if (cart.lines.length === 0) return { code, kind: null, discountCents: 0, freeShipping: false, problem: new EmptyCartError() };
  const priced = await priceWithCode(db, cart, code, shopper);
  if (!priced.ok) return { code, kind: priced.discount?.kind ?? null, discountCents: 0, freeShipping: false, problem: priced.error };
  return { code, kind: priced.discount.kind, discountCents: priced.discountCents, freeShipping: priced.discount.kind === 'free_shipping', problem: null };
}
