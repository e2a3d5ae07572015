// Order totals for checkout: subtotal, discount code, shipping and tax rules in one place, in integer cents.
//
// The rules, in the order they apply (each one is pinned by a test in order-totals.test.ts):
//
// 1. subtotal = Σ quantity × unitPriceCents. Unit prices are what this shopper pays (member prices
//    already applied by unit-price.ts); tax-exclusive unless pricesIncludeTax (see below).
// 2. The discount code is checked (discounts/rules.ts checkDiscount) against the subtotal before any
//    discount. A rejected code throws DiscountCodeRejectedError: an order never silently loses the code
//    the shopper typed.
// 3. Goods discount: a percent code takes round_half_up(subtotal × basisPoints / 10000); a fixed code
//    takes its value capped at the subtotal. Either way the order discount is then split across the
//    lines in proportion to their subtotals by the largest-remainder method, so the line discounts
//    always add up to the order discount exactly and no line is discounted below zero.
//    Discounts never apply to shipping or tax.
// 4. Shipping is free when the subtotal BEFORE the discount reaches the method's freeAboveCents, when
//    the method is free for members and the customer is one, or when the code is a free-shipping code
//    (which frees any method, not only standard). The threshold uses the pre-discount subtotal so that
//    the "free shipping from €50" promise matches the subtotal the cart page shows above the code.
// 5. Tax is charged on each line's net amount (subtotal − discount) and on the shipping charged, as
//    its own line: lineTax = round_half_up(net × rate / 10000), rounded once per line, and
//    taxCents = Σ lineTax + shippingTax. Rounding per line (not on the order) lets an invoice or a
//    partial refund show each line's tax and still add up to the order's.
// 6. total = subtotal − discount + shipping + tax, never negative.
//
// Arithmetic is integer only (BigInt where products of cents could pass 2^53); no float touches money.
//
// Tax-inclusive prices (pricesIncludeTax, the shop setting for consumer shops; EU law wants consumer prices
// shown VAT included): unit prices and shipping prices are gross. Rules 1-4 apply unchanged to the gross
// amounts; rule 5 takes each line's VAT out of its net instead of adding it,
// lineTax = round_half_up(net × rate / (10000 + rate)), the same for the shipping charged, and rule 6 stops
// adding it: total = subtotal − discount + shipping. A line's total is then its net, VAT included.
//
// Destinations (the one rule, here only): the gross price the shopper saw stays the same for every destination
// that charges VAT, whatever its rate; the VAT inside is the destination's. A destination with no VAT (rate 0)
// pays the price without the shop's home VAT: each unit price and the shipping price become
// round_half_up(gross × 10000 / (10000 + homeRate)) before rules 1-6 (as Shopify and Saleor do for EU
// consumer shops). The free-shipping threshold and a code's minimum are still compared with the subtotal of
// the prices as shown (gross), the promise the shop made. homeRate is the rate of the shop's home country
// (orders/settings.ts homeTaxRate).

import { checkDiscount, DiscountCodeRejectedError, type DiscountCode } from '../discounts/rules';

export const MAX_QUANTITY = 99;
export const BASIS_POINTS = 10_000;

export interface PricingLineInput {
  variantId: number;
  /** Whole units, 1..99. */
  quantity: number;
  /** What this shopper pays for one unit, in cents: tax-exclusive, or VAT included with pricesIncludeTax. */
  unitPriceCents: number;
  /** Carried through untouched: every line pays the destination's one rate until reduced rates exist. */
  taxCategory?: string;
}

export interface ShippingMethod {
  code: string;
  priceCents: number;
  /** Shipping is free when the pre-discount subtotal is at least this; null: never free by amount. */
  freeAboveCents: number | null;
  freeForMembers: boolean;
}

