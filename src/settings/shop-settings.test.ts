// Shop settings: a migrated shop has its row with the defaults; an update is read back on both databases.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, dialects, type TestDb } from '../test-support/databases';
import { loadShopSettings, updateShopSettings } from './shop-settings';

for (const dialect of dialects) {
  describe(`shop settings on ${dialect}`, () => {
    let t: TestDb;
    before(async () => {
      t = await createTestDb(dialect);
    });
    after(async () => t.cleanup());

    test('a new shop enters prices without tax until told otherwise', async () => {
      assert.deepEqual(await loadShopSettings(t.db), { pricesIncludeTax: false });
      await updateShopSettings(t.db, { pricesIncludeTax: true });
      assert.deepEqual(await loadShopSettings(t.db), { pricesIncludeTax: true });
      await t.db('shop_settings').delete();
      await updateShopSettings(t.db, { pricesIncludeTax: false });
      assert.equal((await t.db('shop_settings').count({ n: '*' }).first())?.n == 1, true, 'the row is made again');
    });
  });
}
