// The applied discount code lives on the cart: applied in an app, it is there on the checkout pages and in the REST quote, and back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser } from '../test-support/sign-in';
import { Shopper } from '../test-support/shopper';
import { createApiToken } from '../accounts/api-tokens';
import { addDiscountCode } from '../orders/testing';

const ADDRESS = { name: 'Camille Martin', line1: '12 rue de la Paix', line2: '', postalCode: '75002', city: 'Paris', region: '', country: 'FR', phone: '' };

for (const dialect of dialects) {
  describe(`one applied code for every channel on ${dialect}`, () => {
    let t: TestApp;
    let variantId = 0;
    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      await addProduct(t.testDb.db, null, { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 5000, stock: 50 }] });
      variantId = Number((await t.testDb.db('variants').where({ sku: 'MUG' }).first('id')).id);
      await addDiscountCode(t.testDb.db, { code: 'SAVE10', kind: 'percent', value: 1000 });
    });
    after(async () => t.close());

    test('a code applied with GraphQL is on the checkout pages and in the REST quote; removed on the pages, it is gone everywhere', async () => {
      const userId = await createUser(t.testDb.db);
      const bearer = { authorization: `Bearer ${(await createApiToken(t.testDb.db, userId, 'app')).token}`, 'content-type': 'application/json' };
      const gql = async (query: string) => (await t.app.inject({ method: 'POST', url: '/graphql', headers: bearer, payload: JSON.stringify({ query }) })).json();
      const quote = async (extra: Record<string, unknown> = {}) =>
        (await t.app.inject({ method: 'POST', url: '/api/v1/checkout/quote', headers: bearer, payload: JSON.stringify({ shippingAddress: ADDRESS, shippingMethod: 'standard', ...extra }) })).json();

      // In the app: add a mug and apply the code.
      assert.equal((await gql(`mutation { addToCart(variantId: ${variantId}, quantity: 1) { itemCount } }`)).data.addToCart.itemCount, 1);
      assert.equal((await gql('mutation { applyDiscountCode(code: "save10") { discountCode } }')).data.applyDiscountCode.discountCode, 'SAVE10');

      // REST: left out of the body, the cart's code counts; null means none.
      const withCode = await quote();
      assert.equal(withCode.discountCode, 'SAVE10');
      assert.equal(withCode.discountCents, 500);
      const without = await quote({ discountCode: null });
      assert.equal(without.discountCode, null);
      assert.equal(without.discountCents, 0);

      // The same account on the web: the checkout shows the code, the review counts it.
      const browser = new Shopper(t.app);
      await browser.post(`/test/sign-in/${userId}`, {});
      assert.equal((await browser.submit('/checkout/contact', { email: 'camille@example.test' })).statusCode, 303);
      assert.equal((await browser.submit('/checkout/shipping', { ...ADDRESS, shippingMethod: 'standard' })).statusCode, 303);
      const review = await browser.get('/checkout/review');
      assert.match(review.body, /Code applied: SAVE10/);
      assert.match(review.body, /SAVE10/);

      // Removed on the pages: the app's cart has no code either.
      const removed = await browser.submit('/checkout/review', { action: 'remove' }, '/checkout/discount');
      assert.equal(removed.statusCode, 303);
      assert.equal((await gql('{ cart { discountCode } }')).data.cart.discountCode, null);
      assert.equal((await quote()).discountCode, null);

      // Applied on the pages: the app sees it.
      assert.equal((await browser.submit('/checkout/review', { discountCode: 'save10' }, '/checkout/discount')).statusCode, 303);
      assert.equal((await gql('{ cart { discountCode } }')).data.cart.discountCode, 'SAVE10');
    });
  });
}