export interface OrderPricingInput {
  lines: readonly PricingLineInput[];
  shipping: ShippingMethod;
  /** The customer holds an active Plus membership. */
  member: boolean;
  discount: DiscountCode | null;
  /** Tax rate of the destination in basis points (2000 = 20 %). */
  taxRateBasisPoints: number;
  /** ms since epoch; passed in so a price is reproducible and testable. */
  now: number;
  /** Unit and shipping prices include VAT (the shop setting); absent or false: tax-exclusive prices, tax added. */
  pricesIncludeTax?: boolean;
  /** With pricesIncludeTax: the VAT rate of the shop's home country, taken out for destinations without VAT. */
  homeTaxRateBasisPoints?: number;
}

export interface PricedLine {
  variantId: number;
  quantity: number;
  unitPriceCents: number;
  taxCategory?: string;
  /** quantity × unitPriceCents */
  lineSubtotalCents: number;
  /** This line's share of the order discount. */
  lineDiscountCents: number;
  /** Tax on (lineSubtotal − lineDiscount), rounded once for the line; with tax-inclusive prices, the VAT inside it. */
  lineTaxCents: number;
  /** lineSubtotal − lineDiscount + lineTax; with tax-inclusive prices lineSubtotal − lineDiscount (VAT included). */
  lineTotalCents: number;
}

/** Why shipping costs nothing; null when it is charged (or the method itself is free). */
export type FreeShippingReason = 'threshold' | 'member' | 'discount';

export interface OrderTotals {
  lines: PricedLine[];
  /** Σ lineSubtotal: goods before discount and tax. */
  subtotalCents: number;
  /** Discount on goods (Σ lineDiscount); a free-shipping code shows up in shipping, not here. */
  discountCents: number;
  shippingMethodCode: string;
  /** The method's price before any free-shipping rule, for showing "€4.90 → free". */
  shippingFullPriceCents: number;
  /** Shipping charged, after free-shipping rules. */
  shippingCents: number;
  freeShipping: FreeShippingReason | null;
  /** Tax on the shipping charged; included in taxCents. */
  shippingTaxCents: number;
  taxRateBasisPoints: number;
  /** Σ lineTax + shippingTax; with tax-inclusive prices, the VAT included in totalCents. */
  taxCents: number;
  /** subtotal − discount + shipping + tax; with tax-inclusive prices subtotal − discount + shipping. */
  totalCents: number;
  /** Unit prices, subtotal, discount and shipping above include VAT (taxCents is inside totalCents, not added). */
  pricesIncludeTax: boolean;
  /** The code that passed checkDiscount, or null; set even when it changed nothing (free-shipping code on an order already shipping free). */
  appliedDiscount: string | null;
}

/** round_half_up(amount × numerator / denominator) for non-negative integers, exact at any size. */
export function mulDivHalfUp(amount: number, numerator: number, denominator: number): number {
  const n = BigInt(amount) * BigInt(numerator);
  const d = BigInt(denominator);
  return toSafeNumber((2n * n + d) / (2n * d));
}

/** Tax on one net amount (a line after discount, or the shipping charged), rounded half-up to the cent. */
export function taxFor(netCents: number, rateBasisPoints: number): number {
  return mulDivHalfUp(netCents, rateBasisPoints, BASIS_POINTS);
}

/** The VAT inside a gross amount at rate, rounded half-up to the cent: round_half_up(gross × rate / (10000 + rate)). */
export function includedTaxFor(grossCents: number, rateBasisPoints: number): number {
  return mulDivHalfUp(grossCents, rateBasisPoints, BASIS_POINTS + rateBasisPoints);
}

/** The VAT inside gross line amounts at one rate, rounded once per line as priceOrder does (the cart's "incl. €X VAT"). */
export function includedTaxOfLines(lineGrossCents: readonly number[], rateBasisPoints: number): number {
  return toSafeNumber(lineGrossCents.reduce((sum, gross) => sum + BigInt(includedTaxFor(gross, rateBasisPoints)), 0n));
}

/** A gross price without VAT at rate: round_half_up(gross × 10000 / (10000 + rate)). */
export function withoutTax(grossCents: number, rateBasisPoints: number): number {
  return mulDivHalfUp(grossCents, BASIS_POINTS, BASIS_POINTS + rateBasisPoints);
}

