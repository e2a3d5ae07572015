// The inventory ledger explains stock after a mix of orders and hand adjustments; the audit log cannot be edited.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, createTestDb, type TestDb } from '../test-support/databases';
import { ensureDefaultCheckoutSettings } from '../orders/settings';
import { placeOrder } from '../orders/service';
import { addVariant, cartWith, guest, RecordingProvider, reviewedOrder, stockOf } from '../orders/testing';
import { changeStock, ledgerOf, ledgerTotal, recordInitialStock, StockWouldGoNegativeError } from './service';
import { listAudit, recordAudit } from '../audit/service';

for (const dialect of dialects) {
  describe(`inventory ledger and audit log on ${dialect}`, () => {
    let t: TestDb;
    before(async () => {
      t = await createTestDb(dialect);
      await ensureDefaultCheckoutSettings(t.db);
    });
    after(async () => t.cleanup());

    test('the ledger sums to the stock after orders and adjustments, and stock never goes below zero', async () => {
      const db = t.db;
      const { variantId } = await addVariant(db, 1000, 10);
      assert.equal(await recordInitialStock(db), 1);
      const provider = new RecordingProvider();
      const now = Date.now();
      for (const quantity of [2, 3]) {
        const cartId = await cartWith(db, [[variantId, quantity]], guest(now));
        await placeOrder(db, provider, await reviewedOrder(db, { cartId, audience: guest(now), now }));
      }
      await db.transaction((trx) => changeStock(trx, { variantId, change: 12, reason: 'received', note: 'delivery 42' }));
      await db.transaction((trx) => changeStock(trx, { variantId, change: -1, reason: 'damaged' }));
      await assert.rejects(db.transaction((trx) => changeStock(trx, { variantId, change: -100, reason: 'correction' })), StockWouldGoNegativeError);
      assert.equal(await stockOf(db, variantId), 10 - 2 - 3 + 12 - 1);
      assert.equal(await ledgerTotal(db, variantId), await stockOf(db, variantId));
      const ledger = await ledgerOf(db, variantId);
      assert.deepEqual(ledger.map((e) => [e.reason, e.change, e.stockAfter]), [
        ['damaged', -1, 16],
        ['received', 12, 17],
        ['order', -3, 5],
        ['order', -2, 8],
        ['initial', 10, 10],
      ]);
      assert.ok(ledger[2].orderId, 'an order’s ledger row names the order');
    });

    test('the audit log takes new entries and refuses edits and deletions', async () => {
      await recordAudit(t.db, { id: 1, email: 'clerk@example.test' }, { action: 'product.update', entityType: 'product', entityId: 7, before: { name: 'A' }, after: { name: 'B' } });
      const { entries, total } = await listAudit(t.db, { entityType: 'product' }, 10, 0);
      assert.equal(total, 1);
      assert.deepEqual([entries[0].actorEmail, entries[0].action, entries[0].before, entries[0].after], ['clerk@example.test', 'product.update', { name: 'A' }, { name: 'B' }]);
      await assert.rejects(t.db('audit_log').update({ action: 'forged' }), /append-only/);
      await assert.rejects(t.db('audit_log').delete(), /append-only/);
      assert.equal((await listAudit(t.db, {}, 10, 0)).entries[0].action, 'product.update');
    });
  });
}
