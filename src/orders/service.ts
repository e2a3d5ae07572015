// Placing orders: quoting a cart at today's prices, recording the payment attempt, charging the card once, taking stock and codes atomically, reading orders back.
//
// How placeOrder stays correct when things race (each point has a test in place-order.test.ts or payment-attempts.test.ts):
//
// - Idempotency. The checkout page issues a one-time token (newCheckoutToken). Its sha256 is stored in
//   orders.idempotency_key_hash under a unique index, and the order row is the FIRST write of the
//   transaction: of two submissions with one token, the second insert waits for the first transaction
//   (PostgreSQL holds it on the index entry; SQLite runs one transaction at a time on its one
//   connection), then fails as a duplicate, and that call answers with the first one's order
//   (replayed: true). A token is only replayed for the cart and account that used it.
// - A payment attempt first (payments/attempts.ts). Before the processor is called, a payment_attempts row is
//   written and committed: amount, cart, account, the processor key, and a snapshot of the quote, address and
//   email, enough for the reconciler to finish the order without the shopper after a crash or a late answer.
//   The processor's idempotency key is the attempt's: the token plus an HMAC (keyed by the token) of the card,
//   expiry, amount and currency. A double submit meets its own attempt (same key) and charges with it again,
//   which the processor answers without charging twice; a declined card does not block a retry with another
//   card (another attempt), and the same card again is told the same decline without asking again.
// - One cart, one payment. A unique partial index allows one pending attempt per cart: a second tab, device or
//   app paying the same cart gets PaymentInProgressError and is never charged; the same checkout with another
//   card waits for the first card's answer. After taking the claim, the cart must still hold the quoted lines
//   (another device's order may have committed in between), else CartChangedError before any charge.
// - Charge outside any transaction: a network call must not hold SQLite's one connection or PostgreSQL row
//   locks. A pending answer or no answer (ProcessorTimeoutError) leaves the attempt pending and answers
//   PaymentPendingError; the reconciler asks the processor later and completes or refunds.
// - The order transaction moves the attempt pending -> succeeded (with the order id) right after the order row;
//   if someone else moved it first (the reconciler, a twin submission giving it up), nothing is written. If
//   the transaction fails (the last unit went to someone else, the code ran out), the attempt goes
//   refund_pending with a pending refund row in one transaction, then the refund is asked with that row's
//   key; only the processor's yes makes it refunded. A refund without an answer stays pending for the
//   reconciler; a refused one is refund_failed, shown to staff as needing attention.
// - The order write empties only the ordered cart lines and checks that every one was still there.
// - Stock: `stock = stock - q where id = ? and stock >= q`, one row per line in variant id order (the same
//   lock order in every transaction, so two orders never deadlock on PostgreSQL); 0 rows: OutOfStockError.
// - Discount: `times_used + 1 where usage_limit is null or times_used < usage_limit`, then the per-customer
//   count: the update locks the code's row first, so on PostgreSQL the count sees every redemption committed
//   before it (READ COMMITTED takes a fresh snapshot per statement).
//
// Times are ms since epoch (bigint) in every orders table: one representation on both dialects, and the
// caller's `now` makes an order reproducible in tests.
//
// - Emporium Plus is the product with SKU PLUS-1Y: the transaction that writes a paid order grants
//   365 days of membership per unit (source 'order'), so the membership exists exactly when the order does.
//   Guests cannot buy it (PlusNeedsAccountError when quoting, before any charge). The session picks the
//   new membership up on its next request (plugins/auth.ts gives it a new id).
import { changeStock, StockWouldGoNegativeError } from '../inventory/service';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import type { Audience } from '../catalog/service';
import { variantsForSale } from '../catalog/service';
import { priceOrder, type OrderTotals, type PricedLine } from '../pricing/order-totals';
import { DiscountCodeRejectedError, normaliseDiscountCode } from '../discounts/rules';
import { loadDiscount, redemptionsByCustomer, type DiscountRecord } from '../discounts/service';
import { IdempotencyKeyReuseError, ProcessorTimeoutError, type CardBrand, type CardDetails, type ChargeResult, type DeclineReason, type PaymentProvider } from '../payments/provider';
import { attemptById, failAttempt, giveUpAttempt, moveAttempt, sendRefund, setProcessorReference, startAttempt, waitForAttempt, type PaymentAttempt } from '../payments/attempts';
import type { RedirectPaymentProvider } from '../payments/redirect-provider';
import { addressProblems, type AddressInput } from '../accounts/addresses';
import { emailProblem, normaliseEmail } from '../accounts/service';
import { isLocale, type Locale, type MessageKey } from '../i18n';
import { isUniqueViolation } from '../lib/db-errors';
import { DomainError, ValidationError } from '../lib/errors';
import { toBool, toInt } from '../lib/rows';
import { pageWindow, type PageWindow } from '../lib/pagination';
import {
  CartChangedError,
  CheckoutInterruptedError,
  CheckoutTokenUsedError,
  DestinationNotServedError,
  EmptyCartError,
  OutOfStockError,
  PaymentDeclinedError,
  PaymentInProgressError,
  PaymentPageUnavailableError,
  PaymentPendingError,
  PlusNeedsAccountError,
  RefundPendingError,
  UnknownShippingMethodError,
} from './errors';
import { activeShippingMethod, homeTaxRate, taxRateFor, type ShippingMethodOption } from './settings';
import { loadShopSettings } from '../settings/shop-settings';
import type { OrderStatus } from './status';
import { grantMembership } from '../membership/service';
import { PLUS_DAYS_PER_UNIT, PLUS_SKU } from '../membership/plus-product';
import { publishLive } from '../events/bus';
import { nextDocumentNumber } from '../invoices/document-numbers';
import { creditNotesOfOrder, type CreditNote } from '../invoices/credit-notes';

