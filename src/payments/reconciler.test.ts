// The payment reconciler against a real database: every attempt or refund left open ends as an order, a refund or a failure.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, createTestDb, type TestDb } from '../test-support/databases';
import { viewCart } from '../cart/service';
import { PaymentPendingError, RefundPendingError, OutOfStockError } from '../orders/errors';
import { placeOrder, orderForViewer } from '../orders/service';
import { ensureDefaultCheckoutSettings } from '../orders/settings';
import { addVariant, cartWith, count, guest, RecordingProvider, reviewedOrder, stockOf } from '../orders/testing';
import { ProcessorTimeoutError } from './provider';
import { paymentsNeedingAttention, reconcilePayments } from './reconciler';
import { changeOrderStatus } from '../orders/lifecycle';
import { createUser } from '../test-support/sign-in';

for (const dialect of dialects) {
  describe(`payment reconciler on ${dialect}`, () => {
    let t: TestDb;
    const now = Date.now();
    before(async () => {
      t = await createTestDb(dialect);
      await ensureDefaultCheckoutSettings(t.db);
    });
    after(async () => t.cleanup());

    /** A run that looks at everything, however young. */
    const run = (provider: RecordingProvider, extra: Partial<Parameters<typeof reconcilePayments>[2]> = {}) => reconcilePayments(t.db, provider, { graceMs: 0, now: Date.now() + 1, ...extra });

    async function attemptOf(cartId: number) {
      return t.db('payment_attempts').where({ cart_id: cartId }).orderBy('id', 'desc').first();
    }

    test('a charge made but never answered: the run writes the order from the snapshot, once, and says so', async () => {
      const { variantId } = await addVariant(t.db, 1500, 5);
      const provider = new RecordingProvider();
      provider.chargeMode = 'timeout';
      const input = await reviewedOrder(t.db, { cartId: await cartWith(t.db, [[variantId, 2]], guest(now)), audience: guest(now), now });
      await assert.rejects(placeOrder(t.db, provider, input), PaymentPendingError);
      provider.chargeMode = 'answer';
      assert.equal(await count(t.db, 'orders', { cart_id: input.cartId }), 0);

      const placed: string[] = [];
      const report = await run(provider, { onOrderPlaced: (p) => void placed.push(p.number) });
      assert.equal(report.resolved, 1);
      assert.deepEqual(report.unresolved.filter((u) => u.reference === undefined), []);
      const attempt = await attemptOf(input.cartId);
      assert.equal(attempt.status, 'succeeded');
      const order = await t.db('orders').where({ id: attempt.order_id }).first();
      assert.deepEqual(placed, [order.number]);
      assert.equal(Number(order.total_cents), input.expectedTotalCents);
      assert.equal(order.email, input.email);
      assert.equal(await stockOf(t.db, variantId), 3);
      assert.equal((await viewCart(t.db, input.cartId, guest(now))).itemCount, 0);
      const view = await orderForViewer(t.db, order.number, { userId: null, accessToken: null, isStaff: true });
      assert.equal(view?.payment?.status, 'succeeded');

      // Again: nothing left to do, nothing done twice.
      assert.equal((await run(provider)).resolved, 0);
      assert.equal(await count(t.db, 'orders', { cart_id: input.cartId }), 1);
      // The shopper's form sent again lands on the same order.
      const again = await placeOrder(t.db, provider, input);
      assert.equal(again.number, order.number);
      assert.equal(provider.succeededCharges().size, 1);
    });

    test('a charge that never reached the processor: the attempt fails and the cart can be paid again', async () => {
      const { variantId } = await addVariant(t.db, 1500, 5);
      const provider = new RecordingProvider();
      const charge = provider.charge.bind(provider);
      provider.charge = async (input) => {
        throw new ProcessorTimeoutError(input.idempotencyKey);
      };
      const cartId = await cartWith(t.db, [[variantId, 1]], guest(now));
      await assert.rejects(placeOrder(t.db, provider, await reviewedOrder(t.db, { cartId, audience: guest(now), now })), PaymentPendingError);
      provider.charge = charge;
      assert.equal((await run(provider)).resolved, 1);
      const attempt = await attemptOf(cartId);
      assert.equal(attempt.status, 'failed');
      assert.equal(attempt.decline_reason, 'not_found');
      const placed = await placeOrder(t.db, provider, await reviewedOrder(t.db, { cartId, audience: guest(now), now }));
      assert.equal(placed.replayed, false);
    });

    test('money taken but the goods gone by the time the processor answered: refunded, no order', async () => {
      const { variantId } = await addVariant(t.db, 1500, 1);
      const provider = new RecordingProvider();
      provider.chargeMode = 'pending';
      const input = await reviewedOrder(t.db, { cartId: await cartWith(t.db, [[variantId, 1]], guest(now)), audience: guest(now), now });
      await assert.rejects(placeOrder(t.db, provider, input), PaymentPendingError);

      const early = await run(provider);
      assert.equal(early.resolved, 0, 'the processor has not decided: left for later');
      assert.ok(early.unresolved.some((u) => u.kind === 'attempt' && u.status === 'pending'));

      await t.db('variants').where({ id: variantId }).update({ stock: 0 });
      provider.chargeMode = 'answer';
      await provider.confirmPending();
      assert.equal((await run(provider)).resolved, 1);
      const attempt = await attemptOf(input.cartId);
      assert.equal(attempt.status, 'refunded');
      assert.equal(attempt.order_id, null);
      const [chargeId, amount] = [...provider.succeededCharges()][0];
      assert.equal(provider.refundedCents(chargeId), amount);
      assert.equal(await count(t.db, 'orders', { cart_id: input.cartId }), 0);
    });

    test('a refund left without an answer is asked again with the same key, and confirmed only then', async () => {
      const { variantId } = await addVariant(t.db, 1500, 1);
      const provider = new RecordingProvider();
      const refund = provider.refund.bind(provider);
      provider.refund = async () => {
        throw new Error('connection reset');
      };
      const input = await reviewedOrder(t.db, { cartId: await cartWith(t.db, [[variantId, 1]], guest(now)), audience: guest(now), now });
      provider.afterCharge = async () => {
        await t.db('variants').where({ id: variantId }).update({ stock: 0 });
      };
      await assert.rejects(placeOrder(t.db, provider, input), (err) => err instanceof RefundPendingError && err.orderError instanceof OutOfStockError);
      provider.afterCharge = null;
      const before = await paymentsNeedingAttention(t.db, Date.now() + 1, 0);
      const open = before.find((u) => u.kind === 'attempt' && u.status === 'refund_pending');
      assert.ok(open, 'the charge waiting for its refund is listed for staff');

      provider.refund = refund;
      const report = await run(provider);
      assert.equal(report.resolved, 1);
      assert.ok(!report.unresolved.some((u) => u.reference === open.reference), 'no longer needs attention');
      const attempt = await attemptOf(input.cartId);
      assert.equal(attempt.status, 'refunded');
      const [chargeId, amount] = [...provider.succeededCharges()][0];
      assert.equal(provider.refundedCents(chargeId), amount);
      const keys = new Set(provider.refunds.map((r) => r.input.idempotencyKey));
      assert.equal(keys.size, 1, 'one refund key, from the refund row');
    });

    test('a cancel records the refund pending; the order counts it only when the processor confirms, a refusal is shown', async () => {
      const { variantId } = await addVariant(t.db, 1500, 5);
      const provider = new RecordingProvider();
      const clerk = { id: await createUser(t.db, 'staff'), email: 'clerk@example.test' };
      const refund = provider.refund.bind(provider);

      const first = await placeOrder(t.db, provider, await reviewedOrder(t.db, { cartId: await cartWith(t.db, [[variantId, 1]], guest(now)), audience: guest(now), now }));
      provider.refund = async () => {
        throw new Error('connection reset');
      };
      const cancelled = await changeOrderStatus({ db: t.db, payments: provider }, clerk, first.number, 'cancel');
      assert.equal(cancelled.refund, 'pending');
      const row = async (number: string) => t.db('orders').where({ number }).first();
      assert.equal(Number((await row(first.number)).refunded_cents), 0, 'not refunded until the processor says so');
      const payment = async (orderId: number) => (await t.db('payments').where({ order_id: orderId }).first()).status;
      assert.equal(await payment(first.orderId), 'succeeded');
      assert.ok((await paymentsNeedingAttention(t.db, Date.now() + 1, 0)).some((u) => u.kind === 'refund' && u.orderNumber === first.number));
      // A second cancel or refund cannot ask for the same money again.
      await assert.rejects(changeOrderStatus({ db: t.db, payments: provider }, clerk, first.number, 'cancel'));

      provider.refund = refund;
      assert.equal((await run(provider)).resolved, 1);
      assert.equal(Number((await row(first.number)).refunded_cents), first.totals.totalCents);
      assert.equal(await payment(first.orderId), 'refunded');
      assert.ok(!(await paymentsNeedingAttention(t.db, Date.now() + 1, 0)).some((u) => u.orderNumber === first.number));

      const second = await placeOrder(t.db, provider, await reviewedOrder(t.db, { cartId: await cartWith(t.db, [[variantId, 1]], guest(now)), audience: guest(now), now }));
      provider.refund = async () => ({ status: 'failed', reason: 'unknown_charge' });
      const refused = await changeOrderStatus({ db: t.db, payments: provider }, clerk, second.number, 'cancel');
      assert.equal(refused.refund, 'failed');
      assert.equal(Number((await row(second.number)).refunded_cents), 0);
      assert.equal(await payment(second.orderId), 'refund_failed');
      assert.ok((await paymentsNeedingAttention(t.db, Date.now(), 60_000)).some((u) => u.kind === 'refund' && u.status === 'failed' && u.orderNumber === second.number));
    });

    test('two reconcilers at once: each open attempt is handled by one of them', async () => {
      const { variantId } = await addVariant(t.db, 1500, 10);
      const provider = new RecordingProvider();
      provider.chargeMode = 'timeout';
      const carts: number[] = [];
      for (let i = 0; i < 4; i++) {
        const input = await reviewedOrder(t.db, { cartId: await cartWith(t.db, [[variantId, 1]], guest(now)), audience: guest(now), now });
        carts.push(input.cartId);
        await assert.rejects(placeOrder(t.db, provider, input), PaymentPendingError);
      }
      provider.chargeMode = 'answer';
      const lookups: string[] = [];
      const lookup = provider.lookupCharge.bind(provider);
      provider.lookupCharge = async (key) => {
        lookups.push(key);
        return lookup(key);
      };
      const [a, b] = await Promise.all([run(provider), run(provider)]);
      assert.equal(a.resolved + b.resolved, 4);
      assert.equal(new Set(lookups).size, lookups.length, 'no attempt was asked about twice');
      for (const cartId of carts) assert.equal(await count(t.db, 'orders', { cart_id: cartId }), 1);
      assert.equal(await stockOf(t.db, variantId), 6);
    });

    test('an attempt younger than the grace period is left to its checkout', async () => {
      const { variantId } = await addVariant(t.db, 1500, 5);
      const provider = new RecordingProvider();
      provider.chargeMode = 'timeout';
      const input = await reviewedOrder(t.db, { cartId: await cartWith(t.db, [[variantId, 1]], guest(now)), audience: guest(now), now: Date.now() });
      await assert.rejects(placeOrder(t.db, provider, input), PaymentPendingError);
      provider.chargeMode = 'answer';
      await reconcilePayments(t.db, provider, { graceMs: 60_000 });
      assert.equal((await attemptOf(input.cartId)).status, 'pending');
    });
  });
}
