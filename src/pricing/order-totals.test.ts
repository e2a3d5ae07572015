// Order totals: discount codes, shipping, per-line tax rounding, input guards, and invariants over random carts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocateProportionally, includedTaxFor, priceOrder, withoutTax, type OrderPricingInput, type PricingLineInput, type ShippingMethod } from './order-totals';
import { checkDiscount, DiscountCodeRejectedError, type DiscountCode, type DiscountRejection } from '../discounts/rules';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);

const STANDARD: ShippingMethod = { code: 'standard', priceCents: 490, freeAboveCents: 5000, freeForMembers: true };
const NO_SHIPPING: ShippingMethod = { code: 'pickup', priceCents: 0, freeAboveCents: null, freeForMembers: false };

function line(variantId: number, quantity: number, unitPriceCents: number): PricingLineInput {
  return { variantId, quantity, unitPriceCents };
}

function code(overrides: Partial<DiscountCode> = {}): DiscountCode {
  return {
    code: 'SPRING',
    kind: 'percent',
    value: 1000,
    minSubtotalCents: null,
    startsAt: null,
    endsAt: null,
    usageLimit: null,
    timesUsed: 0,
    perCustomerLimit: null,
    timesUsedByCustomer: 0,
    membersOnly: false,
    ...overrides,
  };
}

function order(overrides: Partial<OrderPricingInput> = {}): OrderPricingInput {
  return {
    // 2 × €12.50 + 1 × €9.99 = €34.99
    lines: [line(1, 2, 1250), line(2, 1, 999)],
    shipping: STANDARD,
    member: false,
    discount: null,
    taxRateBasisPoints: 2000,
    now: NOW,
    ...overrides,
  };
}

function rejectedWith(reason: DiscountRejection, discountCode = 'SPRING') {
  return (err: unknown) => err instanceof DiscountCodeRejectedError && err.reason === reason && err.code === discountCode;
}

test('an order without a code: subtotal, shipping, tax per line and on shipping, total', () => {
  const totals = priceOrder(order());
  assert.deepEqual(totals, {
    lines: [
      { variantId: 1, quantity: 2, unitPriceCents: 1250, lineSubtotalCents: 2500, lineDiscountCents: 0, lineTaxCents: 500, lineTotalCents: 3000 },
      // 999 × 20 % = 199.8 → 200
      { variantId: 2, quantity: 1, unitPriceCents: 999, lineSubtotalCents: 999, lineDiscountCents: 0, lineTaxCents: 200, lineTotalCents: 1199 },
    ],
    subtotalCents: 3499,
    discountCents: 0,
    shippingMethodCode: 'standard',
    shippingFullPriceCents: 490,
    shippingCents: 490,
    freeShipping: null,
    shippingTaxCents: 98,
    taxRateBasisPoints: 2000,
    taxCents: 798,
    totalCents: 3499 + 490 + 798,
    appliedDiscount: null,
    pricesIncludeTax: false,
  });
});