// ---------------------------------------------------------------------------------------------------
// Tokens and numbers

// Crockford's base32: no I, L, O or U, so a number read out on the phone is not misheard.
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ORDER_NUMBER = /^EMP-[0-9A-HJKMNP-TV-Z]{10}$/;

/** 'EMP-' + 10 random base32 characters: 50 bits, so order numbers cannot be guessed or enumerated. */
export function newOrderNumber(): string {
  // 256 is a multiple of 32, so `byte & 31` is uniform.
  return 'EMP-' + [...randomBytes(10)].map((b) => BASE32[b & 31]).join('');
}

/** The one-time token a checkout page puts in its form; placeOrder accepts each token for one order only. */
export function newCheckoutToken(): string {
  return randomBytes(24).toString('base64url');
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The guest's order-link token, derived from the checkout token so that a replayed submission can hand
 * back the same link. Only its sha256 is stored; the checkout token itself is stored only as a hash too,
 * so neither can be recovered from the database.
 */
function accessTokenFor(idempotencyKey: string): string {
  return createHash('sha256').update(`emporium:order-access:${idempotencyKey}`).digest('base64url');
}

function accessTokenMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(sha256Hex(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** See the header: same checkout + same card + same amount = same key. Keyed by the token, so the card digits cannot be brute-forced from it without the token. */
function providerKeyFor(idempotencyKey: string, card: CardDetails, amountCents: number, currency: string): string {
  const digits = card.number.replace(/[\s-]/g, '');
  const mac = createHmac('sha256', idempotencyKey).update([digits, card.expMonth, card.expYear, amountCents, currency].join('|')).digest('base64url');
  return `${idempotencyKey}:${mac.slice(0, 22)}`;
}

// ---------------------------------------------------------------------------------------------------
// Quoting

export interface CheckoutQuoteInput {
  cartId: number;
  /** Whether the shopper is a Plus member, from the session: never from the request body. */
  audience: Audience;
  userId: number | null;
  /** For a guest's per-customer code limit; lower-cased here. */
  email: string;
  shippingMethodCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  region: string;
  discountCode: string | null;
  /** ms since epoch: the moment the code's dates are checked against. */
  now: number;
}

export interface QuotedLine extends PricedLine {
  productId: number;
  productName: string;
  sku: string;
  /** Options, e.g. "M / Blue". */
  label: string;
}

export interface CheckoutQuote {
  lines: QuotedLine[];
  totals: OrderTotals;
  shippingMethod: ShippingMethodOption;
  /** The code as stored (capitals), or null. */
  discountCode: string | null;
  /** Internal: the code's row, for the redemption. */
  discount: DiscountRecord | null;
}

/**
 * The order this cart would be now: current prices for this audience (catalog's variantsForSale), the
 * shipping method, the destination's tax and the code, priced by pricing/order-totals.ts. Lines no longer for
 * sale are left out, as the cart page leaves them out. Nothing here comes from what a client sent
 * except the choices (method, destination, code).
 */
export async function quoteCheckout(db: Knex, input: CheckoutQuoteInput): Promise<CheckoutQuote> {
  const email = normaliseEmail(input.email);
  const country = input.country.trim().toUpperCase();
  const region = input.region.trim();
  const code = normaliseDiscountCode(input.discountCode);

  const cartRows = await db('cart_lines').where('cart_id', input.cartId).orderBy('id').select('variant_id', 'quantity');
  if (cartRows.length === 0) throw new EmptyCartError();
  const [variants, shippingMethod, taxRate, discount, shop, homeRate] = await Promise.all([
    variantsForSale(db, cartRows.map((r) => toInt(r.variant_id)), input.audience),
    activeShippingMethod(db, input.shippingMethodCode, input.audience.locale),
    taxRateFor(db, country, region),
    code === null ? null : loadDiscount(db, code, input.userId, email),
    loadShopSettings(db),
    homeTaxRate(db),
  ]);

  const forSale = cartRows.flatMap((r) => {
    const variant = variants.get(toInt(r.variant_id));
    return variant ? [{ variant, quantity: toInt(r.quantity) }] : [];
  });
  if (forSale.length === 0) throw new EmptyCartError();
  if (input.userId === null && forSale.some((l) => l.variant.sku === PLUS_SKU)) throw new PlusNeedsAccountError();
  const short = forSale.find((l) => l.variant.stockOnHand < l.quantity);
  if (short) throw new OutOfStockError(short.variant.variantId, short.variant.sku, Math.max(0, short.variant.stockOnHand));
  if (!shippingMethod) throw new UnknownShippingMethodError(input.shippingMethodCode);
  if (taxRate === null) throw new DestinationNotServedError(country, region);

  // A code that does not apply throws DiscountCodeRejectedError, with its reason and any minimum to spend.
  const totals = priceOrder({
    lines: forSale.map((l) => ({ variantId: l.variant.variantId, quantity: l.quantity, unitPriceCents: l.variant.unitPriceCents })),
    shipping: shippingMethod,
    member: input.audience.member,
    discount,
    taxRateBasisPoints: taxRate,
    now: input.now,
    pricesIncludeTax: shop.pricesIncludeTax,
    homeTaxRateBasisPoints: homeRate,
  });

  const lines: QuotedLine[] = totals.lines.map((priced, i) => ({
    ...priced,
    productId: forSale[i].variant.productId,
    productName: forSale[i].variant.productName,
    sku: forSale[i].variant.sku,
    label: forSale[i].variant.label,
  }));
  return { lines, totals, shippingMethod, discountCode: discount?.code ?? null, discount };
}

// ---------------------------------------------------------------------------------------------------
// Placing

export type ShippingAddress = Omit<AddressInput, 'isDefault'>;

export interface PlaceOrderInput {
  /** The checkout page's one-time token (newCheckoutToken), from its hidden field. */
  idempotencyKey: string;
  cartId: number;
  audience: Audience;
  userId: number | null;
  email: string;
  shippingAddress: ShippingAddress;
  shippingMethodCode: string;
  discountCode: string | null;
  card: CardDetails;
  /** The total the review page showed: a different total now is CartChangedError, never a surprise charge. */
  expectedTotalCents: number;
  /** The shop's currency, from config. */
  currency: string;
  now: number;
  /** The shopper's language (the checkout page's, or the API's Accept-Language): the invoice's language. Absent: the shop's default. */
  locale?: Locale;
}

export interface OrderAmounts {
  currency: string;
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  /** VAT: added to reach totalCents, or with pricesIncludeTax already inside every amount above. */
  taxCents: number;
  totalCents: number;
  /** The amounts include VAT (the shop's setting when the order was placed); false: taxCents was added on top. */
  pricesIncludeTax: boolean;
}

export interface PlacedOrder {
  orderId: number;
  number: string;
  /** For the guest's order link (orderForViewer); only its hash is stored. The same on a replay. */
  accessToken: string;
  totals: OrderAmounts;
  /** True when this token had already placed the order: nothing was charged or written this time. */
  replayed: boolean;
}

interface SucceededCharge {
  chargeId: string;
  amountCents: number;
  currency: string;
  brand: CardBrand | string;
  last4: string;
}

interface OrderByKey {
  id: number;
  number: string;
  userId: number | null;
  cartId: number | null;
  amounts: OrderAmounts;
}

export function amountsFromRow(r: Record<string, unknown>): OrderAmounts {
  return {
    currency: r.currency as string,
    subtotalCents: toInt(r.subtotal_cents),
    discountCents: toInt(r.discount_cents),
    shippingCents: toInt(r.shipping_cents),
    taxCents: toInt(r.tax_cents),
    totalCents: toInt(r.total_cents),
    pricesIncludeTax: toBool(r.prices_include_tax),
  };
}

async function orderByKeyHash(db: Knex, keyHash: string): Promise<OrderByKey | null> {
  const row = await db('orders')
    .where('idempotency_key_hash', keyHash)
    .first('id', 'number', 'user_id', 'cart_id', 'currency', 'subtotal_cents', 'discount_cents', 'shipping_cents', 'tax_cents', 'total_cents', 'prices_include_tax');
  if (!row) return null;
  return {
    id: toInt(row.id),
    number: row.number,
    userId: row.user_id === null ? null : toInt(row.user_id),
    cartId: row.cart_id === null ? null : toInt(row.cart_id),
    amounts: amountsFromRow(row),
  };
}

function replay(order: OrderByKey, input: Omit<PlaceOrderInput, 'card'>): PlacedOrder {
  // A token is a secret of the page that received it; from another cart or account it is not proof of anything.
  if (order.cartId !== input.cartId || order.userId !== input.userId) throw new CheckoutTokenUsedError();
  return { orderId: order.id, number: order.number, accessToken: accessTokenFor(input.idempotencyKey), totals: order.amounts, replayed: true };
}

function validateContact(input: Omit<PlaceOrderInput, 'card'>): { email: string; address: ShippingAddress } {
  const email = normaliseEmail(input.email);
  const address: ShippingAddress = { ...input.shippingAddress, country: input.shippingAddress.country.trim().toUpperCase() };
  const problems: Record<string, MessageKey> = addressProblems({ ...address, isDefault: false });
  const emailError = emailProblem(email);
  if (emailError) problems.email = emailError;
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
  return { email, address };
}

function assertProgrammingInput(input: Omit<PlaceOrderInput, 'card'>): void {
  if (typeof input.idempotencyKey !== 'string' || input.idempotencyKey.length < 16 || input.idempotencyKey.length > 200) {
    // Short keys could be guessed or collide; the checkout page uses newCheckoutToken().
    throw new TypeError('idempotencyKey must be 16 to 200 characters (use newCheckoutToken)');
  }
  if (!/^[A-Z]{3}$/.test(input.currency)) throw new TypeError('currency must be an ISO 4217 code in capitals');
}

/**
 * Everything a payment attempt keeps so that its order can be written without the shopper (by the
 * reconciler, after a crash or a processor that answered late): the quote as confirmed, who and where.
 */
export interface AttemptSnapshot {
  quote: CheckoutQuote;
  email: string;
  address: ShippingAddress;
  userId: number | null;
  cartId: number;
  currency: string;
  shippingMethodCode: string;
  discountCode: string | null;
  expectedTotalCents: number;
  accessTokenHash: string;
  /** The shopper's language, for the invoice; absent in attempts from before it was kept. */
  locale?: Locale;
}

/** A double submit of one checkout with another card waits this long for the first card's answer. */
const SAME_CHECKOUT_WAIT_MS = 15_000;

/**
 * Places the order for a cart: re-quotes it, checks the total the shopper confirmed, writes and commits the
 * payment attempt (the cart's claim), charges the card with the attempt's key, then in one transaction
 * claims the token, takes the stock, redeems the code, writes the order, its lines and payment, marks the
 * attempt succeeded and empties the cart. See the header for how races, retries and crashes are handled.
 */
export async function placeOrder(db: Knex, provider: PaymentProvider, input: PlaceOrderInput): Promise<PlacedOrder> {
  const prepared = await prepareAttempt(db, provider.name, input, (total) => providerKeyFor(input.idempotencyKey, input.card, total, input.currency));
  if (prepared.kind === 'placed') return prepared.order;
  const { attempt, order, placed, totals, keyHash } = prepared;

  let result: ChargeResult;
  try {
    result = await provider.charge({ amountCents: totals.totalCents, currency: input.currency, card: input.card, idempotencyKey: attempt.processorKey, now: new Date(input.now) });
  } catch (err) {
    // No answer (a timeout, a broken connection): the charge may have been made. The attempt stays pending
    // and keeps the cart; the reconciler asks the processor and finishes it either way.
    if (err instanceof ProcessorTimeoutError || !(err instanceof TypeError || err instanceof IdempotencyKeyReuseError)) throw new PaymentPendingError(attempt.reference);
    throw err;
  }
  if (result.status === 'declined') {
    await failAttempt(db, attempt.id, result.reason, input.now);
    throw new PaymentDeclinedError(result.reason);
  }
  if (result.status === 'pending') throw new PaymentPendingError(attempt.reference);
  const charge: SucceededCharge = { chargeId: result.chargeId, amountCents: result.amountCents, currency: result.currency, brand: result.brand, last4: result.last4 };

  try {
    const { orderId, number } = await writeOrder(db, provider.name, order, charge, attempt);
    return placed(orderId, number);
  } catch (err) {
    return settleFailedOrder(db, provider, input, keyHash, attempt, charge, err);
  }
}

/** What the card checkout and the hosted page share before any processor call: the order written at once (free, or replayed) or the attempt committed. */
type PreparedAttempt =
  | { kind: 'placed'; order: PlacedOrder }
  | { kind: 'attempt'; attempt: PaymentAttempt; order: OrderToWrite; placed: (orderId: number, number: string) => PlacedOrder; totals: OrderTotals; keyHash: string };

/**
 * Re-quotes the cart, checks the total the shopper confirmed, and writes and commits the payment attempt (the
 * cart's claim) with the processor key keyFor(total) gives; a free order is written at once, a replayed
 * token answers with its order.
 */
async function prepareAttempt(db: Knex, providerName: string, input: Omit<PlaceOrderInput, 'card'>, keyFor: (totalCents: number) => string): Promise<PreparedAttempt> {
  assertProgrammingInput(input);
  const keyHash = sha256Hex(input.idempotencyKey);
  const existing = await orderByKeyHash(db, keyHash);
  if (existing) return { kind: 'placed', order: replay(existing, input) };

  const { email, address } = validateContact(input);
  const quote = await quoteCheckout(db, {
    cartId: input.cartId,
    audience: input.audience,
    userId: input.userId,
    email,
    shippingMethodCode: input.shippingMethodCode,
    country: address.country,
    region: address.region,
    discountCode: input.discountCode,
    now: input.now,
  });
  const { totals } = quote;
  if (totals.totalCents !== input.expectedTotalCents) throw new CartChangedError(input.expectedTotalCents, totals.totalCents);

  const accessToken = accessTokenFor(input.idempotencyKey);
  const accessTokenHash = sha256Hex(accessToken);
  const placed = (orderId: number, number: string): PlacedOrder => ({ orderId, number, accessToken, totals: amountsOf(input.currency, totals), replayed: false });
  const order: OrderToWrite = { userId: input.userId, cartId: input.cartId, currency: input.currency, now: input.now, email, address, quote, keyHash, accessTokenHash, wholeCart: true, locale: input.locale ?? null };

  // A free order (a 100 % code with free shipping) has nothing to charge; the processor refuses 0.
  if (totals.totalCents === 0) {
    try {
      const { orderId, number } = await writeOrder(db, providerName, order, null, null);
      return { kind: 'placed', order: placed(orderId, number) };
    } catch (err) {
      const winner = await orderByKeyHash(db, keyHash);
      if (winner) return { kind: 'placed', order: replay(winner, input) };
      throw err;
    }
  }

  const snapshot: AttemptSnapshot = {
    quote,
    email,
    address,
    userId: input.userId,
    cartId: input.cartId,
    currency: input.currency,
    shippingMethodCode: input.shippingMethodCode,
    discountCode: input.discountCode,
    expectedTotalCents: input.expectedTotalCents,
    accessTokenHash,
    ...(input.locale ? { locale: input.locale } : {}),
  };
  const attempt = await claimCartForPayment(db, providerName, keyFor(totals.totalCents), input, keyHash, snapshot);
  if ('replayed' in attempt) return { kind: 'placed', order: attempt };
  return { kind: 'attempt', attempt, order, placed, totals, keyHash };
}



export interface HostedPaymentInput extends Omit<PlaceOrderInput, 'card'> {
  locale: 'en' | 'fr';
  /** What the hosted page says is being paid for, in the shopper's language. */
  description: string;
  /** Where the processor sends the shopper back, by the attempt's reference. */
  returnUrl: (attemptReference: string) => string;
  cancelUrl: (attemptReference: string) => string;
}

export type HostedPaymentStart =
  /** Nothing to pay on the processor's page (a free order, or this token's order already placed). */
  | { kind: 'placed'; order: PlacedOrder }
  /** Send the shopper to redirectUrl (303); the attempt holds the cart until the processor's outcome. */
  | { kind: 'redirect'; attempt: PaymentAttempt; redirectUrl: string };

/** The hosted page's processor key: from the checkout token, the amount and the currency, without revealing the token (it derives the guest's order link). */
function hostedKeyFor(idempotencyKey: string, amountCents: number, currency: string): string {
  return 'hp_' + createHmac('sha256', idempotencyKey).update(['hosted', amountCents, currency].join('|')).digest('base64url');
}

/** Stripe keeps a page open 30 min to 24 h; an hour after the attempt leaves time to pay without holding the cart for a day. */
const HOSTED_PAGE_LIFETIME_MS = 60 * 60_000;

/**
 * The hosted-page checkout (Stripe): the payment attempt is written and committed exactly as for a card (same
 * quote check, same cart claim, same snapshot), then the processor's page is started with the attempt's key
 * and its reference stored on the attempt. The order is written later, from the snapshot, by whichever of the
 * shopper's return, the webhook or the reconciler first learns the money was taken (completeAttemptOrder).
 */
export async function startHostedPayment(db: Knex, provider: RedirectPaymentProvider, input: HostedPaymentInput): Promise<HostedPaymentStart> {
  const prepared = await prepareAttempt(db, provider.name, input, (total) => hostedKeyFor(input.idempotencyKey, total, input.currency));
  if (prepared.kind === 'placed') return prepared;
  const { attempt } = prepared;
  let started;
  try {
    // The same key gives back the same page: a double submit or a retry never opens a second payment.
    started = await provider.startPayment({
      idempotencyKey: attempt.processorKey,
      amountCents: attempt.amountCents,
      currency: attempt.currency,
      description: input.description,
      locale: input.locale,
      customerEmail: (attempt.snapshot as AttemptSnapshot).email,
      returnUrl: input.returnUrl(attempt.reference),
      cancelUrl: input.cancelUrl(attempt.reference),
      expiresAt: new Date(attempt.createdAt + HOSTED_PAGE_LIFETIME_MS),
    });
  } catch (err) {
    if (err instanceof TypeError) throw err;
    // The shopper never got a page's URL, so nothing can be paid on it: the cart is released at once.
    await failAttempt(db, attempt.id, 'page_unavailable', Date.now());
    throw new PaymentPageUnavailableError();
  }
  await setProcessorReference(db, attempt.id, started.reference, Date.now());
  return { kind: 'redirect', attempt: { ...attempt, processorReference: started.reference }, redirectUrl: started.redirectUrl };
}
function amountsOf(currency: string, totals: OrderTotals): OrderAmounts {
  return { currency, subtotalCents: totals.subtotalCents, discountCents: totals.discountCents, shippingCents: totals.shippingCents, taxCents: totals.taxCents, totalCents: totals.totalCents, pricesIncludeTax: totals.pricesIncludeTax };
}

/**
 * Writes the payment attempt and with it the cart's claim, before any charge. A double submit of the same
 * checkout and card meets its own attempt (same processor key) and charges with it again, which the
 * processor answers without charging twice; the same checkout with another card waits for the first; any
 * other checkout of the cart (another tab, device, app) is refused with PaymentInProgressError.
 */
async function claimCartForPayment(db: Knex, providerName: string, processorKey: string, input: Omit<PlaceOrderInput, 'card'>, keyHash: string, snapshot: AttemptSnapshot): Promise<PaymentAttempt | PlacedOrder> {
  const amountCents = snapshot.quote.totals.totalCents;
  for (let round = 0; ; round++) {
    const start = await startAttempt(db, { processorKey, checkoutKeyHash: keyHash, cartId: input.cartId, userId: input.userId, provider: providerName, amountCents, currency: input.currency, snapshot, now: input.now });
    if (start.kind === 'started') {
      // The claim is ours. An order of this checkout, or of this cart from another device, may have committed
      // between our quote and our claim: then its lines are gone and nothing may be charged.
      const order = await orderByKeyHash(db, keyHash);
      if (!order && (await cartStillHolds(db, input.cartId, snapshot.quote))) return start.attempt;
      await failAttempt(db, start.attempt.id, 'cart_changed', input.now);
      if (order) return replay(order, input);
      throw new CartChangedError(input.expectedTotalCents, 0);
    }
    if (start.kind === 'existing') {
      const { attempt } = start;
      if (attempt.status === 'pending') return attempt;
      // Never charge again with a settled attempt's key: its answer is known (a decline is told again as it was).
      if (attempt.status === 'failed' && isDeclineReason(attempt.declineReason)) throw new PaymentDeclinedError(attempt.declineReason);
      const order = await orderByKeyHash(db, keyHash);
      if (order) return replay(order, input);
      // Its order could not be written and its money is being (or was) given back: a fresh review starts again.
      throw new CheckoutInterruptedError();
    }
    const { holder } = start;
    if (holder.checkoutKeyHash !== keyHash || round >= 2) throw new PaymentInProgressError(holder.reference);
    const settled = await waitForAttempt(db, holder.id, SAME_CHECKOUT_WAIT_MS);
    if (settled?.status === 'pending') throw new PaymentInProgressError(holder.reference);
    const order = await orderByKeyHash(db, keyHash);
    if (order) return replay(order, input);
  }
}

/** Every quoted line is still in the cart with its quantity (checked after the cart is claimed, before the charge). */
async function cartStillHolds(db: Knex, cartId: number, quote: CheckoutQuote): Promise<boolean> {
  const rows = await db('cart_lines').where('cart_id', cartId).select('variant_id', 'quantity');
  const inCart = new Map(rows.map((r) => [toInt(r.variant_id), toInt(r.quantity)]));
  return quote.lines.every((l) => inCart.get(l.variantId) === l.quantity);
}

/**
 * After the order's transaction failed: a concurrent submission (or the reconciler) may have written the
 * order for this checkout (then answer with it); otherwise the attempt is given up and its charge refunded,
 * and the error goes to the shopper.
 */
async function settleFailedOrder(db: Knex, provider: PaymentProvider, input: PlaceOrderInput, keyHash: string, attempt: PaymentAttempt, charge: SucceededCharge, err: unknown): Promise<PlacedOrder> {
  const winner = await orderByKeyHash(db, keyHash);
  if (winner) {
    const settled = await attemptById(db, attempt.id);
    // The order is this checkout's and was paid by this very attempt (a double submit, or the reconciler first).
    if (settled?.orderId === winner.id) return replay(winner, input);
  }
  const refund = await giveUpAttempt(db, attempt, charge, Date.now());
  if (!refund) {
    // Someone else moved the attempt first: completed it (then its order is the answer) or gave it up.
    const settled = await attemptById(db, attempt.id);
    if (settled?.status === 'succeeded') {
      const order = await orderByKeyHash(db, keyHash);
      if (order) return replay(order, input);
    }
    if (winner) return replay(winner, input);
    if (err instanceof AttemptSettledError || isUniqueViolation(err)) throw new CheckoutInterruptedError();
    throw err;
  }
  const outcome = await sendRefund(db, provider, refund);
  if (winner) return replay(winner, input);
  if (outcome !== 'succeeded') throw new RefundPendingError(charge.chargeId, err);
  throw err instanceof AttemptSettledError ? new CheckoutInterruptedError() : err;
}

const DECLINE_REASONS: readonly string[] = ['card_declined', 'insufficient_funds', 'invalid_number', 'expired_card', 'invalid_cvc', 'invalid_expiry'] satisfies DeclineReason[];

function isDeclineReason(reason: string | null): reason is DeclineReason {
  return reason !== null && DECLINE_REASONS.includes(reason);
}

/** The attempt had been settled by someone else when this order tried to claim it: the transaction is undone. */
class AttemptSettledError extends Error {
  constructor() {
    super('the payment attempt was settled by another process');
    this.name = new.target.name;
  }
}

/** What writing an order needs, from the checkout (placeOrder) or from an attempt's snapshot (the reconciler). */
interface OrderToWrite {
  userId: number | null;
  cartId: number | null;
  currency: string;
  now: number;
  email: string;
  address: ShippingAddress;
  quote: CheckoutQuote;
  keyHash: string;
  accessTokenHash: string;
  /**
   * The checkout: every ordered line must still be in the cart (another channel's order may have taken them).
   * The reconciler: the money was taken, so the order is written from the snapshot whatever the cart holds now.
   */
  wholeCart: boolean;
  /** The invoice's language; null: the shop's default. */
  locale: Locale | null;
}

function isOrderNumberCollision(err: unknown): boolean {
  if (!isUniqueViolation(err)) return false;
  const { constraint, message } = err as { constraint?: string; message?: string };
  return /orders[._]number/.test(constraint ?? message ?? '');
}

async function writeOrder(db: Knex, providerName: string, order: OrderToWrite, charge: SucceededCharge | null, attempt: PaymentAttempt | null): Promise<{ orderId: number; number: string }> {
  // 50 random bits make a collision unlikely for the shop's lifetime; it is retried rather than ruled out.
  for (let round = 1; ; round++) {
    const number = newOrderNumber();
    try {
      const orderId = await db.transaction((trx) => writeOrderIn(trx, providerName, number, order, charge, attempt));
      return { orderId, number };
    } catch (err) {
      if (round >= 3 || !isOrderNumberCollision(err)) throw err;
    }
  }
}

/** Everything the order changes, on `trx` only (a query on the knex instance here would wait forever for SQLite's one connection). */
async function writeOrderIn(trx: Knex.Transaction, providerName: string, number: string, args: OrderToWrite, charge: SucceededCharge | null, attempt: PaymentAttempt | null): Promise<number> {
  const { email, address, quote, keyHash, accessTokenHash, userId, cartId, now } = args;
  const { totals } = quote;

  // First: the unique token claims this checkout before anything else is touched.
  const [inserted] = await trx('orders')
    .insert({
      number,
      user_id: userId,
      cart_id: cartId,
      email,
      status: 'paid' satisfies OrderStatus,
      currency: args.currency,
      subtotal_cents: totals.subtotalCents,
      discount_cents: totals.discountCents,
      shipping_cents: totals.shippingCents,
      tax_cents: totals.taxCents,
      total_cents: totals.totalCents,
      tax_rate_bp: totals.taxRateBasisPoints,
      // A snapshot written before the setting existed has no flag: those prices were tax-exclusive.
      prices_include_tax: totals.pricesIncludeTax === true,
      discount_code: quote.discountCode,
      shipping_method: quote.shippingMethod.code,
      ship_name: address.name,
      ship_line1: address.line1,
      ship_line2: address.line2,
      ship_postal_code: address.postalCode,
      ship_city: address.city,
      ship_region: address.region,
      ship_country: address.country,
      ship_phone: address.phone,
      access_token_hash: accessTokenHash,
      idempotency_key_hash: keyHash,
      locale: args.locale,
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  const orderId = toInt(typeof inserted === 'object' ? inserted.id : inserted);

  // Second: the attempt becomes this order's; if another process settled it meanwhile, nothing here stands.
  if (attempt && charge) {
    const claimed = await moveAttempt(trx, attempt.id, 'pending', 'succeeded', now, { order_id: orderId, charge_id: charge.chargeId, brand: charge.brand, last4: charge.last4, claimed_until: null });
    if (!claimed) throw new AttemptSettledError();
  }

  // Variant id order: every transaction locks rows in the same order.
  for (const line of [...quote.lines].sort((a, b) => a.variantId - b.variantId)) {
    try {
      await changeStock(trx, { variantId: line.variantId, change: -line.quantity, reason: 'order', orderId, actorUserId: userId, now });
    } catch (err) {
      if (err instanceof StockWouldGoNegativeError) throw new OutOfStockError(line.variantId, line.sku, null);
      throw err;
    }
  }

  const discount = quote.discount;
  if (discount) {
    const redeemed = await trx('discount_codes')
      .where('id', discount.id)
      .andWhere((b) => b.whereNull('usage_limit').orWhere('times_used', '<', trx.ref('usage_limit')))
      .update({ times_used: trx.raw('times_used + 1') });
    if (redeemed === 0) throw new DiscountCodeRejectedError(discount.code, 'used_up');
    // After the update above: it holds the code's row lock, so this count sees every earlier redemption.
    if (discount.perCustomerLimit !== null && (await redemptionsByCustomer(trx, discount.id, userId, email)) >= discount.perCustomerLimit) {
      throw new DiscountCodeRejectedError(discount.code, 'customer_limit_reached');
    }
    await trx('order_discount_redemptions').insert({ discount_code_id: discount.id, user_id: userId, email, order_id: orderId, created_at: now });
  }

  await trx('order_lines').insert(
    quote.lines.map((l) => ({
      order_id: orderId,
      variant_id: l.variantId,
      product_id: l.productId,
      product_name: l.productName,
      sku: l.sku,
      options_label: l.label,
      quantity: l.quantity,
      unit_price_cents: l.unitPriceCents,
      line_subtotal_cents: l.lineSubtotalCents,
      line_discount_cents: l.lineDiscountCents,
      line_tax_cents: l.lineTaxCents,
      line_total_cents: l.lineTotalCents,
    })),
  );

  if (charge) {
    // The order's payment record, as the order pages, the APIs and the back office read it.
    await trx('payments').insert({
      order_id: orderId,
      provider: providerName,
      charge_id: charge.chargeId,
      status: 'succeeded',
      amount_cents: charge.amountCents,
      currency: charge.currency,
      brand: charge.brand,
      last4: charge.last4,
      created_at: now,
    });
  }

  // Emporium Plus: the membership comes with the paid order, in the same transaction (quoteCheckout refused guests).
  const plusUnits = quote.lines.filter((l) => l.sku === PLUS_SKU).reduce((n, l) => n + l.quantity, 0);
  if (plusUnits > 0) {
    if (userId === null) throw new PlusNeedsAccountError();
    await grantMembership(trx, userId, { days: plusUnits * PLUS_DAYS_PER_UNIT, source: 'order', now });
  }

  if (cartId !== null) {
    // Only what was ordered: a line added in another tab since the review stays in the cart. Every ordered line
    // must still be there: if another order (another device, the API) took them first, this one is not placed.
    const emptied = await trx('cart_lines').where('cart_id', cartId).whereIn('variant_id', quote.lines.map((l) => l.variantId)).delete();
    if (args.wholeCart && emptied !== quote.lines.length) throw new CartChangedError(totals.totalCents, 0);
    // A code kept on the cart (GraphQL's applyDiscountCode) was for this order; the next one starts without it.
    await trx('carts').where('id', cartId).update({ discount_code: null });
  }

  // Last, so the sequence's row is held as briefly as possible: the invoice number, gap-free per year because a
  // rollback of this transaction gives it back (invoices/document-numbers.ts).
  await trx('orders').where('id', orderId).update({ invoice_number: await nextDocumentNumber(trx, 'invoice', now) });

  // Staff watching the orders list hear of it at commit (never if this transaction rolls back).
  await publishLive(trx, {
    type: 'order-new',
    number,
    totalCents: totals.totalCents,
    currency: args.currency,
    placedAt: now,
    itemCount: quote.lines.reduce((n, l) => n + l.quantity, 0),
  });
  return orderId;
}

/**
 * The reconciler's half of placeOrder: the processor says an attempt's charge succeeded, so its order is
 * written from the attempt's snapshot (goods still there) or the attempt is given up and the money refunded.
 * Returns the order's number, or null when the charge went back to the shopper. Idempotent: an attempt already
 * settled by the checkout is left as it is.
 */
export async function completeAttemptOrder(
  db: Knex,
  provider: PaymentProvider,
  attempt: PaymentAttempt,
  charge: SucceededCharge,
  now = Date.now(),
): Promise<{ outcome: 'placed'; orderId: number; number: string; accessToken: string } | { outcome: 'refunded' | 'refund_pending' | 'already_settled' }> {
  const snapshot = attempt.snapshot as AttemptSnapshot | null;
  if (!snapshot?.quote) throw new Error(`payment attempt ${attempt.reference} has no usable snapshot`);
  // A new link token: the checkout's own token is stored only as a hash, and this order's email carries the link.
  const accessToken = randomBytes(24).toString('base64url');
  const order: OrderToWrite = {
    userId: attempt.userId,
    cartId: attempt.cartId,
    currency: attempt.currency,
    now,
    email: snapshot.email,
    address: snapshot.address,
    quote: snapshot.quote,
    keyHash: attempt.checkoutKeyHash,
    accessTokenHash: sha256Hex(accessToken),
    wholeCart: false,
    locale: isLocale(snapshot.locale) ? snapshot.locale : null,
  };
  try {
    const { orderId, number } = await writeOrder(db, provider.name, order, charge, attempt);
    return { outcome: 'placed', orderId, number, accessToken };
  } catch (err) {
    // Only a refusal of the order itself (stock gone, code used up) gives the money back; a database failure is retried on the next run.
    if (err instanceof AttemptSettledError) return { outcome: 'already_settled' };
    if (!(err instanceof DomainError) && !isUniqueViolation(err)) throw err;
    const refund = await giveUpAttempt(db, attempt, charge, now);
    if (!refund) return { outcome: 'already_settled' };
    const sent = await sendRefund(db, provider, refund, now);
    return { outcome: sent === 'succeeded' ? 'refunded' : 'refund_pending' };
  }
}

// ---------------------------------------------------------------------------------------------------
// Reading

export interface OrderLineView {
  variantId: number | null;
  productId: number | null;
  productName: string;
  sku: string;
  label: string;
  quantity: number;
  unitPriceCents: number;
  lineSubtotalCents: number;
  lineDiscountCents: number;
  lineTaxCents: number;
  lineTotalCents: number;
}

export interface PaymentView {
  provider: string;
  status: string;
  amountCents: number;
  brand: string;
  last4: string;
}

export interface OrderView extends OrderAmounts {
  number: string;
  /** Its invoice's number (invoices/document-numbers.ts). */
  invoiceNumber: string | null;
  /** The language of its checkout, for its invoice; null: the shop's default. */
  locale: Locale | null;
  /** A credit note per confirmed refund, oldest first. */
  creditNotes: CreditNote[];
  status: OrderStatus;
  email: string;
  userId: number | null;
  taxRateBasisPoints: number;
  discountCode: string | null;
  shippingMethodCode: string;
  shippingAddress: ShippingAddress;
  lines: OrderLineView[];
  payment: PaymentView | null;
  placedAt: Date;
  updatedAt: Date;
}

export interface OrderViewer {
  userId: number | null;
  /** From a guest's order link. */
  accessToken: string | null;
  isStaff: boolean;
}

// Rows to views: one reading of the orders, order_lines and payments columns for pages, APIs and the back office.

const intOrNull = (v: unknown) => (v === null || v === undefined ? null : toInt(v));

export function shippingAddressFromRow(r: Record<string, unknown>): ShippingAddress {
  return {
    name: r.ship_name as string,
    line1: r.ship_line1 as string,
    line2: r.ship_line2 as string,
    postalCode: r.ship_postal_code as string,
    city: r.ship_city as string,
    region: r.ship_region as string,
    country: r.ship_country as string,
    phone: r.ship_phone as string,
  };
}

/** An order line as sold: name, SKU and prices are the order's own, whatever the catalog says now. */
export function orderLineFromRow(l: Record<string, unknown>): OrderLineView {
  return {
    variantId: intOrNull(l.variant_id),
    productId: intOrNull(l.product_id),
    productName: l.product_name as string,
    sku: l.sku as string,
    label: l.options_label as string,
    quantity: toInt(l.quantity),
    unitPriceCents: toInt(l.unit_price_cents),
    lineSubtotalCents: toInt(l.line_subtotal_cents),
    lineDiscountCents: toInt(l.line_discount_cents),
    lineTaxCents: toInt(l.line_tax_cents),
    lineTotalCents: toInt(l.line_total_cents),
  };
}

export function paymentFromRow(p: Record<string, unknown> | undefined): PaymentView | null {
  if (!p) return null;
  return { provider: p.provider as string, status: p.status as string, amountCents: toInt(p.amount_cents), brand: p.brand as string, last4: p.last4 as string };
}

/**
 * The order for someone allowed to see it: its customer, whoever holds its link's token, or staff.
 * Anyone else gets null, exactly as for a number that does not exist, so numbers cannot be probed.
 */
export async function orderForViewer(db: Knex, number: string, viewer: OrderViewer): Promise<OrderView | null> {
  if (!ORDER_NUMBER.test(number)) return null;
  const row = await db('orders').where('number', number).first();
  if (!row) return null;
  const ownerId = row.user_id === null ? null : toInt(row.user_id);
  const allowed =
    viewer.isStaff ||
    (ownerId !== null && ownerId === viewer.userId) ||
    (typeof viewer.accessToken === 'string' && viewer.accessToken !== '' && accessTokenMatches(viewer.accessToken, row.access_token_hash));
  if (!allowed) return null;

  const [lineRows, paymentRow, creditNotes] = await Promise.all([
    db('order_lines').where('order_id', row.id).orderBy('id'),
    db('payments').where('order_id', row.id).orderBy('id').first(),
    creditNotesOfOrder(db, toInt(row.id)),
  ]);
  return {
    ...amountsFromRow(row),
    number: row.number,
    invoiceNumber: row.invoice_number ?? null,
    locale: isLocale(row.locale) ? row.locale : null,
    creditNotes,
    status: row.status,
    email: row.email,
    userId: ownerId,
    taxRateBasisPoints: toInt(row.tax_rate_bp),
    discountCode: row.discount_code ?? null,
    shippingMethodCode: row.shipping_method,
    shippingAddress: shippingAddressFromRow(row),
    lines: lineRows.map(orderLineFromRow),
    payment: paymentFromRow(paymentRow),
    placedAt: new Date(toInt(row.created_at)),
    updatedAt: new Date(toInt(row.updated_at)),
  };
}

export interface OrderSummary {
  number: string;
  status: OrderStatus;
  currency: string;
  totalCents: number;
  itemCount: number;
  placedAt: Date;
}

/** A customer's orders with their item counts, newest first: the one order every list of them uses. */
function summaryQuery(db: Knex, userId: number): Knex.QueryBuilder {
  return db('orders as o')
    .leftJoin('order_lines as l', 'l.order_id', 'o.id')
    .where('o.user_id', userId)
    .groupBy('o.id', 'o.number', 'o.status', 'o.currency', 'o.total_cents', 'o.created_at')
    .orderBy([{ column: 'o.created_at', order: 'desc' }, { column: 'o.id', order: 'desc' }])
    .select('o.number', 'o.status', 'o.currency', 'o.total_cents', 'o.created_at')
    .sum({ items: 'l.quantity' });
}

function summaryFromRow(r: Record<string, unknown>): OrderSummary {
  return {
    number: r.number as string,
    status: r.status as OrderStatus,
    currency: r.currency as string,
    totalCents: toInt(r.total_cents),
    itemCount: toInt(r.items),
    placedAt: new Date(toInt(r.created_at)),
  };
}

/** A customer's orders, newest first. */
export async function ordersOfUser(db: Knex, userId: number): Promise<OrderSummary[]> {
  const rows = await summaryQuery(db, userId);
  return rows.map(summaryFromRow);
}

/** One page of a customer's orders, newest first; a page past the end gives the last page (lib/pagination). */
export async function pageOfOrdersOfUser(db: Knex, userId: number, requestedPage: number, perPage: number): Promise<{ orders: OrderSummary[]; window: PageWindow }> {
  const counted = await db('orders').where('user_id', userId).count({ n: '*' }).first();
  const window = pageWindow(toInt(counted?.n), requestedPage, perPage);
  const rows = await summaryQuery(db, userId).limit(perPage).offset(window.offset);
  return { orders: rows.map(summaryFromRow), window };
}
