// Quoting a checkout against a real database: today's prices, shipping, tax by destination, codes, and what it refuses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, createTestDb, type TestDb } from '../test-support/databases';
import { createUser } from '../test-support/sign-in';
import { grantMembership } from '../membership/service';
import { DestinationNotServedError, EmptyCartError, OutOfStockError, UnknownShippingMethodError } from './errors';
import { DiscountCodeRejectedError } from '../discounts/rules';
import { quoteCheckout, type CheckoutQuoteInput } from './service';
import { activeShippingMethods, ensureDefaultCheckoutSettings, taxRateFor } from './settings';
import { addDiscountCode, addVariant, cartWith, count, guest } from './testing';
import { createGuestCart } from '../cart/service';

for (const dialect of dialects) {
  describe(`checkout quotes on ${dialect}`, () => {
    let t: TestDb;
    const now = Date.now();
    before(async () => {
      t = await createTestDb(dialect);
      await ensureDefaultCheckoutSettings(t.db);
    });
    after(async () => t.cleanup());

    const input = (cartId: number, more: Partial<CheckoutQuoteInput> = {}): CheckoutQuoteInput => ({
      cartId,
      audience: guest(now),
      userId: null,
      email: 'Guest@Example.test',
      shippingMethodCode: 'standard',
      country: 'FR',
      region: '',
      discountCode: null,
      now,
      ...more,
    });

    test('default settings are seeded once, however often they are ensured', async () => {
      await ensureDefaultCheckoutSettings(t.db);
      assert.deepEqual(
        (await activeShippingMethods(t.db)).map((m) => [m.code, m.priceCents, m.freeAboveCents, m.freeForMembers]),
        [['standard', 490, 5000, true], ['express', 1290, null, false]],
      );
      assert.equal(await count(t.db, 'tax_rates'), 14);
      assert.equal(await taxRateFor(t.db, 'fr', ''), 2000);
      assert.equal(await taxRateFor(t.db, 'CH', 'Zürich'), 810, 'a region without its own rate takes the country’s');
    });

    test('prices the cart at the database’s current prices, shipping and destination tax', async () => {
      const { variantId } = await addVariant(t.db, 2000, 5);
      const cartId = await cartWith(t.db, [[variantId, 2]], guest(now));
      let quote = await quoteCheckout(t.db, input(cartId));
      assert.deepEqual(
        [quote.totals.subtotalCents, quote.totals.shippingCents, quote.totals.taxCents, quote.totals.totalCents],
        [4000, 490, 800 + 98, 4000 + 490 + 898],
      );
      assert.equal(quote.lines[0].unitPriceCents, 2000);

      await t.db('variants').where({ id: variantId }).update({ price_cents: 2500 });
      quote = await quoteCheckout(t.db, input(cartId));
      assert.equal(quote.totals.subtotalCents, 5000, 'a price change shows at once');
      assert.equal(quote.totals.freeShipping, 'threshold');
      assert.equal(quote.totals.totalCents, 6000);

      quote = await quoteCheckout(t.db, input(cartId, { shippingMethodCode: 'express', country: 'de' }));
      assert.equal(quote.totals.shippingCents, 1290);
      assert.equal(quote.totals.taxRateBasisPoints, 1900);
    });

    test('a region with its own rate is taxed at it', async () => {
      await t.db('tax_rates').insert({ country: 'US', region: 'NY', rate_bp: 888 });
      const { variantId } = await addVariant(t.db, 1000, 5);
      const cartId = await cartWith(t.db, [[variantId, 1]], guest(now));
      assert.equal((await quoteCheckout(t.db, input(cartId, { country: 'US', region: 'NY' }))).totals.taxRateBasisPoints, 888);
      assert.equal((await quoteCheckout(t.db, input(cartId, { country: 'US', region: 'OR' }))).totals.taxRateBasisPoints, 0);
    });

    test('members pay member prices and ship standard for free', async () => {
      const { variantId } = await addVariant(t.db, 2000, 5, 1500);
      const userId = await createUser(t.db);
      await grantMembership(t.db, userId, { days: 365, source: 'admin', now: now - 1000 });
      const member = { member: true, now };
      const cartId = await cartWith(t.db, [[variantId, 1]], member, userId);
      const quote = await quoteCheckout(t.db, input(cartId, { audience: member, userId }));
      assert.equal(quote.lines[0].unitPriceCents, 1500);
      assert.equal(quote.totals.freeShipping, 'member');
      assert.equal((await quoteCheckout(t.db, input(cartId, { userId }))).lines[0].unitPriceCents, 2000, 'the same cart, not a member');
    });

    test('refuses an empty cart, an unknown method, a destination we do not serve and a short line', async () => {
      await assert.rejects(quoteCheckout(t.db, input(await createGuestCart(t.db))), EmptyCartError);
      const { variantId } = await addVariant(t.db, 1000, 3);
      const cartId = await cartWith(t.db, [[variantId, 3]], guest(now));
      await assert.rejects(quoteCheckout(t.db, input(cartId, { shippingMethodCode: 'teleport' })), UnknownShippingMethodError);
      await assert.rejects(quoteCheckout(t.db, input(cartId, { country: 'JP' })), DestinationNotServedError);
      await t.db('variants').where({ id: variantId }).update({ stock: 2 });
      await assert.rejects(quoteCheckout(t.db, input(cartId)), (err: OutOfStockError) => err instanceof OutOfStockError && err.variantId === variantId && err.available === 2);
      await t.db('products').whereIn('id', t.db('variants').where({ id: variantId }).select('product_id')).update({ status: 'archived' });
      await assert.rejects(quoteCheckout(t.db, input(cartId)), EmptyCartError, 'lines no longer for sale are left out, as on the cart page');
    });

    test('applies a code typed in any case and refuses one that does not apply, with the reason', async () => {
      const { variantId } = await addVariant(t.db, 3000, 10);
      const cartId = await cartWith(t.db, [[variantId, 1]], guest(now));
      for (const code of [
        { code: 'TENOFF', kind: 'percent', value: 1000 },
        { code: 'OLD', kind: 'fixed', value: 500, ends_at: now - 1 },
        { code: 'SOON', kind: 'fixed', value: 500, starts_at: now + 60_000 },
        { code: 'BIG', kind: 'fixed', value: 500, min_subtotal_cents: 10_000 },
        { code: 'PLUS', kind: 'free_shipping', members_only: true },
        { code: 'GONE', kind: 'percent', value: 500, usage_limit: 1, times_used: 1 },
        { code: 'OFF', kind: 'percent', value: 500, active: false },
      ]) {
        await addDiscountCode(t.db, code);
      }
      const quote = await quoteCheckout(t.db, input(cartId, { discountCode: '  tenoff ' }));
      assert.equal(quote.discountCode, 'TENOFF');
      assert.equal(quote.totals.discountCents, 300);
      const reasons: [string, string][] = [
        ['OLD', 'expired'],
        ['SOON', 'not_yet_valid'],
        ['BIG', 'minimum_not_met'],
        ['PLUS', 'members_only'],
        ['GONE', 'used_up'],
        ['OFF', 'unknown'],
        ['NOPE', 'unknown'],
      ];
      for (const [code, reason] of reasons) {
        await assert.rejects(
          quoteCheckout(t.db, input(cartId, { discountCode: code })),
          (err: DiscountCodeRejectedError) => err instanceof DiscountCodeRejectedError && err.reason === reason && err.field === 'discountCode',
          code,
        );
      }
      await assert.rejects(quoteCheckout(t.db, input(cartId, { discountCode: 'BIG' })), (err: DiscountCodeRejectedError) => err.minSubtotalCents === 10_000);
    });
  });
}