test('each discount kind: order discount, its split across lines, shipping and total', () => {
  // Subtotal 3499 over lines of 2500 and 999, standard shipping 490 (below the 5000 threshold), tax 20 %.
  const cases: {
    name: string;
    discount: Partial<DiscountCode>;
    discountCents: number;
    lineDiscounts: number[];
    shippingCents: number;
  }[] = [
    // 3499 × 10 % = 349.9 → 350; shares 250.07 and 99.93 floor to 250 + 99, the spare cent goes to the larger remainder.
    { name: 'percent', discount: { kind: 'percent', value: 1000 }, discountCents: 350, lineDiscounts: [250, 100], shippingCents: 490 },
    // 3499 × 12.5 % = 437.375 → 437
    { name: 'percent, fractional', discount: { kind: 'percent', value: 1250 }, discountCents: 437, lineDiscounts: [312, 125], shippingCents: 490 },
    { name: 'percent 0', discount: { kind: 'percent', value: 0 }, discountCents: 0, lineDiscounts: [0, 0], shippingCents: 490 },
    { name: 'percent 100', discount: { kind: 'percent', value: 10000 }, discountCents: 3499, lineDiscounts: [2500, 999], shippingCents: 490 },
    // 500 × 2500/3499 = 357.24, 500 × 999/3499 = 142.76 → 357 + 143
    { name: 'fixed', discount: { kind: 'fixed', value: 500 }, discountCents: 500, lineDiscounts: [357, 143], shippingCents: 490 },
    { name: 'fixed above the subtotal is capped', discount: { kind: 'fixed', value: 10_000 }, discountCents: 3499, lineDiscounts: [2500, 999], shippingCents: 490 },
    { name: 'free shipping', discount: { kind: 'free_shipping', value: 999_999 }, discountCents: 0, lineDiscounts: [0, 0], shippingCents: 0 },
  ];
  for (const c of cases) {
    const totals = priceOrder(order({ discount: code(c.discount) }));
    assert.equal(totals.appliedDiscount, 'SPRING', c.name);
    assert.equal(totals.discountCents, c.discountCents, c.name);
    assert.deepEqual(totals.lines.map((l) => l.lineDiscountCents), c.lineDiscounts, c.name);
    assert.equal(totals.shippingCents, c.shippingCents, c.name);
    assert.equal(totals.totalCents, 3499 - c.discountCents + c.shippingCents + totals.taxCents, c.name);
  }
});

test('a fixed discount larger than the subtotal leaves only shipping and its tax to pay', () => {
  const totals = priceOrder(order({ discount: code({ kind: 'fixed', value: 1_000_000 }) }));
  assert.equal(totals.discountCents, 3499);
  assert.deepEqual(totals.lines.map((l) => [l.lineTaxCents, l.lineTotalCents]), [[0, 0], [0, 0]]);
  assert.equal(totals.shippingCents, 490);
  assert.equal(totals.taxCents, 98);
  assert.equal(totals.totalCents, 588);
});

test('a percent discount rounds half up on the order, then the split still adds up', () => {
  // 1 cent at 50 % = 0.5 → 1
  assert.equal(priceOrder(order({ lines: [line(1, 1, 1)], discount: code({ value: 5000 }) })).discountCents, 1);
  // 3 cents at 50 % = 1.5 → 2, split over three equal lines: ties go to the earlier lines.
  const totals = priceOrder(order({ lines: [line(1, 1, 1), line(2, 1, 1), line(3, 1, 1)], discount: code({ value: 5000 }) }));
  assert.equal(totals.discountCents, 2);
  assert.deepEqual(totals.lines.map((l) => l.lineDiscountCents), [1, 1, 0]);
});

