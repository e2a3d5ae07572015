// The cart through HTTP as a browser without JavaScript uses it: forms, redirects, messages, CSRF.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct, imageFilesOf } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, sessionCookieFrom, signIn } from '../test-support/sign-in';
import { csrfTokenIn, Shopper } from '../test-support/shopper';
import { addDiscountCode } from '../orders/testing';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

for (const dialect of dialects) {
  describe(`cart pages on ${dialect}`, () => {
    let t: TestApp;
    let mugId: number;
    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      await addCategory(t.testDb.db, 'k', 'Kitchen');
      await addProduct(t.testDb.db, 'k', { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 1250, stock: 5 }] });
      mugId = Number((await t.testDb.db('variants').where({ sku: 'MUG' }).first('id')).id);
      // Size x colour with one combination missing (L/Sage) and one sold out (S/Sand).
      await addProduct(t.testDb.db, 'k', {
        slug: 'tee',
        name: 'Tee',
        variants: [
          { sku: 'TEE-S-SAND', priceCents: 2000, stock: 0, options: { size: 'S/M', colour: 'Sand' } },
          { sku: 'TEE-S-SAGE', priceCents: 2000, stock: 4, options: { size: 'S/M', colour: 'Sage' } },
          { sku: 'TEE-L-SAND', priceCents: 2200, stock: 4, options: { size: 'L/XL', colour: 'Sand' } },
        ],
        images: 2,
      });
    });
    after(async () => t.close());

    test('a first-time visitor adds from the product page without JavaScript and sees the cart', async () => {
      const page = await t.app.inject({ url: '/products/mug' });
      assert.match(page.body, /<form class="add-to-cart" method="post" action="\/cart\/add"/);
      assert.doesNotMatch(page.body, /name="_csrf"/, 'the public page holds no token, so it stays cacheable');
      const add = await t.app.inject({ method: 'POST', url: '/cart/add', headers: { ...FORM, origin: 'http://localhost:80', host: 'localhost:80' }, payload: `product=mug&variant=${mugId}&quantity=2` });
      assert.equal(add.statusCode, 303);
      assert.equal(add.headers.location, '/cart');
      const cookie = String(add.headers['set-cookie']).split(';')[0];
      const cart = await t.app.inject({ url: '/cart', headers: { cookie } });
      assert.match(cart.body, /Added to your cart/);
      assert.match(cart.body, /Cart \(2\)/);
      assert.match(cart.body, /€25.00/);
      assert.match(cart.body, /Add €25\.00 more for free delivery \(free from €50\.00\)\./, 'the amount still missing for free delivery');
      assert.match((await t.app.inject({ url: '/products/mug' })).body, /<p class="delivery-note">Delivery €4\.90, free from €50\.00\. 14 days to change your mind after delivery\.<\/p>/);

      // With a session, the product page carries a token and the next add needs it.
      const again = await t.app.inject({ url: '/products/mug', headers: { cookie } });
      const token = csrfTokenIn(again.body);
      const noToken = await t.app.inject({ method: 'POST', url: '/cart/add', headers: { ...FORM, cookie }, payload: `product=mug&variant=${mugId}&quantity=1` });
      assert.equal(noToken.statusCode, 403);
      const withToken = await t.app.inject({ method: 'POST', url: '/cart/add', headers: { ...FORM, cookie }, payload: `_csrf=${encodeURIComponent(token)}&product=mug&variant=${mugId}&quantity=1` });
      assert.equal(withToken.statusCode, 303);
      assert.match((await t.app.inject({ url: '/cart', headers: { cookie } })).body, /Cart \(3\)/);
    });

    test('the guest cart comes along when the shopper logs in', async () => {
      const add = await t.app.inject({ method: 'POST', url: '/cart/add', headers: FORM, payload: `product=mug&variant=${mugId}&quantity=2` });
      const guestCookie = String(add.headers['set-cookie']).split(';')[0];
      const userId = await createUser(t.testDb.db);
      const userCookie = await signIn(t.app, userId, guestCookie);
      assert.notEqual(userCookie, guestCookie);
      assert.match((await t.app.inject({ url: '/cart', headers: { cookie: userCookie } })).body, /Cart \(2\)/);
    });

    test('with JavaScript the forms get fragments to swap in instead of redirects', async () => {
      const ajax = { ...FORM, 'x-requested-with': 'fetch' };
      const add = await t.app.inject({ method: 'POST', url: '/cart/add', headers: ajax, payload: `product=mug&variant=${mugId}&quantity=2` });
      assert.equal(add.statusCode, 200);
      assert.doesNotMatch(add.body, /<html/, 'a fragment, not a page');
      assert.match(add.body, /data-cart-link>Cart \(2\)</);
      assert.match(add.body, /Added to your cart/);
      const cookie = sessionCookieFrom(add);
      const token = csrfTokenIn(add.body);
      const again = await t.app.inject({ method: 'POST', url: '/cart/add', headers: { ...ajax, cookie }, payload: `_csrf=${encodeURIComponent(token)}&product=mug&variant=${mugId}&quantity=1` });
      assert.match(again.body, /Cart \(3\)/, 'the fragment’s token works for the next add');
      const bad = await t.app.inject({ method: 'POST', url: '/cart/add', headers: { ...ajax, cookie }, payload: `_csrf=${encodeURIComponent(token)}&product=mug&variant=${mugId}&quantity=x` });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="add-quantity-error"/);
      const line = await t.app.inject({ method: 'POST', url: `/cart/lines/${mugId}`, headers: { ...ajax, cookie }, payload: `_csrf=${encodeURIComponent(token)}&quantity=1` });
      assert.equal(line.statusCode, 200);
      assert.match(line.body, /<div data-cart-contents>/);
      assert.match(line.body, /Cart \(1\)/);
    });

    test('a cross-site form post without a session is refused', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/cart/add', headers: { ...FORM, origin: 'https://evil.example', host: 'localhost' }, payload: `product=mug&variant=${mugId}&quantity=1` });
      assert.equal(res.statusCode, 403);
    });

    test('bad quantities re-render the product page with a message and change nothing', async () => {
      for (const q of ['0', '-1', '1.5', '1e3', '', 'abc', '100']) {
        const res = await t.app.inject({ method: 'POST', url: '/cart/add', headers: FORM, payload: `product=mug&variant=${mugId}&quantity=${encodeURIComponent(q)}` });
        assert.equal(res.statusCode, 422, `quantity "${q}"`);
        assert.match(res.body, /id="add-quantity-error"[^>]*>Enter a whole number from 1 to 99/, q);
        assert.match(res.body, new RegExp(`id="add-quantity"[^>]*value="${q.replace('.', '\\.')}"`), 'the input is kept');
        assert.equal(res.headers['set-cookie'], undefined, 'no cart was made');
      }
      const arrays = await t.app.inject({ method: 'POST', url: '/cart/add', headers: FORM, payload: `product=mug&variant=${mugId}&quantity=1&quantity=2` });
      assert.equal(arrays.statusCode, 422);
      const tooMany = await t.app.inject({ method: 'POST', url: '/cart/add', headers: FORM, payload: `product=mug&variant=${mugId}&quantity=6` });
      assert.equal(tooMany.statusCode, 422);
      assert.match(tooMany.body, /Only 5 in stock\./);
      // With some already in the cart, the sentence says so instead of a puzzling "only N more".
      const first = await t.app.inject({ method: 'POST', url: '/cart/add', headers: FORM, payload: `product=mug&variant=${mugId}&quantity=1` });
      const withOne = String(first.headers['set-cookie']).split(';')[0];
      const withOneToken = csrfTokenIn((await t.app.inject({ url: '/products/mug', headers: { cookie: withOne } })).body);
      const askFive = await t.app.inject({ method: 'POST', url: '/cart/add', headers: { ...FORM, cookie: withOne }, payload: `_csrf=${encodeURIComponent(withOneToken)}&product=mug&variant=${mugId}&quantity=5` });
      assert.equal(askFive.statusCode, 422);
      assert.match(askFive.body, /Only 5 in stock and 1 already in your cart: you can add 4 more\./);
      const unknown = await t.app.inject({ method: 'POST', url: '/cart/add', headers: FORM, payload: `product=mug&variant=99999&quantity=1` });
      assert.equal(unknown.statusCode, 422);
    });

    test('without JavaScript the chosen size and colour are the variant added; a missing combination is refused beside the choice', async () => {
      const page = await t.app.inject({ url: '/products/tee' });
      assert.match(page.body, /<legend>Size<\/legend>/);
      assert.match(page.body, /<legend>Colour<\/legend>/);
      assert.doesNotMatch(page.body, /<input type="hidden" name="variant"/, 'no hidden default variant that would win over the choice');
      assert.match(page.body, /value="S\/M" checked/, 'the first in-stock variant is shown: S/M Sage');
      assert.match(page.body, /option-value--sold_out"><input[^>]*value="Sand"/, 'Sand is sold out in S/M');
      const add = await t.app.inject({ method: 'POST', url: '/cart/add', headers: FORM, payload: `product=tee&${encodeURIComponent('options[size]')}=${encodeURIComponent('L/XL')}&${encodeURIComponent('options[colour]')}=Sand&quantity=2` });
      assert.equal(add.statusCode, 303);
      const cookie = String(add.headers['set-cookie']).split(';')[0];
      const teeLines = () => t.testDb.db('cart_lines').join('variants', 'variants.id', 'cart_lines.variant_id').where('variants.sku', 'like', 'TEE-%').select('variants.sku', 'cart_lines.quantity');
      const lines = await teeLines();
      assert.deepEqual(lines.map((l: { sku: string; quantity: number }) => [l.sku, Number(l.quantity)]), [['TEE-L-SAND', 2]]);

      const token = csrfTokenIn((await t.app.inject({ url: '/products/tee', headers: { cookie } })).body);
      const missing = await t.app.inject({ method: 'POST', url: '/cart/add', headers: { ...FORM, cookie }, payload: `_csrf=${encodeURIComponent(token)}&product=tee&${encodeURIComponent('options[size]')}=${encodeURIComponent('L/XL')}&${encodeURIComponent('options[colour]')}=Sage&quantity=1` });
      assert.equal(missing.statusCode, 422);
      assert.match(missing.body, /id="add-options-error">This combination is not available/);
      assert.match(missing.body, /value="L\/XL" checked/, 'the shopper’s choice is kept');
      assert.match(missing.body, /value="Sage" checked/);
      const soldOut = await t.app.inject({ method: 'POST', url: '/cart/add', headers: { ...FORM, cookie }, payload: `_csrf=${encodeURIComponent(token)}&product=tee&${encodeURIComponent('options[size]')}=${encodeURIComponent('S/M')}&${encodeURIComponent('options[colour]')}=Sand&quantity=1` });
      assert.equal(soldOut.statusCode, 422);
      assert.match(soldOut.body, /Sorry, this is sold out/);
      const repeated = await t.app.inject({ method: 'POST', url: '/cart/add', headers: { ...FORM, cookie }, payload: `_csrf=${encodeURIComponent(token)}&product=tee&${encodeURIComponent('options[size]')}=S%2FM&${encodeURIComponent('options[size]')}=L%2FXL&${encodeURIComponent('options[colour]')}=Sand&quantity=1` });
      assert.equal(repeated.statusCode, 422, 'a repeated option is no choice');
      assert.equal((await teeLines()).length, 1, 'nothing else was added');
    });

    test('a variant with its own photo opens on it and shows it in the cart', async () => {
      const [sandPhoto, sagePhoto] = await imageFilesOf(t.testDb.db, 'tee');
      const sageImage = await t.testDb.db('product_images').where({ file: sagePhoto }).first('id');
      await t.testDb.db('variants').where({ sku: 'TEE-S-SAGE' }).update({ image_id: sageImage.id });
      t.app.catalog.invalidate();
      const sage = await t.testDb.db('variants').where({ sku: 'TEE-S-SAGE' }).first('id');
      const page = await t.app.inject({ url: `/products/tee?variant=${sage.id}` });
      assert.match(page.body, new RegExp(`<img src="/media/${sagePhoto}"[^>]*data-gallery-main`), 'the Sage photo is the main image');
      assert.match(page.body, /"image":1/, 'the script knows which photo each variant shows');
      const sand = await t.testDb.db('variants').where({ sku: 'TEE-L-SAND' }).first('id');
      assert.match((await t.app.inject({ url: `/products/tee?variant=${sand.id}` })).body, new RegExp(`<img src="/media/${sandPhoto}"[^>]*data-gallery-main`), 'without its own photo: the first');
      const add = await t.app.inject({ method: 'POST', url: '/cart/add', headers: FORM, payload: `product=tee&variant=${sage.id}&quantity=1` });
      const cookie = String(add.headers['set-cookie']).split(';')[0];
      const cart = await t.app.inject({ url: '/cart', headers: { cookie } });
      assert.match(cart.body, new RegExp(`<img src="/media/${sagePhoto}"`), 'the cart line shows the Sage photo');
      // Deleting the photo leaves the variant on the product's first photo.
      await t.testDb.db('product_images').where({ id: sageImage.id }).delete();
      assert.equal((await t.testDb.db('variants').where({ id: sage.id }).first('image_id')).image_id, null);
    });

    test('a discount code on the cart: applied with what it takes off, refused beside the field with the reason, removed', async () => {
      await addDiscountCode(t.testDb.db, { code: 'CART10', kind: 'percent', value: 1000, active: true });
      await addDiscountCode(t.testDb.db, { code: 'BIGSPEND', kind: 'percent', value: 1000, active: true, min_subtotal_cents: 100_000 });
      const add = await t.app.inject({ method: 'POST', url: '/cart/add', headers: FORM, payload: `product=mug&variant=${mugId}&quantity=2` });
      const s = new Shopper(t.app).useSession(String(add.headers['set-cookie']).split(';')[0]);
      const refused = await s.submit('/cart', { discountCode: 'bigspend' }, '/cart/discount');
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /id="discount-code-error"[^>]*>[^<]*€1,000\.00/, 'the minimum to reach, formatted');
      assert.match(refused.body, /value="bigspend"/);
      const applied = await s.submit('/cart', { discountCode: 'cart10' }, '/cart/discount');
      assert.equal(applied.statusCode, 303);
      const cart = await s.get('/cart');
      assert.match(cart.body, /Code applied: CART10/);
      assert.match(cart.body, /Discount \(CART10\)[\s\S]*−€2\.50/, 'what the code takes off now');
      const removed = await s.submit('/cart', { action: 'remove' }, '/cart/discount');
      assert.equal(removed.statusCode, 303);
      assert.doesNotMatch((await s.get('/cart')).body, /Code applied/);
    });

    test('changing a quantity to something wrong shows the message beside that line', async () => {
      const add = await t.app.inject({ method: 'POST', url: '/cart/add', headers: FORM, payload: `product=mug&variant=${mugId}&quantity=1` });
      const cookie = String(add.headers['set-cookie']).split(';')[0];
      const token = csrfTokenIn((await t.app.inject({ url: '/cart', headers: { cookie } })).body);
      const bad = await t.app.inject({ method: 'POST', url: `/cart/lines/${mugId}`, headers: { ...FORM, cookie }, payload: `_csrf=${encodeURIComponent(token)}&quantity=0` });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="qty-\d+-error"[^>]*>Enter a whole number/);
      const ok = await t.app.inject({ method: 'POST', url: `/cart/lines/${mugId}`, headers: { ...FORM, cookie }, payload: `_csrf=${encodeURIComponent(token)}&quantity=4` });
      assert.equal(ok.statusCode, 303);
      const four = (await t.app.inject({ url: '/cart', headers: { cookie } })).body;
      assert.match(four, /Cart \(4\)/);
      assert.match(four, /Delivery is free: your order reaches €50\.00\./);
      const removed = await t.app.inject({ method: 'POST', url: `/cart/lines/${mugId}/remove`, headers: { ...FORM, cookie }, payload: `_csrf=${encodeURIComponent(token)}` });
      assert.equal(removed.statusCode, 303);
      assert.match((await t.app.inject({ url: '/cart', headers: { cookie } })).body, /Your cart is empty/);
    });
  });
}
