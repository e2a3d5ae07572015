// Cart rules: whole quantities 1..99, only buyable variants, never more than stock, current prices on every read.
import type { Knex } from 'knex';
import { DomainError, ValidationError } from '../lib/errors';
import { toInt } from '../lib/rows';
import { stockState, type StockState } from '../lib/stock';
import { variantsForSale, type Audience, type ImageView } from '../catalog/service';
import type { PriceDisplay } from '../pricing/price-display';
import { PLUS_SKU } from '../membership/plus-product';
import { includedTaxOfLines } from '../pricing/order-totals';
import { loadShopSettings } from '../settings/shop-settings';
import { homeTaxRate } from '../orders/settings';

/** One year of Plus at a time: a cart holds at most one PLUS_SKU (it renews from the checkout next year). */
function maxQuantityOf(sku: string): number {
  return sku === PLUS_SKU ? 1 : MAX_QUANTITY;
}

export const MAX_QUANTITY = 99;

/** "1".."99" and nothing else: not "0", "-1", "1.5", "1e3", "", " 2", arrays or objects. */
export function parseQuantity(raw: unknown): number {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= MAX_QUANTITY) return raw;
  if (typeof raw === 'string' && /^[1-9]\d?$/.test(raw)) return Number(raw);
  throw new ValidationError({ quantity: 'cart.quantity.invalid' });
}

export function parseVariantId(raw: unknown): number {
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text === 'string' && /^[1-9]\d{0,9}$/.test(text)) return Number(text);
  throw new ValidationError({ variant: 'cart.variant.invalid' });
}

/**
 * Asking for more than is on hand. The code says what a program needs (none left for you, or only `available`
 * more); the sentence also says when the rest is already in the shopper's cart, so "Only 2 more" never puzzles
 * someone who asked for 5 with 1 in the cart.
 */
export class NotEnoughStockError extends DomainError {
  constructor(readonly available: number, inCart = 0) {
    const stock = available + inCart;
    const sentenceKey = inCart === 0 ? undefined : available === 0 ? 'cart.allInCart' : 'cart.notEnoughStock.inCart';
    super(available === 0 ? 'cart.soldOut' : 'cart.notEnoughStock', 409, { available, inCart, stock }, 'quantity', { sentenceKey });
  }
}

export class VariantUnavailableError extends DomainError {
  constructor() {
    super('cart.variant.unavailable', 404, {}, 'variant');
  }
}

export interface CartLineView {
  variantId: number;
  productName: string;
  href: string;
  sku: string;
  label: string;
  quantity: number;
  unitPriceCents: number;
  regularPriceCents: number;
  /** How the unit price is shown (pricing/price-display.ts: the regular price struck through for members paying less). */
  display: PriceDisplay;
  lineTotalCents: number;
  stock: StockState;
  /** Stock fell below the quantity since it was added: checkout will refuse until it is changed. */
  shortOfStock: boolean;
  image: ImageView | null;
}

export interface CartView {
  cartId: number | null;
  lines: CartLineView[];
  itemCount: number;
  subtotalCents: number;
  /** The shop's prices include VAT, so the subtotal does too. */
  pricesIncludeTax: boolean;
  /** With VAT-inclusive prices: the VAT inside the subtotal at the home country's rate (checkout works out the destination's); else null. */
  taxIncludedCents: number | null;
  hasProblems: boolean;
}

export const EMPTY_CART: CartView = { cartId: null, lines: [], itemCount: 0, subtotalCents: 0, pricesIncludeTax: false, taxIncludedCents: null, hasProblems: false };

export async function cartOfUser(db: Knex, userId: number): Promise<number | null> {
  const row = await db('carts').where('user_id', userId).first('id');
  return row ? toInt(row.id) : null;
}

/** The account's cart, made on first use (the unique index settles two tabs racing). */
export async function ensureUserCart(db: Knex, userId: number): Promise<number> {
  const existing = await cartOfUser(db, userId);
  if (existing) return existing;
  await db('carts').insert({ user_id: userId }).onConflict('user_id').ignore();
  return (await cartOfUser(db, userId)) as number;
}

export async function createGuestCart(db: Knex): Promise<number> {
  const [row] = await db('carts').insert({ user_id: null }).returning('id');
  return toInt(typeof row === 'object' ? row.id : row);
}

export async function cartExists(db: Knex, cartId: number): Promise<boolean> {
  return !!(await db('carts').where('id', cartId).first('id'));
}

async function quantityInCart(db: Knex, cartId: number, variantId: number): Promise<number> {
  const row = await db('cart_lines').where({ cart_id: cartId, variant_id: variantId }).first('quantity');
  return row ? toInt(row.quantity) : 0;
}

async function buyableVariant(db: Knex, variantId: number, audience: Audience) {
  const variant = (await variantsForSale(db, [variantId], audience)).get(variantId);
  if (!variant) throw new VariantUnavailableError();
  return variant;
}