test('checkDiscount: each rejection reason and the boundary that still passes', () => {
  const context = { subtotalCents: 3499, member: false, now: NOW };
  const cases: { name: string; discount: Partial<DiscountCode>; member?: boolean; expected: DiscountRejection | 'ok' }[] = [
    { name: 'no rules', discount: {}, expected: 'ok' },
    { name: 'starts now', discount: { startsAt: NOW }, expected: 'ok' },
    { name: 'starts in 1 ms', discount: { startsAt: NOW + 1 }, expected: 'not_yet_valid' },
    { name: 'ends in 1 ms', discount: { endsAt: NOW + 1 }, expected: 'ok' },
    { name: 'ends now (end is exclusive)', discount: { endsAt: NOW }, expected: 'expired' },
    { name: 'ended yesterday', discount: { startsAt: NOW - 10 * 86_400_000, endsAt: NOW - 86_400_000 }, expected: 'expired' },
    { name: 'minimum equal to subtotal', discount: { minSubtotalCents: 3499 }, expected: 'ok' },
    { name: 'minimum 1 cent above subtotal', discount: { minSubtotalCents: 3500 }, expected: 'minimum_not_met' },
    { name: 'one use left', discount: { usageLimit: 5, timesUsed: 4 }, expected: 'ok' },
    { name: 'all uses gone', discount: { usageLimit: 5, timesUsed: 5 }, expected: 'used_up' },
    { name: 'limit of zero', discount: { usageLimit: 0, timesUsed: 0 }, expected: 'used_up' },
    { name: 'customer has a use left', discount: { perCustomerLimit: 2, timesUsedByCustomer: 1 }, expected: 'ok' },
    { name: 'customer used it already', discount: { perCustomerLimit: 1, timesUsedByCustomer: 1 }, expected: 'customer_limit_reached' },
    { name: 'members only, member', discount: { membersOnly: true }, member: true, expected: 'ok' },
    { name: 'members only, not a member', discount: { membersOnly: true }, expected: 'members_only' },
    // Several failures: the one nobody can fix wins over the one the shopper could.
    { name: 'expired and members only', discount: { endsAt: NOW, membersOnly: true }, expected: 'expired' },
    { name: 'used up and below minimum', discount: { usageLimit: 1, timesUsed: 1, minSubtotalCents: 10_000 }, expected: 'used_up' },
    { name: 'members only and below minimum', discount: { membersOnly: true, minSubtotalCents: 10_000 }, expected: 'members_only' },
    { name: 'customer limit and below minimum', discount: { perCustomerLimit: 1, timesUsedByCustomer: 1, minSubtotalCents: 10_000 }, expected: 'customer_limit_reached' },
  ];
  for (const c of cases) {
    const result = checkDiscount(code(c.discount), { ...context, member: c.member ?? false });
    assert.deepEqual(result, c.expected === 'ok' ? { ok: true } : { ok: false, reason: c.expected }, c.name);
    const price = () => priceOrder(order({ member: c.member ?? false, discount: code(c.discount) }));
    if (c.expected === 'ok') assert.equal(price().appliedDiscount, 'SPRING', c.name);
    else assert.throws(price, rejectedWith(c.expected), c.name);
  }
});

test('the minimum is checked against the subtotal before the discount', () => {
  // A €10 fixed code with a €34.99 minimum on a €34.99 cart: applies, even though the discounted goods are below it.
  const totals = priceOrder(order({ discount: code({ kind: 'fixed', value: 1000, minSubtotalCents: 3499 }) }));
  assert.equal(totals.discountCents, 1000);
  assert.throws(
    () => priceOrder(order({ lines: [line(1, 1, 3498)], discount: code({ code: 'BIG', minSubtotalCents: 3499 }) })),
    rejectedWith('minimum_not_met', 'BIG'),
  );
});

test('shipping: free from the threshold (before discount), free for members where offered, else charged', () => {
  const cases: { name: string; input: Partial<OrderPricingInput>; shippingCents: number; freeShipping: string | null }[] = [
    { name: 'below threshold', input: { lines: [line(1, 1, 4999)] }, shippingCents: 490, freeShipping: null },
    { name: 'exactly at threshold', input: { lines: [line(1, 1, 5000)] }, shippingCents: 0, freeShipping: 'threshold' },
    { name: 'threshold reached over several lines', input: { lines: [line(1, 2, 2000), line(2, 1, 1000)] }, shippingCents: 0, freeShipping: 'threshold' },
    {
      name: 'discount takes the goods below the threshold: still free',
      input: { lines: [line(1, 1, 5000)], discount: code({ kind: 'fixed', value: 1000 }) },
      shippingCents: 0,
      freeShipping: 'threshold',
    },
    { name: 'member, method free for members', input: { member: true }, shippingCents: 0, freeShipping: 'member' },
    { name: 'member, method not free for members', input: { member: true, shipping: { ...STANDARD, freeForMembers: false } }, shippingCents: 490, freeShipping: null },
    { name: 'no threshold on this method', input: { lines: [line(1, 99, 100_000)], shipping: { ...STANDARD, freeAboveCents: null, freeForMembers: false } }, shippingCents: 490, freeShipping: null },
    { name: 'free-shipping code on an express method', input: { shipping: { code: 'express', priceCents: 1290, freeAboveCents: null, freeForMembers: false }, discount: code({ kind: 'free_shipping' }) }, shippingCents: 0, freeShipping: 'discount' },
    { name: 'method that costs nothing', input: { shipping: NO_SHIPPING }, shippingCents: 0, freeShipping: null },
  ];
  for (const c of cases) {
    const totals = priceOrder(order(c.input));
    assert.equal(totals.shippingCents, c.shippingCents, c.name);
    assert.equal(totals.freeShipping, c.freeShipping, c.name);
    assert.equal(totals.shippingFullPriceCents, (c.input.shipping ?? STANDARD).priceCents, c.name);
    if (c.shippingCents === 0) assert.equal(totals.shippingTaxCents, 0, c.name);
  }
});

