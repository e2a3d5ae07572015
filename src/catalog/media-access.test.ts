// Image files never reveal a product: the files of early-access, unpublished or unsellable products answer a viewer
// who cannot see the product exactly as a made-up name does, and only public files may be cached publicly.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { addCategory, addProduct, imageFilesOf } from '../test-support/catalog-fixtures';
import { grantMembership } from '../membership/service';
import { createApiToken } from '../accounts/api-tokens';
import { imageFiles, newMediaBase } from './image-files';
import { productVisibleTo } from './media-access';
import { seedDemo } from '../../db/seeds';

const DAY = 24 * 60 * 60 * 1000;
const PUBLIC = 'public, max-age=31536000, immutable';
const PRIVATE = 'private, no-store';

/** Headers that must not differ between a hidden file's 404 and a made-up name's, minus the clock. */
function comparable(res: LightMyRequestResponse): Record<string, unknown> {
  const { date: _date, ...rest } = res.headers;
  return rest;
}

test('the visibility rule: staff see all; shoppers see products on sale with a variant; early access is for members until its date', () => {
  const now = 1_000_000;
  const anonymous = { staff: false, member: false, now };
  const member = { staff: false, member: true, now };
  const staff = { staff: true, member: false, now };
  const product = { productId: 1, status: 'active', membersOnlyUntil: null, hasVariants: true };
  assert.equal(productVisibleTo(product, anonymous), true);
  const early = { ...product, membersOnlyUntil: now + 1 };
  assert.deepEqual([anonymous, member, staff].map((v) => productVisibleTo(early, v)), [false, true, true]);
  assert.equal(productVisibleTo({ ...product, membersOnlyUntil: now }, anonymous), true, 'early access ends at its date');
  for (const status of ['draft', 'archived']) {
    assert.deepEqual([anonymous, member, staff].map((v) => productVisibleTo({ ...product, status }, v)), [false, false, true], status);
  }
  assert.deepEqual([anonymous, member, staff].map((v) => productVisibleTo({ ...product, hasVariants: false }, v)), [false, false, true]);
});