/**
 * Splits `amount` across `weights` in proportion, in whole cents, summing to `amount` exactly
 * (largest-remainder method): each share is floored, then the cents left over go one each to the
 * largest remainders, ties to the earlier weight. Deterministic, so the same cart always splits the
 * same way. With amount ≤ Σ weights, no share exceeds its weight.
 */
export function allocateProportionally(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + BigInt(w), 0n);
  if (amount === 0 || total === 0n) return weights.map(() => 0);
  const a = BigInt(amount);
  const shares = weights.map((w) => (a * BigInt(w)) / total);
  const remainders = weights.map((w, index) => ({ index, rest: (a * BigInt(w)) % total }));
  let left = amount - shares.reduce((sum, s) => sum + Number(s), 0);
  remainders.sort((x, y) => (x.rest === y.rest ? x.index - y.index : x.rest > y.rest ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0) break;
    shares[index] += 1n;
    left--;
  }
  return shares.map(toSafeNumber);
}

/** Prices an order. Throws TypeError for malformed input (a bug in the caller), DiscountCodeRejectedError for a code that does not apply. */
export function priceOrder(input: OrderPricingInput): OrderTotals {
  assertValidInput(input);
  const { member, discount, taxRateBasisPoints: rate, now } = input;
  const inclusive = input.pricesIncludeTax === true;
  // Tax-inclusive prices to a destination without VAT: the home VAT comes out of every price first.
  const exportNet = inclusive && rate === 0 && (input.homeTaxRateBasisPoints ?? 0) > 0;
  const homeRate = input.homeTaxRateBasisPoints ?? 0;
  const shownSubtotalCents = toSafeNumber(input.lines.reduce((sum, l) => sum + BigInt(l.quantity) * BigInt(l.unitPriceCents), 0n));
  const unitPrices = input.lines.map((l) => (exportNet ? withoutTax(l.unitPriceCents, homeRate) : l.unitPriceCents));
  const shipping: ShippingMethod = exportNet ? { ...input.shipping, priceCents: withoutTax(input.shipping.priceCents, homeRate) } : input.shipping;

  const lineSubtotals = input.lines.map((line, i) => toSafeNumber(BigInt(line.quantity) * BigInt(unitPrices[i])));
  const subtotalCents = toSafeNumber(lineSubtotals.reduce((sum, s) => sum + BigInt(s), 0n));

  if (discount) {
    const check = checkDiscount(discount, { subtotalCents: shownSubtotalCents, member, now });
    if (!check.ok) throw new DiscountCodeRejectedError(discount.code, check.reason, discount.minSubtotalCents);
  }

  let discountCents = 0;
  if (discount?.kind === 'percent') discountCents = mulDivHalfUp(subtotalCents, discount.value, BASIS_POINTS);
  if (discount?.kind === 'fixed') discountCents = Math.min(discount.value, subtotalCents);
  const lineDiscounts = allocateProportionally(discountCents, lineSubtotals);

  let freeShipping: FreeShippingReason | null = null;
  if (shipping.priceCents > 0) {
    if (shipping.freeAboveCents !== null && shownSubtotalCents >= shipping.freeAboveCents) freeShipping = 'threshold';
    else if (shipping.freeForMembers && member) freeShipping = 'member';
    else if (discount?.kind === 'free_shipping') freeShipping = 'discount';
  }
  const shippingCents = freeShipping ? 0 : shipping.priceCents;
  const taxOf = (net: number) => (inclusive ? includedTaxFor(net, rate) : taxFor(net, rate));
  const shippingTaxCents = taxOf(shippingCents);

  const lines: PricedLine[] = input.lines.map((line, i) => {
    const net = lineSubtotals[i] - lineDiscounts[i];
    const lineTaxCents = taxOf(net);
    const priced: PricedLine = {
      variantId: line.variantId,
      quantity: line.quantity,
      unitPriceCents: unitPrices[i],
      lineSubtotalCents: lineSubtotals[i],
      lineDiscountCents: lineDiscounts[i],
      lineTaxCents,
      lineTotalCents: inclusive ? net : net + lineTaxCents,
    };
    if (line.taxCategory !== undefined) priced.taxCategory = line.taxCategory;
    return priced;
  });

  const taxCents = toSafeNumber(lines.reduce((sum, l) => sum + BigInt(l.lineTaxCents), BigInt(shippingTaxCents)));
  const totalCents = toSafeNumber(BigInt(subtotalCents) - BigInt(discountCents) + BigInt(shippingCents) + (inclusive ? 0n : BigInt(taxCents)));

  return {
    lines,
    subtotalCents,
    discountCents,
    shippingMethodCode: shipping.code,
    shippingFullPriceCents: shipping.priceCents,
    shippingCents,
    freeShipping,
    shippingTaxCents,
    taxRateBasisPoints: rate,
    taxCents,
    totalCents,
    appliedDiscount: discount ? discount.code : null,
    pricesIncludeTax: inclusive,
  };
}

