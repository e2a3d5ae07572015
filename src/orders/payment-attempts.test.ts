// Payment attempts at checkout: written before the charge, one per cart at a time, kept when the processor has not decided.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, createTestDb, type TestDb } from '../test-support/databases';
import { createUser } from '../test-support/sign-in';
import { viewCart } from '../cart/service';
import { CartChangedError, EmptyCartError, PaymentDeclinedError, PaymentInProgressError, PaymentPendingError } from './errors';
import { placeOrder } from './service';
import { ensureDefaultCheckoutSettings } from './settings';
import { addVariant, cartWith, count, DECLINED_CARD, guest, RecordingProvider, reviewedOrder, stockOf } from './testing';

for (const dialect of dialects) {
  describe(`payment attempts on ${dialect}`, () => {
    let t: TestDb;
    const now = Date.now();
    before(async () => {
      t = await createTestDb(dialect);
      await ensureDefaultCheckoutSettings(t.db);
    });
    after(async () => t.cleanup());

    test('the attempt is committed before the processor is called, and its key is the one the processor gets', async () => {
      const { variantId } = await addVariant(t.db, 1500, 5);
      const provider = new RecordingProvider();
      const input = await reviewedOrder(t.db, { cartId: await cartWith(t.db, [[variantId, 1]], guest(now)), audience: guest(now), now });
      const seen: { status: string; key: string; amount: number }[] = [];
      provider.beforeCharge = async (charge) => {
        // Read on the pool, outside any transaction of placeOrder: only committed rows are visible here.
        const row = await t.db('payment_attempts').where({ cart_id: input.cartId }).first();
        seen.push({ status: row.status, key: row.processor_key, amount: Number(row.amount_cents) });
        assert.equal(charge.idempotencyKey, row.processor_key);
      };
      const placed = await placeOrder(t.db, provider, input);
      assert.deepEqual(seen, [{ status: 'pending', key: provider.charges[0].input.idempotencyKey, amount: input.expectedTotalCents }]);
      const attempt = await t.db('payment_attempts').where({ cart_id: input.cartId }).first();
      assert.equal(attempt.status, 'succeeded');
      assert.equal(Number(attempt.order_id), placed.orderId);
      const snapshot = JSON.parse(attempt.snapshot);
      assert.equal(snapshot.email, input.email);
      assert.equal(snapshot.quote.totals.totalCents, input.expectedTotalCents);
      assert.ok(!attempt.snapshot.includes(input.card.number), 'no card number in the snapshot');
    });

    test('a processor that does not answer in time: the attempt stays pending and keeps the cart; another checkout of it is refused uncharged', async () => {
      const { variantId } = await addVariant(t.db, 1500, 5);
      const provider = new RecordingProvider();
      const cartId = await cartWith(t.db, [[variantId, 1]], guest(now));
      const first = await reviewedOrder(t.db, { cartId, audience: guest(now), now });
      provider.chargeMode = 'timeout';
      await assert.rejects(placeOrder(t.db, provider, first), PaymentPendingError);
      const attempt = await t.db('payment_attempts').where({ cart_id: cartId }).first();
      assert.equal(attempt.status, 'pending', 'the charge may have been made: nothing is decided without the processor');
      assert.equal(await count(t.db, 'orders', { cart_id: cartId }), 0);

      provider.chargeMode = 'answer';
      const second = await reviewedOrder(t.db, { cartId, audience: guest(now), now });
      const chargesBefore = provider.charges.length;
      await assert.rejects(placeOrder(t.db, provider, second), (err: PaymentInProgressError) => err instanceof PaymentInProgressError && err.reference === attempt.reference);
      assert.equal(provider.charges.length, chargesBefore, 'the second checkout was never charged');
      assert.equal((await viewCart(t.db, cartId, guest(now))).itemCount, 1);
    });

    test('a charge answered pending keeps the attempt pending; the same form sent again asks with the same key', async () => {
      const { variantId } = await addVariant(t.db, 1500, 5);
      const provider = new RecordingProvider();
      provider.chargeMode = 'pending';
      const input = await reviewedOrder(t.db, { cartId: await cartWith(t.db, [[variantId, 1]], guest(now)), audience: guest(now), now });
      await assert.rejects(placeOrder(t.db, provider, input), PaymentPendingError);
      await assert.rejects(placeOrder(t.db, provider, input), PaymentPendingError);
      assert.equal(await count(t.db, 'payment_attempts', { cart_id: input.cartId }), 1);
      assert.equal(provider.undecided.size, 1);
      provider.chargeMode = 'answer';
      await provider.confirmPending();
      const placed = await placeOrder(t.db, provider, input);
      assert.equal(provider.succeededCharges().size, 1, 'the resend after the processor decided is answered with that charge');
      assert.equal(await count(t.db, 'orders', { id: placed.orderId }), 1);
    });

    test('after a declined attempt the cart can be paid again', async () => {
      const { variantId } = await addVariant(t.db, 1500, 5);
      const provider = new RecordingProvider();
      const cartId = await cartWith(t.db, [[variantId, 1]], guest(now));
      const first = await reviewedOrder(t.db, { cartId, audience: guest(now), now });
      await assert.rejects(placeOrder(t.db, provider, { ...first, card: DECLINED_CARD }), PaymentDeclinedError);
      assert.equal((await t.db('payment_attempts').where({ cart_id: cartId }).first()).status, 'failed');
      await assert.rejects(placeOrder(t.db, provider, { ...first, card: DECLINED_CARD }), PaymentDeclinedError, 'the same card again: the decline is told again');
      const placed = await placeOrder(t.db, provider, await reviewedOrder(t.db, { cartId, audience: guest(now), now }));
      assert.equal(placed.replayed, false);
      assert.equal(await stockOf(t.db, variantId), 4);
    });

    test('one account paying its cart from two sessions at once: one order, one charge, the other told', async () => {
      const { variantId } = await addVariant(t.db, 2500, 5);
      const userId = await createUser(t.db);
      const audience = guest(now);
      for (let round = 0; round < 5; round++) {
        const cartId = await cartWith(t.db, [[variantId, 1]], audience, userId);
        const provider = new RecordingProvider();
        const a = await reviewedOrder(t.db, { cartId, audience, userId, now });
        const b = await reviewedOrder(t.db, { cartId, audience, userId, now });
        const results = await Promise.allSettled([placeOrder(t.db, provider, a), placeOrder(t.db, provider, b)]);
        const placed = results.filter((r) => r.status === 'fulfilled');
        const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
        assert.equal(placed.length, 1, `round ${round}: one order`);
        assert.ok(
          refused[0] instanceof PaymentInProgressError || refused[0] instanceof CartChangedError || refused[0] instanceof EmptyCartError,
          `round ${round}: ${String(refused[0])}`,
        );
        assert.equal(provider.succeededCharges().size, 1, `round ${round}: one charge`);
        assert.equal(provider.refunds.length, 0, `round ${round}: nothing to refund`);
      }
      assert.equal(await count(t.db, 'orders', { user_id: userId }), 5);
      assert.equal(await stockOf(t.db, variantId), 0);
    });
  });
}