/** Adds to the quantity already in the cart; refuses past stock or 99 with a reason. */
export async function addToCart(db: Knex, cartId: number, variantId: number, quantity: number, audience: Audience): Promise<void> {
  const variant = await buyableVariant(db, variantId, audience);
  const current = await quantityInCart(db, cartId, variantId);
  const wanted = current + quantity;
  if (variant.sku === PLUS_SKU && wanted > 1) throw new ValidationError({ quantity: 'cart.plus.onlyOne' });
  if (wanted > MAX_QUANTITY) throw new ValidationError({ quantity: 'cart.quantity.tooMany' });
  if (wanted > variant.stockOnHand) throw new NotEnoughStockError(Math.max(0, variant.stockOnHand - current), Math.min(current, variant.stockOnHand));
  await db('cart_lines').insert({ cart_id: cartId, variant_id: variantId, quantity: wanted }).onConflict(['cart_id', 'variant_id']).merge(['quantity']);
  await db('carts').where('id', cartId).update({ updated_at: new Date() });
}

/** Sets a line's quantity (1..99, within stock). */
export async function setQuantity(db: Knex, cartId: number, variantId: number, quantity: number, audience: Audience): Promise<void> {
  if ((await quantityInCart(db, cartId, variantId)) === 0) throw new VariantUnavailableError();
  const variant = await buyableVariant(db, variantId, audience);
  if (quantity > maxQuantityOf(variant.sku)) throw new ValidationError({ quantity: 'cart.plus.onlyOne' });
  if (quantity > variant.stockOnHand) throw new NotEnoughStockError(variant.stockOnHand);
  await db('cart_lines').where({ cart_id: cartId, variant_id: variantId }).update({ quantity });
  await db('carts').where('id', cartId).update({ updated_at: new Date() });
}

export async function removeFromCart(db: Knex, cartId: number, variantId: number): Promise<void> {
  await db('cart_lines').where({ cart_id: cartId, variant_id: variantId }).delete();
}

/** The cart as the shopper sees it now: current prices for this audience, lines no longer for sale dropped. */
export async function viewCart(db: Knex, cartId: number | null, audience: Audience): Promise<CartView> {
  if (cartId === null) return EMPTY_CART;
  const rows = await db('cart_lines').where('cart_id', cartId).orderBy('id').select('variant_id', 'quantity');
  const variants = await variantsForSale(db, rows.map((r) => toInt(r.variant_id)), audience);
  const lines: CartLineView[] = [];
  for (const r of rows) {
    const v = variants.get(toInt(r.variant_id));
    if (!v) continue;
    const quantity = toInt(r.quantity);
    lines.push({
      variantId: v.variantId,
      productName: v.productName,
      href: v.href,
      sku: v.sku,
      label: v.label,
      quantity,
      unitPriceCents: v.unitPriceCents,
      regularPriceCents: v.regularPriceCents,
      display: v.display,
      lineTotalCents: v.unitPriceCents * quantity,
      stock: stockState(v.stockOnHand),
      shortOfStock: v.stockOnHand < quantity,
      image: v.image,
    });
  }
  const shop = await loadShopSettings(db);
  const taxIncludedCents = shop.pricesIncludeTax ? includedTaxOfLines(lines.map((l) => l.lineTotalCents), await homeTaxRate(db)) : null;
  return {
    cartId,
    lines,
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    subtotalCents: lines.reduce((n, l) => n + l.lineTotalCents, 0),
    pricesIncludeTax: shop.pricesIncludeTax,
    taxIncludedCents,
    hasProblems: lines.some((l) => l.shortOfStock),
  };
}

/** At log in: the guest cart's lines (and applied code) join the account's cart, quantities added and capped by stock and 99. */
export async function mergeGuestCart(db: Knex, guestCartId: number, userId: number, audience: Audience): Promise<number> {
  const userCartId = await ensureUserCart(db, userId);
  if (userCartId === guestCartId) return userCartId;
  const guestLines = await db('cart_lines').where('cart_id', guestCartId).select('variant_id', 'quantity');
  const variants = await variantsForSale(db, guestLines.map((l) => toInt(l.variant_id)), audience);
  await db.transaction(async (trx) => {
    for (const line of guestLines) {
      const variantId = toInt(line.variant_id);
      const variant = variants.get(variantId);
      if (!variant) continue;
      const existing = await trx('cart_lines').where({ cart_id: userCartId, variant_id: variantId }).first('quantity');
      const merged = Math.min(toInt(existing?.quantity ?? 0) + toInt(line.quantity), variant.stockOnHand, maxQuantityOf(variant.sku));
      if (merged < 1) continue;
      await trx('cart_lines').insert({ cart_id: userCartId, variant_id: variantId, quantity: merged }).onConflict(['cart_id', 'variant_id']).merge(['quantity']);
    }
    // A code the guest applied comes along, unless the account's cart already has one of its own.
    const guest = await trx('carts').where('id', guestCartId).first('discount_code');
    if (guest?.discount_code) await trx('carts').where('id', userCartId).whereNull('discount_code').update({ discount_code: guest.discount_code });
    await trx('carts').where('id', guestCartId).delete();
  });
  return userCartId;
}

/** How many items an account's cart holds, in one query (no cart: 0). */
export async function cartItemCountOfUser(db: Knex, userId: number): Promise<number> {
  const row = await db('carts as c').join('cart_lines as l', 'l.cart_id', 'c.id').where('c.user_id', userId).sum({ n: 'l.quantity' }).first();
  return toInt(row?.n ?? 0);
}

/** How many items the cart holds, for the header (one cheap query; lines no longer for sale still count until the cart page drops them). */
export async function cartItemCount(db: Knex, cartId: number | null): Promise<number> {
  if (cartId === null) return 0;
  const row = await db('cart_lines').where('cart_id', cartId).sum({ n: 'quantity' }).first();
  return toInt(row?.n ?? 0);
}
