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
      assert.equal((await loadShopSettings(t.db)).pricesIncludeTax, false);
      await updateShopSettings(t.db, { pricesIncludeTax: true });
      assert.equal((await loadShopSettings(t.db)).pricesIncludeTax, true);
      await t.db('shop_settings').delete();
      await updateShopSettings(t.db, { pricesIncludeTax: false });
      assert.equal((await t.db('shop_settings').count({ n: '*' }).first())?.n == 1, true, 'the row is made again');
    });

    test('the seller identity is empty on a new shop, then read back as saved, address lines in order', async () => {
      const fresh = await loadShopSettings(t.db);
      assert.equal(fresh.sellerName, '');
      assert.deepEqual(fresh.sellerAddressLines, []);
      await updateShopSettings(t.db, {
        sellerName: 'Emporium SAS',
        sellerAddressLines: ['12 rue de Rivoli', '75004 Paris'],
        sellerCountry: 'FR',
        sellerVatNumber: 'FR40303265045',
        sellerRegistration: 'SIREN 303 265 045',
        invoiceFooter: 'Capital 10 000 €',
      });
      const saved = await loadShopSettings(t.db);
      assert.equal(saved.sellerName, 'Emporium SAS');
      assert.deepEqual(saved.sellerAddressLines, ['12 rue de Rivoli', '75004 Paris']);
      assert.equal(saved.sellerCountry, 'FR');
      assert.equal(saved.sellerVatNumber, 'FR40303265045');
      assert.equal(saved.sellerRegistration, 'SIREN 303 265 045');
      assert.equal(saved.invoiceFooter, 'Capital 10 000 €');
      assert.equal(saved.pricesIncludeTax, false, 'the other settings are left as they were');
    });
  });
}
