// Discount codes: loading one with this customer's use of it, applying it to a cart (checked by the order-totals rules), removing it, and what it would take off now.
//
// The applied code is kept on the cart (carts.discount_code), the one place for the checkout pages, the REST
// checkout and GraphQL alike, and checked again on every read: a cart changes, a code expires or runs out, and
// the estimate then says why checkout would refuse it rather than dropping it silently. Shipping and tax are
// chosen at checkout, so the estimate prices the goods only; a free-shipping code says so instead of an amount.
import type { Knex } from 'knex';
import type { Audience } from '../catalog/service';
import { normaliseEmail } from '../accounts/service';
import { viewCart, type CartView } from '../cart/service';
import { priceOrder, type ShippingMethod } from '../pricing/order-totals';
import { EmptyCartError } from '../orders/errors';
import { ValidationError, type DomainError } from '../lib/errors';
import { toBool, toInt } from '../lib/rows';
import { cannotBeACode, DiscountCodeRejectedError, MAX_DISCOUNT_CODE_LENGTH, normaliseDiscountCode, type DiscountCode, type DiscountKind } from './rules';
import { discountDescription, type DiscountDescription } from './descriptions';

/** A discount_codes row as stored, for checkout and the back office alike. */
export interface StoredDiscountCode extends Omit<DiscountCode, 'timesUsedByCustomer'> {
  id: number;
  active: boolean;
  /** What shoppers read beside the code, in the shop's default language ('' for none; descriptions.ts has the others). */
  description: string;
}

/** A code as checkout prices it: the stored row with this customer's use of it. */
export interface DiscountRecord extends DiscountCode {
  id: number;
}

export function storedDiscountCodeFromRow(r: Record<string, unknown>): StoredDiscountCode {
  const intOrNull = (v: unknown) => (v === null || v === undefined ? null : toInt(v));
  return {
    id: toInt(r.id),
    code: r.code as string,
    kind: r.kind as DiscountKind,
    value: toInt(r.value),
    minSubtotalCents: intOrNull(r.min_subtotal_cents),
    startsAt: intOrNull(r.starts_at),
    endsAt: intOrNull(r.ends_at),
    usageLimit: intOrNull(r.usage_limit),
    timesUsed: toInt(r.times_used),
    perCustomerLimit: intOrNull(r.per_customer_limit),
    membersOnly: toBool(r.members_only),
    active: toBool(r.active),
    description: (r.description as string | null | undefined) ?? '',
  };
}

/** Orders on which this customer (by account, or by email for guests and accounts alike) used the code. */
export async function redemptionsByCustomer(q: Knex | Knex.Transaction, discountId: number, userId: number | null, email: string): Promise<number> {
  const row = await q('order_discount_redemptions')
    .where('discount_code_id', discountId)
    .andWhere((b) => {
      b.where('email', email);
      if (userId !== null) b.orWhere('user_id', userId);
    })
    .count({ n: '*' })
    .first();
  return toInt(row?.n);
}

/** The active code with this customer's use of it, or DiscountCodeRejectedError(unknown). */
export async function loadDiscount(db: Knex, code: string, userId: number | null, email: string): Promise<DiscountRecord> {
  const row = await db('discount_codes').where({ code, active: true }).first();
  if (!row) throw new DiscountCodeRejectedError(code, 'unknown');
  const discount: DiscountRecord = { ...storedDiscountCodeFromRow(row), timesUsedByCustomer: 0 };
  if (discount.perCustomerLimit !== null) discount.timesUsedByCustomer = await redemptionsByCustomer(db, discount.id, userId, email);
  return discount;
}

/** Who applies the code: their audience (members-only codes, member prices) and, for per-customer limits, who they are. */
export interface DiscountShopper {
  audience: Audience;
  userId: number | null;
  /** The account's email, or the one a guest gave at checkout; null when none yet (per-customer use is then counted at checkout). */
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
  /** What the shop says about the code, in the shopper's language or else the default one; null when nothing. */
  description: DiscountDescription | null;
}

// Shipping and tax are decided at checkout: the estimate charges neither, so only the goods discount shows.
const SHIPPING_DECIDED_AT_CHECKOUT: ShippingMethod = { code: 'estimate', priceCents: 0, freeAboveCents: null, freeForMembers: false };

type Priced = { ok: true; discount: DiscountRecord; discountCents: number } | { ok: false; discount: DiscountRecord | null; error: DiscountCodeRejectedError };

/** The cart priced with the code by checkout's rules (loadDiscount, then priceOrder's checkDiscount). */
async function priceWithCode(db: Knex, cart: CartView, code: string, shopper: DiscountShopper): Promise<Priced> {
  let discount: DiscountRecord | null = null;
  try {
    discount = await loadDiscount(db, code, shopper.userId, normaliseEmail(shopper.email ?? ''));
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
    if (err instanceof DiscountCodeRejectedError) return { ok: false, discount, error: err };
    throw err;
  }
}

/**
 * Applies a code to the cart when checkout would accept it for this cart now, for the checkout page, REST
 * and GraphQL alike; otherwise throws why (ValidationError for nothing typed, EmptyCartError,
 * DiscountCodeRejectedError) and keeps the cart as it was. Returns the code as stored.
 */
export async function applyDiscountCode(db: Knex, cartId: number | null, raw: unknown, shopper: DiscountShopper): Promise<string> {
  const code = normaliseDiscountCode(typeof raw === 'string' ? raw : '');
  if (code === null) throw new ValidationError({ discountCode: 'cartDiscount.codeRequired' });
  if (cannotBeACode(code)) throw new DiscountCodeRejectedError(code.slice(0, MAX_DISCOUNT_CODE_LENGTH), 'unknown');
  const cart = await viewCart(db, cartId, shopper.audience);
  if (cartId === null || cart.lines.length === 0) throw new EmptyCartError();
  const priced = await priceWithCode(db, cart, code, shopper);
  if (!priced.ok) throw priced.error;
  await setCartDiscountCode(db, cartId, code);
  return code;
}

/** Takes the code off the cart, for every channel (also when checkout finds the code no longer applies). */
export async function removeDiscountCode(db: Knex, cartId: number | null): Promise<void> {
  if (cartId === null) return;
  await setCartDiscountCode(db, cartId, null);
}

async function setCartDiscountCode(db: Knex, cartId: number, code: string | null): Promise<void> {
  await db('carts').where('id', cartId).update({ discount_code: code, updated_at: new Date() });
}

export async function discountCodeOfCart(db: Knex, cartId: number | null): Promise<string | null> {
  if (cartId === null) return null;
  const row = await db('carts').where('id', cartId).first('discount_code');
  return (row?.discount_code as string | null | undefined) ?? null;
}

/** What the stored code would do for the cart as it is now, described in the audience's language; null when the cart holds no code. */
export async function estimateCartDiscount(db: Knex, cart: CartView, code: string | null, shopper: DiscountShopper): Promise<CartDiscountEstimate | null> {
  if (code === null) return null;
  const description = await discountDescription(db, code, shopper.audience.locale);
  if (cart.lines.length === 0) return { code, kind: null, discountCents: 0, freeShipping: false, problem: new EmptyCartError(), description };
  const priced = await priceWithCode(db, cart, code, shopper);
  if (!priced.ok) return { code, kind: priced.discount?.kind ?? null, discountCents: 0, freeShipping: false, problem: priced.error, description };
  return { code, kind: priced.discount.kind, discountCents: priced.discountCents, freeShipping: priced.discount.kind === 'free_shipping', problem: null, description };
}
