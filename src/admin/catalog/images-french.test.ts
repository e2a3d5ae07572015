// Product images' alternative text in French: edited beside the English in the back office, read by French pages
// (gallery, listing cards, the cart's variants) with the English where an image has none.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../../test-support/databases';
import { createTestApp, type TestApp } from '../../test-support/test-app';
import { addTestSignIn, createUser, signIn } from '../../test-support/sign-in';
import { Shopper } from '../../test-support/shopper';
import { addCategory, addProduct } from '../../test-support/catalog-fixtures';
import { variantsForSale } from '../../catalog/service';

for (const dialect of dialects) {
  describe(`images' French alternative text on ${dialect}`, () => {
    let t: TestApp;
    let db: TestApp['testDb']['db'];
    let staff: Shopper;
    let customer: Shopper;
    let mugId: number;
    let firstImage: number;
    let secondImage: number;

    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      db = t.testDb.db;
      await addCategory(db, 'kitchen', 'Kitchen');
      mugId = await addProduct(db, 'kitchen', { slug: 'blue-mug', name: 'Blue Mug', images: 2, variants: [{ sku: 'MUG-1', priceCents: 1200, stock: 4 }] });
      [firstImage, secondImage] = (await db('product_images').where('product_id', mugId).orderBy('position').select('id')).map((r) => Number(r.id));
      staff = new Shopper(t.app).useSession(await signIn(t.app, await createUser(db, 'staff')));
      customer = new Shopper(t.app).useSession(await signIn(t.app, await createUser(db, 'customer')));
    });
    after(async () => t.close());

    const save = (imageId: number, fields: Record<string, string>) => staff.submit(`/admin/products/${mugId}`, fields, `/admin/images/${imageId}`);

    test('each image of the product page has a French field beside the English; customers cannot post it', async () => {
      const page = await staff.get(`/admin/products/${mugId}`);
      assert.match(page.body, new RegExp(`id="image-${firstImage}-alt"[^>]*name="alt"|name="alt"[^>]*value="Blue Mug, view 1"`));
      assert.match(page.body, new RegExp(`<label for="image-${firstImage}-altFr">Image description in French`));
      assert.match(page.body, /id="images-altFr"/, 'the upload form too');
      assert.equal((await customer.postWithTokenFrom(`/admin/images/${firstImage}`, { alt: 'x', altFr: 'y' }, '/account/profile')).statusCode, 403);
      assert.equal(await db('image_translations').first(), undefined);
    });

    test('saved, French pages show the French alt (gallery and cards) and English pages the English; an image without French falls back', async () => {
      // Warm the French pages first: only invalidation can make the French show.
      assert.match((await t.app.inject({ url: '/fr/products/blue-mug' })).body, /alt="Blue Mug, view 1"/);
      assert.match((await t.app.inject({ url: '/fr/categories/kitchen' })).body, /alt="Blue Mug, view 1"/);
      const saved = await save(firstImage, { alt: 'A blue mug, front view', altFr: 'Un mug bleu, vue de face' });
      assert.equal(saved.statusCode, 303);
      assert.equal((await db('image_translations').where({ image_id: firstImage, locale: 'fr' }).first('alt')).alt, 'Un mug bleu, vue de face');
      const fr = (await t.app.inject({ url: '/fr/products/blue-mug' })).body;
      assert.match(fr, /alt="Un mug bleu, vue de face"/);
      assert.match(fr, /data-alt="Un mug bleu, vue de face"/);
      assert.match(fr, /data-alt="Blue Mug, view 2"/, 'no French: the English alt');
      assert.match((await t.app.inject({ url: '/fr/categories/kitchen' })).body, /alt="Un mug bleu, vue de face"/);
      const en = (await t.app.inject({ url: '/products/blue-mug' })).body;
      assert.match(en, /alt="A blue mug, front view"/);
      assert.doesNotMatch(en, /Un mug bleu/);
      const variantId = Number((await db('variants').where('sku', 'MUG-1').first('id')).id);
      const forSale = await variantsForSale(db, [variantId], { member: false, now: Date.now(), locale: 'fr' });
      assert.equal(forSale.get(variantId)?.image?.alt, 'Un mug bleu, vue de face');
      const audit = await db('audit_log').where('action', 'image.update').orderBy('id', 'desc').first();
      assert.match(String(audit.after), /"altFr":"Un mug bleu, vue de face"/);
      // The edit form shows it back.
      assert.match((await staff.get(`/admin/products/${mugId}`)).body, /value="Un mug bleu, vue de face"/);
    });

    test('a French alt too long, or a missing English one, re-renders beside the field as typed; emptied, the English shows again', async () => {
      const tooLong = await save(secondImage, { alt: 'Blue Mug, view 2', altFr: 'é'.repeat(301) });
      assert.equal(tooLong.statusCode, 422);
      assert.match(tooLong.body, new RegExp(`id="image-${secondImage}-altFr-error"[^>]*>Use 300 characters or fewer\\.`));
      assert.match(tooLong.body, new RegExp(`id="image-${secondImage}-altFr"[^>]*value="${'é'.repeat(301)}"`));
      // 300 characters exactly, accents counted once each, is fine.
      assert.equal((await save(secondImage, { alt: 'Blue Mug, view 2', altFr: 'é'.repeat(300) })).statusCode, 303);
      const noEnglish = await save(secondImage, { alt: '', altFr: 'Un mug bleu, de côté' });
      assert.equal(noEnglish.statusCode, 422);
      assert.match(noEnglish.body, /value="Un mug bleu, de côté"/);
      assert.equal((await db('image_translations').where({ image_id: secondImage }).first('alt')).alt, 'é'.repeat(300));
      assert.equal((await save(firstImage, { alt: 'A blue mug, front view', altFr: '  ' })).statusCode, 303);
      assert.equal(await db('image_translations').where({ image_id: firstImage }).first(), undefined);
      assert.match((await t.app.inject({ url: '/fr/products/blue-mug' })).body, /alt="A blue mug, front view"/);
    });
  });
}
