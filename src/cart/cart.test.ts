// Cart rules against a real database: quantities, stock, visibility, member prices, merging at log in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects, createTestDb, type TestDb } from '../test-support/databases';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { createUser } from '../test-support/sign-in';
import { ValidationError } from '../lib/errors';
import { addToCart, cartItemCountOfUser, createGuestCart, ensureUserCart, mergeGuestCart, NotEnoughStockError, parseQuantity, removeFromCart, setQuantity, VariantUnavailableError, viewCart } from './service';

test('parseQuantity accepts whole numbers 1..99 only', () => {
  for (const ok of ['1', '9', '42', '99', 5]) assert.equal(parseQuantity(ok), Number(ok));
  for (const bad of ['0', '-1', '1.5', '1e3', '', ' 2', '100', '01', 'abc', ['1', '2'], { q: 1 }, null, undefined, 1.5, 0, NaN]) {
    assert.throws(() => parseQuantity(bad), ValidationError, String(bad));
  }
});

const now = () => ({ member: false, now: Date.now() });
const asMember = () => ({ member: true, now: Date.now() });

for (const dialect of dialects) {
  describe(`cart on ${dialect}`, () => {
    let t: TestDb;
    let ids: Record<string, number>;
    before(async () => {
      t = await createTestDb(dialect);
      await addCategory(t.db, 'k', 'Kitchen');
      await addProduct(t.db, 'k', { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 1000, stock: 5 }] });
      await addProduct(t.db, 'k', { slug: 'bowl', name: 'Bowl', variants: [{ sku: 'BOWL', priceCents: 2000, stock: 2 }] });
      await addProduct(t.db, 'k', { slug: 'draft', name: 'Draft', status: 'draft', variants: [{ sku: 'DRAFT', priceCents: 100, stock: 9 }] });
      await addProduct(t.db, 'k', { slug: 'early', name: 'Early', variants: [{ sku: 'EARLY', priceCents: 100, stock: 9 }] });
      await t.db('products').where({ slug: 'early' }).update({ members_only_until: Date.now() + 86_400_000 });
      await t.db('variants').where({ sku: 'BOWL' }).update({ member_price_cents: 1500 });
      const rows = await t.db('variants').select('id', 'sku');
      ids = Object.fromEntries(rows.map((r) => [r.sku, Number(r.id)]));
    });
    after(async () => t.cleanup());

    test('adds, adds again, changes and removes with current prices', async () => {
      const cart = await createGuestCart(t.db);
      await addToCart(t.db, cart, ids.MUG, 2, now());
      await addToCart(t.db, cart, ids.MUG, 1, now());
      await addToCart(t.db, cart, ids.BOWL, 1, now());
      let view = await viewCart(t.db, cart, now());
      assert.deepEqual(view.lines.map((l) => [l.sku, l.quantity, l.lineTotalCents]), [['MUG', 3, 3000], ['BOWL', 1, 2000]]);
      assert.equal(view.subtotalCents, 5000);
      assert.equal(view.itemCount, 4);
      assert.equal((await viewCart(t.db, cart, asMember())).subtotalCents, 4500, 'members pay member prices');
      await setQuantity(t.db, cart, ids.MUG, 1, now());
      await removeFromCart(t.db, cart, ids.BOWL);
      view = await viewCart(t.db, cart, now());
      assert.deepEqual(view.lines.map((l) => [l.sku, l.quantity]), [['MUG', 1]]);
    });

    test('never more than stock, never drafts or early access for non-members', async () => {
      const cart = await createGuestCart(t.db);
      await assert.rejects(addToCart(t.db, cart, ids.BOWL, 3, now()), NotEnoughStockError);
      await addToCart(t.db, cart, ids.BOWL, 2, now());
      await assert.rejects(addToCart(t.db, cart, ids.BOWL, 1, now()), (err: NotEnoughStockError) => err.available === 0);
      await assert.rejects(addToCart(t.db, cart, ids.DRAFT, 1, now()), VariantUnavailableError);
      await assert.rejects(addToCart(t.db, cart, ids.EARLY, 1, now()), VariantUnavailableError);
      await addToCart(t.db, cart, ids.EARLY, 1, asMember());
      await assert.rejects(addToCart(t.db, cart, 999999, 1, now()), VariantUnavailableError);
    });

    test('a line whose stock fell below its quantity is flagged', async () => {
      const cart = await createGuestCart(t.db);
      await addToCart(t.db, cart, ids.MUG, 4, now());
      await t.db('variants').where({ id: ids.MUG }).update({ stock: 2 });
      const view = await viewCart(t.db, cart, now());
      assert.equal(view.lines[0].shortOfStock, true);
      assert.equal(view.hasProblems, true);
      await t.db('variants').where({ id: ids.MUG }).update({ stock: 5 });
    });

    test('at log in the guest cart merges into the account’s, capped by stock', async () => {
      const userId = await createUser(t.db);
      const userCart = await ensureUserCart(t.db, userId);
      await addToCart(t.db, userCart, ids.BOWL, 1, now());
      const guest = await createGuestCart(t.db);
      await addToCart(t.db, guest, ids.BOWL, 2, now());
      await addToCart(t.db, guest, ids.MUG, 2, now());
      const merged = await mergeGuestCart(t.db, guest, userId, now());
      assert.equal(merged, userCart);
      const view = await viewCart(t.db, merged, now());
      assert.deepEqual(view.lines.map((l) => [l.sku, l.quantity]).sort(), [['BOWL', 2], ['MUG', 2]]);
      assert.equal(await t.db('carts').where({ id: guest }).first('id'), undefined, 'the guest cart is gone');
      assert.equal(await cartItemCountOfUser(t.db, userId), 4, 'the header counts the account cart in one query');
      assert.equal(await cartItemCountOfUser(t.db, await createUser(t.db)), 0, 'no cart: nothing');
    });

    test('a code applied as a guest comes along at log in, unless the account’s cart has its own', async () => {
      const codeOf = async (cartId: number) => (await t.db('carts').where({ id: cartId }).first('discount_code')).discount_code;
      const fresh = await createUser(t.db);
      const guest = await createGuestCart(t.db);
      await addToCart(t.db, guest, ids.MUG, 1, now());
      await t.db('carts').where({ id: guest }).update({ discount_code: 'GUEST10' });
      assert.equal(await codeOf(await mergeGuestCart(t.db, guest, fresh, now())), 'GUEST10');

      const holder = await createUser(t.db);
      await t.db('carts').where({ id: await ensureUserCart(t.db, holder) }).update({ discount_code: 'MINE' });
      const other = await createGuestCart(t.db);
      await t.db('carts').where({ id: other }).update({ discount_code: 'GUEST10' });
      assert.equal(await codeOf(await mergeGuestCart(t.db, other, holder, now())), 'MINE');
    });
  });
}