test('tax is rounded half up once per line, which can differ from rounding the order total', () => {
  const cases: { name: string; lines: PricingLineInput[]; rate: number; lineTaxes: number[]; taxCents: number; taxOnTotalWouldBe: number }[] = [
    // 0.5 + 0.5: each line rounds up to 1, the order's 1.0 would be 1.
    { name: 'halves round up per line', lines: [line(1, 1, 5), line(2, 1, 5)], rate: 1000, lineTaxes: [1, 1], taxCents: 2, taxOnTotalWouldBe: 1 },
    // 0.4 × 3: each line rounds down to 0, the order's 1.2 would be 1.
    { name: 'small lines round down per line', lines: [line(1, 1, 2), line(2, 1, 2), line(3, 1, 2)], rate: 2000, lineTaxes: [0, 0, 0], taxCents: 0, taxOnTotalWouldBe: 1 },
    // quantity multiplies before rounding: 3 × 333 = 999 × 19.6 % = 195.804 → 196
    { name: 'quantity before rounding', lines: [line(1, 3, 333)], rate: 1960, lineTaxes: [196], taxCents: 196, taxOnTotalWouldBe: 196 },
    { name: 'exact', lines: [line(1, 1, 25)], rate: 2000, lineTaxes: [5], taxCents: 5, taxOnTotalWouldBe: 5 },
    { name: 'rate 0', lines: [line(1, 7, 1234)], rate: 0, lineTaxes: [0], taxCents: 0, taxOnTotalWouldBe: 0 },
    { name: 'rate 100 %', lines: [line(1, 7, 1234)], rate: 10000, lineTaxes: [8638], taxCents: 8638, taxOnTotalWouldBe: 8638 },
  ];
  for (const c of cases) {
    const totals = priceOrder(order({ lines: c.lines, shipping: NO_SHIPPING, taxRateBasisPoints: c.rate }));
    assert.deepEqual(totals.lines.map((l) => l.lineTaxCents), c.lineTaxes, c.name);
    assert.equal(totals.taxCents, c.taxCents, c.name);
    const onTotal = Math.floor((totals.subtotalCents * c.rate + 5000) / 10000);
    assert.equal(onTotal, c.taxOnTotalWouldBe, `${c.name}: the per-order figure it is compared with`);
  }
});

test('tax applies to goods after discount and to shipping as its own line', () => {
  // Goods 1000 − 10 % = 900 → tax 90 at 10 %; shipping 495 → 49.5 → 50.
  const totals = priceOrder(order({
    lines: [line(1, 1, 1000)],
    shipping: { code: 'standard', priceCents: 495, freeAboveCents: null, freeForMembers: false },
    discount: code({ kind: 'percent', value: 1000 }),
    taxRateBasisPoints: 1000,
  }));
  assert.equal(totals.lines[0].lineTaxCents, 90);
  assert.equal(totals.lines[0].lineTotalCents, 990);
  assert.equal(totals.shippingTaxCents, 50);
  assert.equal(totals.taxCents, 140);
  assert.equal(totals.totalCents, 1000 - 100 + 495 + 140);
});

