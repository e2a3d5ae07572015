// Back-office product images: multipart uploads checked by their bytes, re-encoded, stored under random names,
// served with nosniff; reorder, alt text and delete; guards and CSRF on the multipart form.
import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { dialects } from '../../test-support/databases';
import { createTestApp, type TestApp } from '../../test-support/test-app';
import { addTestSignIn, createUser, sessionCookieFrom, signIn } from '../../test-support/sign-in';
import { addCategory, addProduct } from '../../test-support/catalog-fixtures';
import { productHref } from '../../catalog/service';
import { IMAGE_LIMITS } from './images';
import { imageFiles } from '../../catalog/image-files';
import { csrfTokenIn } from '../../test-support/shopper';

type Part = { name: string; value: string } | { name: string; filename: string; contentType: string; data: Buffer };

/** A multipart/form-data body as a browser sends it. */
function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----emporiumtest${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('value' in p) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.contentType}\r\n\r\n`));
      chunks.push(p.data, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

const pngOf = (width: number, height: number, rgb = { r: 200, g: 30, b: 30 }) =>
  sharp({ create: { width, height, channels: 3, background: rgb } })
    .png()
    .toBuffer();

const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
const SVG = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');

for (const dialect of dialects) {
  describe(`product images on ${dialect}`, () => {
    let t: TestApp;
    let app: FastifyInstance;
    let db: TestApp['testDb']['db'];
    let staffCookie: string;
    let customerCookie: string;
    let productId: number;
    let uploadDir: string;

    async function staffGet(url: string) {
      const res = await app.inject({ url, headers: { cookie: staffCookie } });
      staffCookie = sessionCookieFrom(res) || staffCookie;
      return res;
    }

    async function staffToken(): Promise<string> {
      return csrfTokenIn((await staffGet(`/admin/products/${productId}`)).body);
    }

    async function upload(parts: Part[], cookie = staffCookie) {
      const { payload, contentType } = multipart(parts);
      return app.inject({ method: 'POST', url: `/admin/products/${productId}/images`, headers: { cookie, 'content-type': contentType }, payload });
    }

    async function staffPost(url: string, fields: Record<string, string>) {
      const token = await staffToken();
      return app.inject({
        method: 'POST',
        url,
        headers: { cookie: staffCookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
      });
    }

    const rows = async () => db('product_images').where('product_id', productId).orderBy(['position', 'id']).select('id', 'file', 'alt', 'position', 'width', 'height');

    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      app = t.app;
      db = t.testDb.db;
      uploadDir = t.config.uploadDir;
      await addCategory(db, 'kitchen', 'Kitchen');
      productId = await addProduct(db, 'kitchen', { slug: 'tea-pot', name: 'Tea Pot', variants: [{ sku: 'POT-1', priceCents: 3000, stock: 3 }] });
      await db('product_images').where('product_id', productId).delete(); // the fixture's placeholder
      staffCookie = await signIn(app, await createUser(db, 'staff'));
      customerCookie = await signIn(app, await createUser(db, 'customer'));
    });
    after(async () => t.close());

    test('a real PNG is re-encoded to sized WebP files under a random name, served with nosniff, and shown in the shop', async () => {
      const token = await staffToken();
      const res = await upload([
        { name: '_csrf', value: token },
        { name: 'alt', value: 'A red tea pot' },
        { name: 'files', filename: 'pot.png', contentType: 'image/png', data: await pngOf(1600, 1000) },
      ]);
      assert.equal(res.statusCode, 303, res.body);
      const [row] = await rows();
      assert.match(row.file, /^[0-9a-f]{32}-1200\.webp$/);
      assert.equal(row.alt, 'A red tea pot');
      assert.equal(Number(row.width), 1200);
      assert.equal(Number(row.height), 750);
      assert.deepEqual(filesIn(uploadDir), imageFiles(row.file).sort());
      const small = await sharp(path.join(uploadDir, imageFiles(row.file)[2])).metadata();
      assert.equal(small.format, 'webp');
      assert.equal(small.width, 200);

      const media = await app.inject({ url: `/media/${row.file}` });
      assert.equal(media.statusCode, 200);
      assert.equal(media.headers['content-type'], 'image/webp');
      assert.equal(media.headers['x-content-type-options'], 'nosniff');

      const page = await app.inject({ url: productHref('tea-pot') });
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(`/media/${row.file}`), 'the storefront shows the new image');
      const [large, medium, smallest] = imageFiles(row.file);
      assert.ok(page.body.includes(`srcset="/media/${smallest} 200w, /media/${medium} 600w, /media/${large} 1200w"`), 'phones get a smaller file');
      const category = await app.inject({ url: '/categories/kitchen' });
      assert.ok(category.body.includes(`/media/${smallest} 200w`), 'the card offers the sizes too');
      const admin = await staffGet(`/admin/products/${productId}`);
      assert.ok(admin.body.includes(`/media/${row.file}`));
      assert.ok(admin.body.includes(`/media/${imageFiles(row.file)[2]}`), "the back office lists the small version");

      const audit = await db('audit_log').where({ action: 'image.create', entity_type: 'product', entity_id: String(productId) });
      assert.equal(audit.length, 1);
    });

    test('HTML or SVG renamed .jpg, unreadable bytes, and oversized files are refused with nothing stored', async () => {
      const before = { rows: (await rows()).length, files: filesIn(uploadDir) };
      const cases: [Part, number][] = [
        [{ name: 'files', filename: 'photo.jpg', contentType: 'image/jpeg', data: HTML }, 422],
        [{ name: 'files', filename: 'photo.jpg', contentType: 'image/jpeg', data: SVG }, 422],
        [{ name: 'files', filename: 'photo.png', contentType: 'image/png', data: Buffer.concat([(await pngOf(10, 10)).subarray(0, 40)]) }, 422],
        [{ name: 'files', filename: 'big.png', contentType: 'image/png', data: Buffer.concat([await pngOf(10, 10), Buffer.alloc(IMAGE_LIMITS.fileSize)]) }, 413],
      ];
      for (const [file, status] of cases) {
        const token = await staffToken();
        const res = await upload([{ name: '_csrf', value: token }, { name: 'alt', value: 'Bad file' }, file]);
        assert.equal(res.statusCode, status, `${file.name}: ${res.body.slice(0, 200)}`);
        assert.ok(res.body.includes('field-error'), 'the form explains what went wrong');
      }
      // A good file next to a bad one: all refused.
      const token = await staffToken();
      const mixed = await upload([
        { name: '_csrf', value: token },
        { name: 'alt', value: 'Mixed' },
        { name: 'files', filename: 'ok.png', contentType: 'image/png', data: await pngOf(50, 50) },
        { name: 'files', filename: 'evil.jpg', contentType: 'image/jpeg', data: SVG },
      ]);
      assert.equal(mixed.statusCode, 422);
      assert.equal((await rows()).length, before.rows);
      assert.deepEqual(filesIn(uploadDir), before.files);
    });

    test('alt text is required and at most 300 characters; no file is an error', async () => {
      const png = await pngOf(40, 40);
      for (const [alt, files] of [['', [png]], ['x'.repeat(301), [png]], ['Fine', []]] as [string, Buffer[]][]) {
        const token = await staffToken();
        const res = await upload([{ name: '_csrf', value: token }, { name: 'alt', value: alt }, ...files.map((data) => ({ name: 'files', filename: 'a.png', contentType: 'image/png', data }))]);
        assert.equal(res.statusCode, 422);
      }
      assert.equal((await rows()).length, 1);
    });

    test('customers get 403; a missing or wrong CSRF token gets 403; nothing is stored', async () => {
      const before = { rows: (await rows()).length, files: filesIn(uploadDir) };
      const file: Part = { name: 'files', filename: 'a.png', contentType: 'image/png', data: await pngOf(40, 40) };
      const asCustomer = await upload([{ name: 'alt', value: 'x' }, file], customerCookie);
      assert.equal(asCustomer.statusCode, 403);
      const anonymous = await upload([{ name: 'alt', value: 'x' }, file], '');
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /login/);
      assert.equal((await rows()).length, before.rows);
      const noToken = await upload([{ name: 'alt', value: 'x' }, file]);
      assert.equal(noToken.statusCode, 403);
      const wrongToken = await upload([{ name: '_csrf', value: 'not-the-token' }, { name: 'alt', value: 'x' }, file]);
      assert.equal(wrongToken.statusCode, 403);
      for (const url of ['/admin/images/1', '/admin/images/1/move', '/admin/images/1/delete']) {
        const res = await app.inject({ method: 'POST', url, headers: { cookie: customerCookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'alt=x&direction=up' });
        assert.equal(res.statusCode, 403, url);
      }
      assert.equal((await rows()).length, before.rows);
      assert.deepEqual(filesIn(uploadDir), before.files);
    });

    test('a disk that fills up half way through an upload: 503, no file left behind (not even an empty one); the next upload works', async () => {
      const before = filesIn(uploadDir);
      const rowsBefore = (await rows()).length;
      const token = await staffToken();
      const realWriteFile = fsp.writeFile;
      let calls = 0;
      // The second file's write creates it and then finds no space, as a real full disk does.
      const full = mock.method(fsp, 'writeFile', async (...args: Parameters<typeof fsp.writeFile>) => {
        calls += 1;
        if (calls < 2) return realWriteFile(...args);
        await realWriteFile(args[0], '');
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      });
      let res;
      try {
        res = await upload([
          { name: '_csrf', value: token },
          { name: 'alt', value: 'A pot on a full disk' },
          { name: 'files', filename: 'pot.png', contentType: 'image/png', data: await pngOf(800, 800) },
        ]);
      } finally {
        full.mock.restore();
      }
      assert.equal(res.statusCode, 503, res.body.slice(0, 300));
      assert.match(res.body, /run out of storage space/);
      assert.ok(calls >= 2, 'the failure was injected');
      assert.deepEqual(filesIn(uploadDir), before, 'no partial, temporary or orphaned file');
      assert.equal((await rows()).length, rowsBefore, 'no row');

      const again = await upload([
        { name: '_csrf', value: await staffToken() },
        { name: 'alt', value: 'A pot with room again' },
        { name: 'files', filename: 'pot.png', contentType: 'image/png', data: await pngOf(800, 800) },
      ]);
      assert.equal(again.statusCode, 303, again.body.slice(0, 300));
      const added = (await rows()).find((r) => r.alt === 'A pot with room again')!;
      assert.deepEqual(filesIn(uploadDir), [...before, ...imageFiles(added.file)].sort());
      assert.equal((await staffPost(`/admin/images/${added.id}/delete`, {})).statusCode, 303, 'the later tests count their own images');
    });

    test('a database that refuses the rows after the files were written: the files are removed again', async () => {
      const before = filesIn(uploadDir);
      const rowsBefore = (await rows()).length;
      if (dialect === 'sqlite') {
        await db.raw("create trigger images_refused before insert on product_images begin select raise(abort, 'refused for the test'); end");
      } else {
        await db.raw("create function images_refused() returns trigger language plpgsql as $$ begin raise exception 'could not extend file' using errcode = '53100'; end $$");
        await db.raw('create trigger images_refused before insert on product_images for each row execute function images_refused()');
      }
      let res;
      try {
        res = await upload([
          { name: '_csrf', value: await staffToken() },
          { name: 'alt', value: 'A refused pot' },
          { name: 'files', filename: 'pot.png', contentType: 'image/png', data: await pngOf(700, 700) },
        ]);
      } finally {
        await db.raw(dialect === 'sqlite' ? 'drop trigger images_refused' : 'drop trigger images_refused on product_images');
        if (dialect === 'pg') await db.raw('drop function images_refused()');
      }
      // PostgreSQL said disk_full: the 503 of a full disk; SQLite's refusal is an unexpected error.
      assert.equal(res.statusCode, dialect === 'pg' ? 503 : 500, res.body.slice(0, 300));
      assert.deepEqual(filesIn(uploadDir), before, 'the written files were removed');
      assert.equal((await rows()).length, rowsBefore);
    });

    test('several files in one upload, then reorder, edit alt text and delete (files removed, all audited)', async () => {
      const token = await staffToken();
      const res = await upload([
        { name: '_csrf', value: token },
        { name: 'alt', value: 'More pots' },
        { name: 'altFr', value: 'Encore des théières' },
        { name: 'files', filename: 'b.png', contentType: 'image/png', data: await pngOf(300, 300, { r: 0, g: 200, b: 0 }) },
        { name: 'files', filename: 'c.png', contentType: 'image/png', data: await pngOf(100, 200, { r: 0, g: 0, b: 200 }) },
      ]);
      assert.equal(res.statusCode, 303, res.body);
      let list = await rows();
      assert.equal(list.length, 3);
      assert.deepEqual(list.map((r) => Number(r.position)), [0, 1, 2]);
      assert.equal(Number(list[1].width), 300, 'small images are not enlarged');
      const [first, second, third] = list.map((r) => Number(r.id));
      // The French alt typed beside the English one goes with each file of the upload.
      assert.deepEqual((await db('image_translations').whereIn('image_id', [second, third]).orderBy('image_id').select('alt', 'locale')), [{ alt: 'Encore des théières', locale: 'fr' }, { alt: 'Encore des théières', locale: 'fr' }]);

      assert.equal((await staffPost(`/admin/images/${third}/move`, { direction: 'up' })).statusCode, 303);
      assert.equal((await staffPost(`/admin/images/${third}/move`, { direction: 'up' })).statusCode, 303);
      assert.deepEqual((await rows()).map((r) => Number(r.id)), [third, first, second]);
      assert.equal((await staffPost(`/admin/images/${first}/move`, { direction: 'down' })).statusCode, 303);
      assert.deepEqual((await rows()).map((r) => Number(r.id)), [third, second, first]);
      const page = await app.inject({ url: productHref('tea-pot') });
      const thirdFile = list.find((r) => Number(r.id) === third)!.file;
      assert.ok(page.body.indexOf(`/media/${thirdFile}`) < page.body.indexOf(`/media/${list[0].file}`), 'the shop shows the new order');

      assert.equal((await staffPost(`/admin/images/${second}`, { alt: '' })).statusCode, 422);
      assert.equal((await staffPost(`/admin/images/${second}`, { alt: 'A green pot' })).statusCode, 303);
      assert.equal((await db('product_images').where('id', second).first('alt')).alt, 'A green pot');

      const secondFile = list.find((r) => Number(r.id) === second)!.file;
      assert.equal((await staffPost(`/admin/images/${second}/delete`, {})).statusCode, 303);
      list = await rows();
      assert.deepEqual(list.map((r) => Number(r.id)), [third, first]);
      for (const f of imageFiles(secondFile)) assert.ok(!fs.existsSync(path.join(uploadDir, f)), `${f} removed`);
      assert.equal((await app.inject({ url: `/media/${secondFile}` })).statusCode, 404);

      const actions = (await db('audit_log').where({ entity_type: 'product', entity_id: String(productId) }).select('action')).map((r) => r.action);
      for (const a of ['image.create', 'image.reorder', 'image.update', 'image.delete']) assert.ok(actions.includes(a), a);
    });
  });
}
