// Back office: categories listed with their French status, created and edited in English with the French beside
// (slugs checked in every language), deleted only when empty; staff only; the storefront follows at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../../test-support/databases';
import { createTestApp, type TestApp } from '../../test-support/test-app';
import { addTestSignIn, createUser, signIn } from '../../test-support/sign-in';
import { Shopper } from '../../test-support/shopper';
import { addCategory, addProduct } from '../../test-support/catalog-fixtures';

const count = async (q: Promise<{ n?: unknown } | undefined>) => Number((await q)?.n ?? 0);

for (const dialect of dialects) {
  describe(`back-office categories on ${dialect}`, () => {
    let t: TestApp;
    let db: TestApp['testDb']['db'];
    let staff: Shopper;
    let admin: Shopper;
    let customer: Shopper;
    let kitchenId: number;
    let gardenId: number;

    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      db = t.testDb.db;
      kitchenId = await addCategory(db, 'kitchen', 'Kitchen');
      await addCategory(db, 'cookware', 'Cookware', 'kitchen');
      gardenId = await addCategory(db, 'garden', 'Garden');
      await addProduct(db, 'kitchen', { slug: 'blue-mug', name: 'Blue Mug', variants: [{ sku: 'MUG-1', priceCents: 1200, stock: 4 }] });
      await addProduct(db, 'cookware', { slug: 'skillet', name: 'Skillet', variants: [{ sku: 'SKL-1', priceCents: 4900, stock: 4 }] });
      await addProduct(db, 'cookware', { slug: 'pan', name: 'Pan', variants: [{ sku: 'PAN-1', priceCents: 2900, stock: 4 }] });
      await db('category_translations').insert({ category_id: gardenId, locale: 'fr', name: 'Jardin', description: 'Pour les balcons et les jardins.', slug: 'jardin' });
      staff = new Shopper(t.app).useSession(await signIn(t.app, await createUser(db, 'staff')));
      admin = new Shopper(t.app).useSession(await signIn(t.app, await createUser(db, 'admin')));
      customer = new Shopper(t.app).useSession(await signIn(t.app, await createUser(db, 'customer')));
    });
    after(async () => t.close());

    /** The names in the list's table, in order. */
    const listed = async (url: string) => [...(await staff.get(url)).body.matchAll(/<td><a href="\/admin\/categories\/\d+">([^<]*)<\/a><\/td>/g)].map((m) => m[1]!);

    test('only staff and admins reach the category pages; customers get 403 and anonymous visitors the login', async () => {
      const gets = ['/admin/categories', '/admin/categories/new', `/admin/categories/${kitchenId}`];
      const posts = ['/admin/categories/new', `/admin/categories/${kitchenId}`, `/admin/categories/${kitchenId}/translations/fr`, `/admin/categories/${gardenId}/delete`];
      const anonymous = new Shopper(t.app);
      for (const url of gets) {
        assert.equal((await customer.get(url)).statusCode, 403, url);
        const res = await anonymous.get(url);
        assert.equal(res.statusCode, 303, url);
        assert.equal(res.headers.location, `/account/login?return=${encodeURIComponent(url)}`);
        assert.equal((await admin.get(url)).statusCode, 200, url);
      }
      for (const url of posts) {
        assert.equal((await customer.postWithTokenFrom(url, { name: 'Hacked', slug: 'hacked' }, '/account/profile')).statusCode, 403, url);
        assert.match((await anonymous.postWithTokenFrom(url, { name: 'Hacked' }, '/account/login')).headers.location as string, /^\/account\/login/, url);
      }
      // Without its CSRF token, even staff's form is refused.
      assert.equal((await staff.post(`/admin/categories/${kitchenId}`, { name: 'Hacked', slug: 'kitchen' })).statusCode, 403);
      assert.equal((await db('categories').where('id', kitchenId).first('name')).name, 'Kitchen');
      assert.equal(await count(db('audit_log').where('entity_type', 'category').count({ n: '*' }).first()), 0);
      // The dashboard's navigation links the page next to the products.
      assert.match((await staff.get('/admin')).body, /href="\/admin\/products"[^<]*<\/a><\/li>\s*<li><a href="\/admin\/categories">Categories<\/a>/);
    });

    test('the list shows each category with its slug, its products and its French status, and filters those missing French', async () => {
      const page = await staff.get('/admin/categories');
      assert.equal(page.statusCode, 200);
      // Each top-level category is followed by its subcategories.
      assert.deepEqual(await listed('/admin/categories'), ['Garden', 'Kitchen', 'Cookware']);
      assert.match(page.body, /<a href="\/admin\/categories\/\d+">Cookware<\/a><\/td><td><code>cookware<\/code><\/td><td>Kitchen<\/td><td>2<\/td><td><span class="status-tag">French missing<\/span>/);
      assert.match(page.body, /<a href="\/admin\/categories\/\d+">Garden<\/a><\/td><td><code>garden<\/code><\/td><td>—<\/td><td>0<\/td><td>Translated<\/td>/);
      assert.deepEqual(await listed('/admin/categories?missing=fr'), ['Kitchen', 'Cookware']);
      assert.match((await staff.get('/admin/categories?missing=fr')).body, /name="missing" value="fr" checked/);
      // A French row with an empty description still counts as missing.
      await db('category_translations').where({ category_id: gardenId }).update({ description: ' ' });
      assert.deepEqual(await listed('/admin/categories?missing=fr'), ['Garden', 'Kitchen', 'Cookware']);
      await db('category_translations').where({ category_id: gardenId }).update({ description: 'Pour les balcons et les jardins.' });
    });

    test('a new category: its slug made from the name, shown in the shop at once, with an audit entry', async () => {
      // Warm the storefront first, so only invalidation can make the new category show.
      assert.equal((await t.app.inject({ url: '/categories/bath-and-body' })).statusCode, 404);
      assert.doesNotMatch((await t.app.inject({ url: '/' })).body, /Bath &amp; Body/);
      const made = await staff.submit('/admin/categories/new', { name: 'Bath & Body', slug: '', description: 'Soaps and towels.' });
      assert.equal(made.statusCode, 303, made.body);
      const row = await db('categories').where('slug', 'bath-body').first();
      assert.ok(row, 'slug made from the name');
      assert.equal(made.headers.location, `/admin/categories/${row.id}`);
      assert.equal(row.parent_id, null);
      assert.equal(row.description, 'Soaps and towels.');
      const shop = await t.app.inject({ url: '/categories/bath-body' });
      assert.equal(shop.statusCode, 200);
      assert.match(shop.body, /<h1[^>]*>Bath &amp; Body<\/h1>/);
      assert.equal(await count(db('audit_log').where({ action: 'category.create', entity_id: String(row.id) }).count({ n: '*' }).first()), 1);
      const edit = await staff.get(made.headers.location as string);
      assert.match(edit.body, /Category created/);
      assert.match(edit.body, /id="french"/);
    });

    test('bad input comes back beside the field as typed, with status 422 and nothing saved', async () => {
      const before = await count(db('categories').count({ n: '*' }).first());
      const badSlug = await staff.submit('/admin/categories/new', { name: 'Lamps', slug: 'Not A Slug!', description: '' });
      assert.equal(badSlug.statusCode, 422);
      assert.match(badSlug.body, /id="category-slug-error"[^>]*>Use lower-case letters a to z, digits and single hyphens\./);
      assert.match(badSlug.body, /value="Not A Slug!"/);
      assert.match(badSlug.body, /value="Lamps"/);
      for (const slug of ['double--hyphen', '-edge', 'UPPER']) assert.equal((await staff.submit('/admin/categories/new', { name: 'Lamps', slug })).statusCode, 422, slug);
      const noName = await staff.submit('/admin/categories/new', { name: '  ', slug: 'lamps' });
      assert.equal(noName.statusCode, 422);
      assert.match(noName.body, /Enter the category’s name\./);
      const tooLong = await staff.submit('/admin/categories/new', { name: 'x'.repeat(121) });
      assert.equal(tooLong.statusCode, 422);
      assert.match(tooLong.body, /Use 120 characters or fewer\./);
      // Another category's English slug, or its French one, is taken.
      for (const slug of ['kitchen', 'jardin']) {
        const taken = await staff.submit('/admin/categories/new', { name: 'Lamps', slug });
        assert.equal(taken.statusCode, 422, slug);
        assert.match(taken.body, /Another category already uses this address\./);
      }
      const editTaken = await staff.submit(`/admin/categories/${kitchenId}`, { name: 'Kitchen', slug: 'garden', description: '' });
      assert.equal(editTaken.statusCode, 422);
      assert.match(editTaken.body, /Another category already uses this address\./);
      // Junk in place of fields never makes a 500.
      const junk = await staff.post(`/admin/categories/${kitchenId}`, { _csrf: 'x' });
      assert.notEqual(junk.statusCode, 500);
      assert.equal(await count(db('categories').count({ n: '*' }).first()), before);
      assert.equal((await db('categories').where('id', kitchenId).first('slug')).slug, 'kitchen');
    });

    test('editing the English renames the category in the shop at once; the old address stops working', async () => {
      assert.match((await t.app.inject({ url: '/categories/kitchen' })).body, /<h1[^>]*>Kitchen<\/h1>/);
      const saved = await staff.submit(`/admin/categories/${kitchenId}`, { name: 'Kitchen & Dining', slug: 'kitchen-dining', description: 'Tools that last.' });
      assert.equal(saved.statusCode, 303);
      const shop = await t.app.inject({ url: '/categories/kitchen-dining' });
      assert.equal(shop.statusCode, 200);
      assert.match(shop.body, /<h1[^>]*>Kitchen &amp; Dining<\/h1>/);
      assert.match(shop.body, /Tools that last\./);
      assert.equal((await t.app.inject({ url: '/categories/kitchen' })).statusCode, 404);
      const audit = await db('audit_log').where({ action: 'category.update', entity_id: String(kitchenId) }).first();
      assert.match(String(audit.before), /"slug":"kitchen"/);
      assert.match(String(audit.after), /"slug":"kitchen-dining"/);
    });

    test('the French beside the English: saved, its slug made from the French name, shown on French pages, sitemap and hreflang', async () => {
      const page = await staff.get(`/admin/categories/${kitchenId}`);
      assert.match(page.body, /Tools that last\./);
      assert.doesNotMatch(page.body, /name="metaDescription"/);
      // Warm the French page first.
      assert.match((await t.app.inject({ url: '/fr/categories/kitchen-dining' })).body, /<h1[^>]*>Kitchen &amp; Dining<\/h1>/);
      const saved = await staff.submit(`/admin/categories/${kitchenId}`, { name: 'Cuisine et table', slug: '', description: 'Des ustensiles qui durent.' }, `/admin/categories/${kitchenId}/translations/fr`);
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `/admin/categories/${kitchenId}#french`);
      const row = await db('category_translations').where({ category_id: kitchenId, locale: 'fr' }).first();
      assert.deepEqual({ name: row.name, slug: row.slug, description: row.description }, { name: 'Cuisine et table', slug: 'cuisine-et-table', description: 'Des ustensiles qui durent.' });
      const fr = await t.app.inject({ url: '/fr/categories/cuisine-et-table' });
      assert.equal(fr.statusCode, 200);
      assert.match(fr.body, /<h1[^>]*>Cuisine et table<\/h1>/);
      assert.match(fr.body, /Des ustensiles qui durent\./);
      assert.match(fr.body, /<link rel="alternate" hreflang="en" href="[^"]*\/categories\/kitchen-dining">/);
      const en = await t.app.inject({ url: '/categories/kitchen-dining' });
      assert.match(en.body, /<link rel="alternate" hreflang="fr" href="[^"]*\/fr\/categories\/cuisine-et-table">/);
      assert.match((await t.app.inject({ url: '/sitemap.xml' })).body, /<loc>[^<]*\/fr\/categories\/cuisine-et-table<\/loc>/);
      assert.equal(await count(db('audit_log').where({ action: 'category.translate', entity_id: String(kitchenId) }).count({ n: '*' }).first()), 1);
      assert.deepEqual(await listed('/admin/categories?missing=fr'), ['Cookware', 'Bath &amp; Body']);
      // Saved again with the slug emptied, it is made from the French name again.
      await staff.submit(`/admin/categories/${kitchenId}`, { name: 'Arts de la cuisine', slug: '', description: 'Des ustensiles qui durent.' }, `/admin/categories/${kitchenId}/translations/fr`);
      assert.equal((await db('category_translations').where({ category_id: kitchenId, locale: 'fr' }).first('slug')).slug, 'arts-de-la-cuisine');
    });

    test('a French slug is unique in French and never another category’s English slug; bad French re-renders beside the field', async () => {
      const cookwareId = (await db('categories').where('slug', 'cookware').first('id')).id;
      const post = (fields: Record<string, string>) => staff.submit(`/admin/categories/${cookwareId}`, { name: 'Casseroles', slug: '', description: '', ...fields }, `/admin/categories/${cookwareId}/translations/fr`);
      for (const slug of ['jardin', 'garden', 'arts-de-la-cuisine']) {
        const taken = await post({ slug });
        assert.equal(taken.statusCode, 422, slug);
        assert.match(taken.body, /id="translation-fr-slug-error"[^>]*>Another category already uses this address\./);
        assert.match(taken.body, new RegExp(`value="${slug}"`));
      }
      const bad = await post({ slug: 'Pas Un Slug' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /value="Pas Un Slug"/);
      assert.equal((await post({ name: 'x'.repeat(121) })).statusCode, 422);
      assert.equal(await db('category_translations').where('category_id', cookwareId).first(), undefined);
      // Its own English slug is fine as its French one.
      assert.equal((await post({ slug: 'cookware', description: 'Poêles et casseroles.' })).statusCode, 303);
      // Emptying every field removes the French: the English shows again.
      assert.equal((await post({ name: '', slug: '', description: '' })).statusCode, 303);
      assert.equal(await db('category_translations').where('category_id', cookwareId).first(), undefined);
      assert.match((await t.app.inject({ url: '/fr/categories/cookware' })).body, /<h1[^>]*>Cookware<\/h1>/);
    });

    test('a category is deleted only when nothing is filed under it', async () => {
      // The page of a category with products offers no delete button; a forged post is refused with 409.
      assert.doesNotMatch((await staff.get(`/admin/categories/${kitchenId}`)).body, /action="\/admin\/categories\/\d+\/delete"/);
      const forged = await staff.postWithTokenFrom(`/admin/categories/${kitchenId}/delete`, {}, `/admin/categories/${kitchenId}`);
      assert.equal(forged.statusCode, 409);
      assert.match(forged.body, /still has products or subcategories/);
      assert.ok(await db('categories').where('id', kitchenId).first());
      const page = await staff.get(`/admin/categories/${gardenId}`);
      assert.match(page.body, /action="\/admin\/categories\/\d+\/delete"/);
      const deleted = await staff.submit(`/admin/categories/${gardenId}`, {}, `/admin/categories/${gardenId}/delete`);
      assert.equal(deleted.statusCode, 303);
      assert.equal(await db('categories').where('id', gardenId).first(), undefined);
      assert.equal(await db('category_translations').where('category_id', gardenId).first(), undefined);
      assert.equal((await t.app.inject({ url: '/fr/categories/jardin' })).statusCode, 404);
      assert.equal(await count(db('audit_log').where({ action: 'category.delete', entity_id: String(gardenId) }).count({ n: '*' }).first()), 1);
      assert.equal((await staff.get('/admin/categories/999999')).statusCode, 404);
    });
  });
}