test('tax category is carried through to the priced line', () => {
  const totals = priceOrder(order({ lines: [{ variantId: 9, quantity: 1, unitPriceCents: 100, taxCategory: 'books' }, line(2, 1, 100)] }));
  assert.equal(totals.lines[0].taxCategory, 'books');
  assert.equal('taxCategory' in totals.lines[1], false);
});

test('malformed input is a programming error (TypeError), not a price', () => {
  const cases: [string, Partial<OrderPricingInput>][] = [
    ['no lines', { lines: [] }],
    ['quantity 0', { lines: [line(1, 0, 100)] }],
    ['quantity 100', { lines: [line(1, 100, 100)] }],
    ['fractional quantity', { lines: [line(1, 1.5, 100)] }],
    ['negative price', { lines: [line(1, 1, -1)] }],
    ['fractional cents', { lines: [line(1, 1, 9.99)] }],
    ['NaN price', { lines: [line(1, 1, Number.NaN)] }],
    ['negative shipping', { shipping: { ...STANDARD, priceCents: -1 } }],
    ['fractional threshold', { shipping: { ...STANDARD, freeAboveCents: 50.5 } }],
    ['negative rate', { taxRateBasisPoints: -1 }],
    ['rate above 100 %', { taxRateBasisPoints: 10001 }],
    ['fractional rate', { taxRateBasisPoints: 19.6 }],
    ['percent above 100 %', { discount: code({ kind: 'percent', value: 10001 }) }],
    ['negative fixed', { discount: code({ kind: 'fixed', value: -500 }) }],
    ['fractional fixed', { discount: code({ kind: 'fixed', value: 4.5 }) }],
    ['unknown kind', { discount: code({ kind: 'bogo' as never }) }],
    ['negative usage count', { discount: code({ timesUsed: -1 }) }],
    ['NaN now', { now: Number.NaN }],
  ];
  for (const [name, input] of cases) assert.throws(() => priceOrder(order(input)), TypeError, name);
  // Zero-priced goods (a free sample) are fine.
  assert.equal(priceOrder(order({ lines: [line(1, 1, 0)] })).subtotalCents, 0);
});

test('allocateProportionally splits exactly, by largest remainder, ties to the earlier share', () => {
  assert.deepEqual(allocateProportionally(100, [999, 1]), [100, 0]);
  assert.deepEqual(allocateProportionally(2, [1, 1, 1]), [1, 1, 0]);
  assert.deepEqual(allocateProportionally(10, [1, 2, 2]), [2, 4, 4]);
  assert.deepEqual(allocateProportionally(0, [5, 5]), [0, 0]);
  assert.deepEqual(allocateProportionally(0, [0, 0]), [0, 0]);
  assert.deepEqual(allocateProportionally(7, [0, 3, 0, 4]), [0, 3, 0, 4]);
});

// Random carts, shipping methods, codes that apply, and rates.
const lineArb = fc.record({
  variantId: fc.integer({ min: 1, max: 10_000 }),
  quantity: fc.integer({ min: 1, max: 99 }),
  unitPriceCents: fc.oneof(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 2_000_000 })),
});
const shippingArb = fc.record({
  code: fc.constantFrom('standard', 'express'),
  priceCents: fc.integer({ min: 0, max: 5_000 }),
  freeAboveCents: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
  freeForMembers: fc.boolean(),
});
const applicableDiscountArb = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }).map((value) => code({ kind: 'percent', value })),
  fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 100_000_000 })).map((value) => code({ kind: 'fixed', value })),
  fc.constant(code({ kind: 'free_shipping', value: 0 })),
);
const orderArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 8 }),
  shipping: shippingArb,
  member: fc.boolean(),
  discount: fc.option(applicableDiscountArb, { nil: null }),
  taxRateBasisPoints: fc.oneof(fc.constantFrom(0, 550, 1000, 1960, 2000, 2100, 10_000), fc.integer({ min: 0, max: 10_000 })),
  now: fc.constant(NOW),
});