for (const dialect of dialects) {
  describe(`media access on ${dialect}`, () => {
    let t: TestApp;
    const files: Record<string, string> = {};
    let uploadedEarly: string[] = [];
    let customer = '';
    let member = '';
    let staff = '';
    let memberToken = '';

    const media = (file: string, cookie?: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url: `/media/${file}`, headers: { ...headers, ...(cookie ? { cookie } : {}) } });

    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      const db = t.testDb.db;
      await addCategory(db, 'kitchen', 'Kitchen');
      const one = (sku: string) => [{ sku, priceCents: 2500, stock: 5 }];
      await addProduct(db, 'kitchen', { slug: 'linen-apron', name: 'Linen Apron', variants: one('AP-1') });
      const early = await addProduct(db, 'kitchen', { slug: 'early-kettle', name: 'Early Kettle', variants: one('EK-1') });
      await db('products').where({ id: early }).update({ members_only_until: Date.now() + 10 * DAY });
      const released = await addProduct(db, 'kitchen', { slug: 'released-jug', name: 'Released Jug', variants: one('RJ-1') });
      await db('products').where({ id: released }).update({ members_only_until: Date.now() - DAY });
      await addProduct(db, 'kitchen', { slug: 'draft-teapot', name: 'Draft Teapot', status: 'draft', variants: one('DT-1') });
      await addProduct(db, 'kitchen', { slug: 'old-vase', name: 'Old Vase', status: 'archived', variants: one('OV-1') });
      const bare = await addProduct(db, 'kitchen', { slug: 'bare-stool', name: 'Bare Stool', variants: one('BS-1') });
      await db('variants').where({ product_id: bare }).delete();
      // An uploaded photo of the early-access product: three sized files, the row names the largest.
      const base = newMediaBase();
      await db('product_images').insert({ product_id: early, file: `${base}-1200.webp`, width: 1200, height: 1200, alt: 'Early Kettle, photo', position: 5 });
      uploadedEarly = imageFiles(`${base}-1200.webp`);
      // A data directory seeded before names were random keeps its slug-named files.
      await db('product_images').insert({ product_id: early, file: 'seed-early-kettle-1.svg', width: 800, height: 800, alt: 'Early Kettle, old seed', position: 6 });

      fs.mkdirSync(t.config.uploadDir, { recursive: true });
      for (const slug of ['linen-apron', 'early-kettle', 'released-jug', 'draft-teapot', 'old-vase', 'bare-stool']) {
        [files[slug]] = await imageFilesOf(db, slug);
      }
      for (const file of [...Object.values(files), ...uploadedEarly, 'seed-early-kettle-1.svg']) fs.writeFileSync(path.join(t.config.uploadDir, file), `<svg xmlns="http://www.w3.org/2000/svg"><title>${file}</title></svg>`);
      // A file of no product (put there by hand, e.g. for a newsletter): served as before.
      fs.writeFileSync(path.join(t.config.uploadDir, 'banner.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
      t.app.catalog.invalidate();

      customer = await signIn(t.app, await createUser(db));
      const memberId = await createUser(db);
      await grantMembership(db, memberId, { days: 30, source: 'admin' });
      member = await signIn(t.app, memberId);
      memberToken = (await createApiToken(db, memberId, 'phone app')).token;
      staff = await signIn(t.app, await createUser(db, 'staff'));
    });
    after(async () => t.close());

    test('a public product image is served to anyone, publicly cacheable and without a cookie', async () => {
      for (const file of [files['linen-apron']!, files['released-jug']!, 'banner.svg']) {
        for (const cookie of [undefined, customer, member, staff]) {
          const res = await media(file, cookie);
          assert.equal(res.statusCode, 200, `${file} ${cookie ? 'signed in' : 'anonymous'}`);
          assert.equal(res.headers['cache-control'], PUBLIC);
          assert.equal(res.headers['set-cookie'], undefined);
        }
      }
    });

    test('an early-access image is 404 to anonymous and free customers, served privately to Plus members and staff', async () => {
      for (const file of [files['early-kettle']!, ...uploadedEarly, 'seed-early-kettle-1.svg']) {
        assert.equal((await media(file)).statusCode, 404, `${file} anonymous`);
        assert.equal((await media(file, customer)).statusCode, 404, `${file} customer`);
        assert.equal((await t.app.inject({ method: 'HEAD', url: `/media/${file}` })).statusCode, 404, `${file} HEAD`);
        for (const cookie of [member, staff]) {
          const res = await media(file, cookie);
          assert.equal(res.statusCode, 200, file);
          assert.equal(res.headers['cache-control'], PRIVATE);
          assert.ok(res.body.includes(file), 'the file itself');
        }
      }
    });

    test('an app signed in with a member’s API token gets early-access images; a wrong token gets the 404', async () => {
      const file = files['early-kettle']!;
      const res = await media(file, undefined, { authorization: `Bearer ${memberToken}` });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], PRIVATE);
      assert.equal((await media(file, undefined, { authorization: 'Bearer emp_not-a-token' })).statusCode, 404);
      // A public file does not care about the token.
      assert.equal((await media(files['linen-apron']!, undefined, { authorization: 'Bearer emp_not-a-token' })).statusCode, 200);
    });

    test('draft, archived and variant-less products: images 404 to every shopper, members too, served privately to staff', async () => {
      for (const slug of ['draft-teapot', 'old-vase', 'bare-stool']) {
        const file = files[slug]!;
        for (const cookie of [undefined, customer, member]) assert.equal((await media(file, cookie)).statusCode, 404, `${slug} ${cookie ?? 'anonymous'}`);
        const res = await media(file, staff);
        assert.equal(res.statusCode, 200, slug);
        assert.equal(res.headers['cache-control'], PRIVATE);
      }
    });

    test('an old slug-named file of a hidden product answers like a made-up slug', async () => {
      const hidden = await media('seed-early-kettle-1.svg');
      const madeUp = await media('seed-early-kettlf-1.svg');
      assert.equal(hidden.statusCode, 404);
      assert.deepEqual(Object.keys(hidden.headers).sort(), Object.keys(madeUp.headers).sort());
      assert.equal(hidden.body.replaceAll('seed-early-kettle-1.svg', 'seed-early-kettlf-1.svg'), madeUp.body);
    });

    test('a hidden image and a made-up name get the same 404, headers and body', async () => {
      for (const cookie of [undefined, customer]) {
        for (const hidden of [files['early-kettle']!, files['draft-teapot']!, uploadedEarly[1]!]) {
          // A name of the same shape, so that the page's "log in and come back here" link is as long.
          const madeUp = hidden.replace(/^[0-9a-f]{32}/, newMediaBase());
          const a = await media(hidden, cookie);
          const b = await media(madeUp, cookie);
          assert.equal(a.statusCode, 404);
          assert.equal(b.statusCode, 404);
          assert.deepEqual(Object.keys(a.headers).sort(), Object.keys(b.headers).sort());
          const [ha, hb] = [comparable(a), comparable(b)];
          // A new anonymous session id differs from answer to answer; whether there is one does not.
          assert.equal(typeof ha['set-cookie'], typeof hb['set-cookie']);
          delete ha['set-cookie'];
          delete hb['set-cookie'];
          assert.deepEqual(ha, hb);
          assert.equal(a.body.replaceAll(hidden, madeUp), b.body);
          assert.equal(a.headers['cache-control'], PRIVATE, 'no shared cache keeps a media 404');
        }
      }
    });

    test('a catalog change applies at once: a published draft is public, an unpublished product is hidden', async () => {
      const db = t.testDb.db;
      try {
        await db('products').where({ slug: 'draft-teapot' }).update({ status: 'active' });
        await db('products').where({ slug: 'linen-apron' }).update({ status: 'draft' });
        t.app.catalog.invalidate();
        const published = await media(files['draft-teapot']!);
        assert.equal(published.statusCode, 200);
        assert.equal(published.headers['cache-control'], PUBLIC);
        assert.equal((await media(files['linen-apron']!)).statusCode, 404);
      } finally {
        await db('products').where({ slug: 'draft-teapot' }).update({ status: 'draft' });
        await db('products').where({ slug: 'linen-apron' }).update({ status: 'active' });
        t.app.catalog.invalidate();
      }
      assert.equal((await media(files['linen-apron']!)).statusCode, 200);
    });

    test('a public file costs no account lookup: anonymous no query at all, signed in only the session read', async () => {
      await media(files['linen-apron']!); // warms the cache of restricted files
      const sql: string[] = [];
      const listener = (q: { sql: string }) => sql.push(q.sql);
      t.testDb.db.on('query', listener);
      try {
        assert.equal((await media(files['linen-apron']!)).statusCode, 200);
        assert.deepEqual(sql, []);
        assert.equal((await media(files['linen-apron']!, customer)).statusCode, 200);
        assert.equal(sql.length, 1, sql.join('\n'));
        assert.match(sql[0]!, /sessions/);
      } finally {
        t.testDb.db.removeListener('query', listener);
      }
    });
  });

  describe(`media access of the demo shop on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      await seedDemo(t.testDb.db, { uploadDir: t.config.uploadDir });
    });
    after(async () => t.close());

    test('seed images have random names; an early-access product’s are 404 to anonymous and customers, 200 to members and staff', async () => {
      const db = t.testDb.db;
      const rows = await db('product_images as i').join('products as p', 'p.id', 'i.product_id').select('i.file', 'p.slug', 'p.status', 'p.members_only_until');
      for (const r of rows) assert.match(r.file, /^[0-9a-f]{32}\.svg$/, `${r.slug}: ${r.file}`);
      const early = rows.find((r) => r.status === 'active' && r.members_only_until !== null && Number(r.members_only_until) > Date.now());
      const draft = rows.find((r) => r.status === 'draft');
      const open = rows.find((r) => r.status === 'active' && r.members_only_until === null);
      assert.ok(early && draft && open, 'the demo shop has early-access, draft and public products with images');

      const customer = await signIn(t.app, Number((await db('users').where({ email: 'customer@emporium.test' }).first('id')).id));
      const member = await signIn(t.app, Number((await db('users').where({ email: 'member@emporium.test' }).first('id')).id));
      const staff = await signIn(t.app, Number((await db('users').where({ email: 'staff@emporium.test' }).first('id')).id));
      const status = async (file: string, cookie?: string) => (await t.app.inject({ url: `/media/${file}`, headers: cookie ? { cookie } : {} })).statusCode;
      assert.deepEqual([await status(early.file), await status(early.file, customer), await status(early.file, member), await status(early.file, staff)], [404, 404, 200, 200]);
      assert.deepEqual([await status(draft.file), await status(draft.file, customer), await status(draft.file, member), await status(draft.file, staff)], [404, 404, 404, 200]);
      assert.deepEqual([await status(open.file), await status(open.file, customer)], [200, 200]);
      // The old slug-based name of the early product is no file at all.
      assert.equal(await status(`seed-${early.slug}-1.svg`), 404);
    });
  });
}
