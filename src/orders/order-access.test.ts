// Who may read an order: its customer, the holder of its link, staff; to anyone else it does not exist.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, createTestDb, type TestDb } from '../test-support/databases';
import { createUser } from '../test-support/sign-in';
import { orderForViewer, ordersOfUser, placeOrder } from './service';
import { ensureDefaultCheckoutSettings } from './settings';
import { addVariant, cartWith, guest, RecordingProvider, reviewedOrder } from './testing';

for (const dialect of dialects) {
  describe(`order access on ${dialect}`, () => {
    let t: TestDb;
    const now = Date.now();
    before(async () => {
      t = await createTestDb(dialect);
      await ensureDefaultCheckoutSettings(t.db);
    });
    after(async () => t.cleanup());

    test('a customer sees their own orders; another customer’s number answers like a missing one', async () => {
      const { variantId } = await addVariant(t.db, 1000, 20);
      const provider = new RecordingProvider();
      const owner = await createUser(t.db);
      const stranger = await createUser(t.db);
      const numbers: string[] = [];
      for (const [quantity, at] of [[1, now - 60_000], [3, now]] as const) {
        const input = await reviewedOrder(t.db, { cartId: await cartWith(t.db, [[variantId, quantity]], guest(at), owner), audience: guest(at), userId: owner, now: at });
        numbers.push((await placeOrder(t.db, provider, input)).number);
      }

      const mine = await orderForViewer(t.db, numbers[0], { userId: owner, accessToken: null, isStaff: false });
      assert.equal(mine?.number, numbers[0]);
      assert.equal(mine?.userId, owner);
      assert.equal(await orderForViewer(t.db, numbers[0], { userId: stranger, accessToken: null, isStaff: false }), null);
      assert.equal(await orderForViewer(t.db, numbers[0], { userId: null, accessToken: null, isStaff: false }), null);
      assert.equal(await orderForViewer(t.db, 'EMP-0000000000', { userId: owner, accessToken: null, isStaff: true }), null);
      assert.equal(await orderForViewer(t.db, "EMP-' or 1=1", { userId: owner, accessToken: null, isStaff: true }), null);
      assert.equal((await orderForViewer(t.db, numbers[0], { userId: stranger, accessToken: null, isStaff: true }))?.number, numbers[0], 'staff see every order');

      const list = await ordersOfUser(t.db, owner);
      assert.deepEqual(list.map((o) => [o.number, o.itemCount, o.status]), [[numbers[1], 3, 'paid'], [numbers[0], 1, 'paid']], 'newest first');
      assert.equal(list[0].placedAt.getTime(), now);
      assert.deepEqual(await ordersOfUser(t.db, stranger), []);
    });
  });
}