test('property: totals add up exactly and are never negative', () => {
  fc.assert(
    fc.property(orderArb, (input) => {
      const t = priceOrder(input);
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      assert.ok(t.totalCents >= 0);
      assert.equal(t.totalCents, t.subtotalCents - t.discountCents + t.shippingCents + t.taxCents);
      assert.equal(sum(t.lines.map((l) => l.lineSubtotalCents)), t.subtotalCents);
      assert.equal(sum(t.lines.map((l) => l.lineDiscountCents)), t.discountCents);
      assert.equal(sum(t.lines.map((l) => l.lineTaxCents)) + t.shippingTaxCents, t.taxCents);
      assert.equal(sum(t.lines.map((l) => l.lineTotalCents)) + t.shippingCents + t.shippingTaxCents, t.totalCents);
      assert.ok(t.discountCents >= 0 && t.discountCents <= t.subtotalCents);
      assert.ok(t.shippingCents === 0 || t.shippingCents === input.shipping.priceCents);
      for (const l of t.lines) {
        assert.ok(l.lineDiscountCents >= 0 && l.lineDiscountCents <= l.lineSubtotalCents);
        assert.equal(l.lineTotalCents, l.lineSubtotalCents - l.lineDiscountCents + l.lineTaxCents);
        for (const v of [l.lineSubtotalCents, l.lineDiscountCents, l.lineTaxCents, l.lineTotalCents]) assert.ok(Number.isSafeInteger(v));
      }
    }),
    { numRuns: 300 },
  );
});

test('property: each line discount is within a cent of its exact share, each tax within half a cent', () => {
  fc.assert(
    fc.property(orderArb, (input) => {
      const t = priceOrder(input);
      const subtotal = BigInt(t.subtotalCents);
      const rate = BigInt(input.taxRateBasisPoints);
      for (const l of t.lines) {
        // |lineDiscount − discount × lineSubtotal / subtotal| < 1
        if (subtotal > 0n) {
          const gap = BigInt(l.lineDiscountCents) * subtotal - BigInt(t.discountCents) * BigInt(l.lineSubtotalCents);
          assert.ok(gap < subtotal && -gap < subtotal);
        }
        // lineTax − net × rate / 10000 ∈ (−½, ½]
        const twiceGap = 2n * 10_000n * BigInt(l.lineTaxCents) - 2n * BigInt(l.lineSubtotalCents - l.lineDiscountCents) * rate;
        assert.ok(twiceGap > -10_000n && twiceGap <= 10_000n);
      }
    }),
    { numRuns: 300 },
  );
});

test('property: priceOrder rejects a code exactly when checkDiscount does', () => {
  const ruledDiscountArb = fc.record({
    code: fc.constant('RULED'),
    kind: fc.constantFrom('percent', 'fixed', 'free_shipping') as fc.Arbitrary<DiscountCode['kind']>,
    value: fc.integer({ min: 0, max: 10_000 }),
    minSubtotalCents: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }),
    startsAt: fc.option(fc.integer({ min: NOW - 1_000, max: NOW + 1_000 }), { nil: null }),
    endsAt: fc.option(fc.integer({ min: NOW - 1_000, max: NOW + 1_000 }), { nil: null }),
    usageLimit: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
    timesUsed: fc.integer({ min: 0, max: 3 }),
    perCustomerLimit: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
    timesUsedByCustomer: fc.integer({ min: 0, max: 2 }),
    membersOnly: fc.boolean(),
  });
  fc.assert(
    fc.property(orderArb, ruledDiscountArb, (input, discount) => {
      const subtotalCents = input.lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0);
      const check = checkDiscount(discount, { subtotalCents, member: input.member, now: input.now });
      const price = () => priceOrder({ ...input, discount });
      if (check.ok) assert.equal(price().appliedDiscount, 'RULED');
      else assert.throws(price, rejectedWith(check.reason, 'RULED'));
    }),
    { numRuns: 300 },
  );
});