function toSafeNumber(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError('amount is too large to price exactly');
  return n;
}

/** Non-negative whole number: valid cents, counts and limits. */
function isCents(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** Programming errors, not shopper errors: routes validate what people type before it gets here. */
function assertValidInput(input: OrderPricingInput): void {
  if (!Array.isArray(input.lines) || input.lines.length === 0) {
    // An empty cart has no totals: the cart page shows its empty state instead of pricing nothing.
    throw new TypeError('an order needs at least one line');
  }
  for (const line of input.lines) {
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) {
      throw new TypeError(`quantity must be a whole number from 1 to ${MAX_QUANTITY} (variant ${line.variantId})`);
    }
    if (!isCents(line.unitPriceCents)) throw new TypeError(`unitPriceCents must be non-negative whole cents (variant ${line.variantId})`);
  }
  const { shipping, discount } = input;
  if (!isCents(shipping.priceCents)) throw new TypeError('shipping priceCents must be non-negative whole cents');
  if (shipping.freeAboveCents !== null && !isCents(shipping.freeAboveCents)) {
    throw new TypeError('shipping freeAboveCents must be non-negative whole cents or null');
  }
  if (!Number.isInteger(input.taxRateBasisPoints) || input.taxRateBasisPoints < 0 || input.taxRateBasisPoints > BASIS_POINTS) {
    throw new TypeError('taxRateBasisPoints must be a whole number from 0 to 10000');
  }
  if (input.homeTaxRateBasisPoints !== undefined && !(Number.isInteger(input.homeTaxRateBasisPoints) && input.homeTaxRateBasisPoints >= 0 && input.homeTaxRateBasisPoints <= BASIS_POINTS)) {
    throw new TypeError('homeTaxRateBasisPoints must be a whole number from 0 to 10000');
  }
  if (!Number.isFinite(input.now)) throw new TypeError('now must be a time in ms');
  if (discount) {
    if (discount.kind === 'percent' && !(Number.isInteger(discount.value) && discount.value >= 0 && discount.value <= BASIS_POINTS)) {
      throw new TypeError('a percent discount value must be basis points from 0 to 10000');
    }
    if (discount.kind === 'fixed' && !isCents(discount.value)) throw new TypeError('a fixed discount value must be non-negative whole cents');
    if (!['percent', 'fixed', 'free_shipping'].includes(discount.kind)) throw new TypeError(`unknown discount kind ${String(discount.kind)}`);
    if (discount.minSubtotalCents !== null && !isCents(discount.minSubtotalCents)) {
      throw new TypeError('minSubtotalCents must be non-negative whole cents or null');
    }
    for (const [name, value] of [['startsAt', discount.startsAt], ['endsAt', discount.endsAt]] as const) {
      if (value !== null && !Number.isFinite(value)) throw new TypeError(`${name} must be a time in ms or null`);
    }
    for (const [name, value] of [['usageLimit', discount.usageLimit], ['perCustomerLimit', discount.perCustomerLimit]] as const) {
      if (value !== null && !isCents(value)) throw new TypeError(`${name} must be a non-negative whole number or null`);
    }
    if (!isCents(discount.timesUsed) || !isCents(discount.timesUsedByCustomer)) {
      throw new TypeError('timesUsed and timesUsedByCustomer must be non-negative whole numbers');
    }
  }
}