// Tax-inclusive prices (the shop setting for consumer shops): gross prices, VAT taken out, never added.

test('tax-inclusive: the cart €234.00 with a 10 % code and free shipping is charged €210.60, incl. €35.10 VAT', () => {
  const totals = priceOrder(order({
    lines: [line(1, 2, 9900), line(2, 1, 3600)],
    discount: code({ kind: 'percent', value: 1000 }),
    pricesIncludeTax: true,
    homeTaxRateBasisPoints: 2000,
  }));
  assert.equal(totals.pricesIncludeTax, true);
  assert.equal(totals.subtotalCents, 23_400);
  assert.equal(totals.discountCents, 2_340);
  assert.equal(totals.shippingCents, 0);
  assert.equal(totals.freeShipping, 'threshold');
  // No tax added: the total is what the cart showed, less the code.
  assert.equal(totals.totalCents, 21_060);
  // 19800 − 1980 = 17820 → 17820 × 2000 / 12000 = 2970; 3600 − 360 = 3240 → 540.
  assert.deepEqual(totals.lines.map((l) => [l.lineTotalCents, l.lineTaxCents]), [[17_820, 2_970], [3_240, 540]]);
  assert.equal(totals.taxCents, 3_510);
});

test('tax-inclusive: shipping is gross too and its VAT is inside it; rounding half up per line', () => {
  const totals = priceOrder(order({ lines: [line(1, 1, 999)], pricesIncludeTax: true, homeTaxRateBasisPoints: 2000 }));
  // 999 × 2000 / 12000 = 166.5 → 167; shipping 490 × 2000 / 12000 = 81.67 → 82.
  assert.equal(totals.lines[0].lineTaxCents, 167);
  assert.equal(totals.lines[0].lineTotalCents, 999);
  assert.equal(totals.shippingCents, 490);
  assert.equal(totals.shippingTaxCents, 82);
  assert.equal(totals.taxCents, 249);
  assert.equal(totals.totalCents, 999 + 490);
});

test('tax-inclusive: the shown price stays for every VAT destination; a destination without VAT pays it without the home VAT', () => {
  const base = { lines: [line(1, 2, 1200)], shipping: NO_SHIPPING, pricesIncludeTax: true, homeTaxRateBasisPoints: 2000 } as const;
  const france = priceOrder(order({ ...base, taxRateBasisPoints: 2000 }));
  const germany = priceOrder(order({ ...base, taxRateBasisPoints: 1900 }));
  assert.equal(france.totalCents, 2400);
  assert.equal(germany.totalCents, 2400);
  assert.equal(france.taxCents, 400);
  // 2400 × 1900 / 11900 = 383.19 → 383
  assert.equal(germany.taxCents, 383);
  const abroad = priceOrder(order({ ...base, taxRateBasisPoints: 0 }));
  // 1200 × 10000 / 12000 = 1000 a unit, no VAT.
  assert.equal(abroad.lines[0].unitPriceCents, 1000);
  assert.equal(abroad.totalCents, 2000);
  assert.equal(abroad.taxCents, 0);
  // Shipping loses the home VAT too: 490 → 408.33 → 408; the threshold is still the shown (gross) subtotal.
  const shipped = priceOrder(order({ lines: [line(1, 1, 1200)], taxRateBasisPoints: 0, pricesIncludeTax: true, homeTaxRateBasisPoints: 2000 }));
  assert.equal(shipped.shippingCents, 408);
  assert.equal(shipped.totalCents, 1000 + 408);
  const overThreshold = priceOrder(order({ lines: [line(1, 1, 5000)], taxRateBasisPoints: 0, pricesIncludeTax: true, homeTaxRateBasisPoints: 2000 }));
  assert.equal(overThreshold.freeShipping, 'threshold');
  assert.equal(overThreshold.totalCents, 4167);
});

test('includedTaxFor and withoutTax round half up', () => {
  assert.equal(includedTaxFor(12_000, 2000), 2000);
  assert.equal(includedTaxFor(999, 2000), 167);
  assert.equal(includedTaxFor(500, 0), 0);
  assert.equal(withoutTax(12_000, 2000), 10_000);
  assert.equal(withoutTax(1, 10_000), 1);
  assert.throws(() => priceOrder(order({ pricesIncludeTax: true, homeTaxRateBasisPoints: -1 })), TypeError);
});

const inclusiveOrderArb = fc.record({
  order: orderArb,
  homeTaxRateBasisPoints: fc.oneof(fc.constantFrom(0, 550, 2000, 2100), fc.integer({ min: 0, max: 10_000 })),
});

test('property (tax-inclusive): lines and shipping add up to the total, VAT of lines + shipping is the order VAT, nothing negative', () => {
  fc.assert(
    fc.property(inclusiveOrderArb, ({ order: input, homeTaxRateBasisPoints }) => {
      const t = priceOrder({ ...input, pricesIncludeTax: true, homeTaxRateBasisPoints });
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      assert.equal(t.pricesIncludeTax, true);
      assert.ok(t.totalCents >= 0 && t.taxCents >= 0);
      assert.equal(t.totalCents, t.subtotalCents - t.discountCents + t.shippingCents);
      assert.equal(sum(t.lines.map((l) => l.lineSubtotalCents)), t.subtotalCents);
      assert.equal(sum(t.lines.map((l) => l.lineDiscountCents)), t.discountCents);
      assert.equal(sum(t.lines.map((l) => l.lineTaxCents)) + t.shippingTaxCents, t.taxCents);
      assert.equal(sum(t.lines.map((l) => l.lineTotalCents)) + t.shippingCents, t.totalCents);
      assert.ok(t.taxCents <= t.totalCents);
      assert.ok(t.shippingTaxCents <= t.shippingCents);
      const rate = BigInt(input.taxRateBasisPoints);
      for (const l of t.lines) {
        const net = l.lineSubtotalCents - l.lineDiscountCents;
        assert.ok(l.lineDiscountCents >= 0 && net >= 0 && l.lineTaxCents >= 0 && l.lineTaxCents <= net);
        assert.equal(l.lineTotalCents, net);
        // lineTax − net × rate / (10000 + rate) ∈ (−½, ½]
        const d = 10_000n + rate;
        const twiceGap = 2n * d * BigInt(l.lineTaxCents) - 2n * BigInt(net) * rate;
        assert.ok(twiceGap > -d && twiceGap <= d);
      }
      if (input.taxRateBasisPoints > 0 || homeTaxRateBasisPoints === 0) {
        // The shown (gross) unit prices are charged unchanged whatever the destination's rate.
        assert.deepEqual(t.lines.map((l) => l.unitPriceCents), input.lines.map((l) => l.unitPriceCents));
      } else {
        assert.equal(t.taxCents, 0);
        t.lines.forEach((l, i) => assert.ok(l.unitPriceCents <= input.lines[i].unitPriceCents));
      }
    }),
    { numRuns: 300 },
  );
});

test('property (tax-inclusive): for a VAT destination the total does not depend on its rate', () => {
  fc.assert(
    fc.property(orderArb, fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (input, rateA, rateB) => {
      const a = priceOrder({ ...input, taxRateBasisPoints: rateA, pricesIncludeTax: true, homeTaxRateBasisPoints: 2000 });
      const b = priceOrder({ ...input, taxRateBasisPoints: rateB, pricesIncludeTax: true, homeTaxRateBasisPoints: 2000 });
      assert.equal(a.totalCents, b.totalCents);
      if (rateA <= rateB) assert.ok(a.taxCents <= b.taxCents);
    }),
    { numRuns: 200 },
  );
});
