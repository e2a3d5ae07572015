// Bad days: the database write-locked by another process, the disk full, the session store failing. Every channel
// answers 503 with Retry-After within the busy timeout (never a 500, a CSRF 403 or a minute's wait), nothing is
// half-saved, and the next request after the trouble works without a restart.
import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import knexFactory from 'knex';
import sqlite3 from 'sqlite3';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { createApiToken } from '../accounts/api-tokens';
import { csrfTokenIn, Shopper } from '../test-support/shopper';
import { KnexSessionStore } from './session-store';
import { outageOf } from '../lib/db-errors';

/** What the test's busy timeout is: small, so that a locked write gives up quickly (no timing is asserted). */
const BUSY_MS = 300;

function run(conn: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => conn.exec(sql, (err) => (err ? reject(err) : resolve())));
}

/** Another connection (as another process would) takes the write lock and keeps it until the returned function runs. */
async function holdWriteLock(t: TestApp): Promise<() => Promise<void>> {
  if (t.testDb.dialect === 'sqlite') {
    const file = (t.testDb.db.client.config.connection as { filename: string }).filename;
    const conn = new sqlite3.Database(file);
    await run(conn, 'BEGIN EXCLUSIVE');
    return async () => {
      await run(conn, 'ROLLBACK');
      await new Promise<void>((resolve) => conn.close(() => resolve()));
    };
  }
  const other = knexFactory({ client: 'pg', connection: t.testDb.databaseUrl!, pool: { min: 0, max: 1 } });
  const trx = await other.transaction();
  await trx.raw('lock table carts, cart_lines in access exclusive mode');
  return async () => {
    await trx.rollback();
    await other.destroy();
  };
}

for (const dialect of dialects) {
  describe(`a write-locked database on ${dialect}`, () => {
    let t: TestApp;
    let variantId: number;
    let apiToken: string;

    before(async () => {
      t = await createTestApp(dialect, { dbBusyTimeoutMs: BUSY_MS });
      const db = t.testDb.db;
      await addCategory(db, 'kitchen', 'Kitchen');
      await addProduct(db, 'kitchen', { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 1200, stock: 50 }] });
      variantId = Number((await db('variants').where({ sku: 'MUG' }).first('id')).id);
      apiToken = (await createApiToken(db, await createUser(db), 'app')).token;
    });
    after(async () => t.close());

    const addForm = () => ({ product: 'mug', variant: String(variantId), quantity: '1' });
    const api = (lang = 'en') =>
      t.app.inject({ method: 'POST', url: '/api/v1/cart/lines', headers: { authorization: `Bearer ${apiToken}`, 'accept-language': lang }, payload: { variantId, quantity: 1 } });
    const gql = () =>
      t.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${apiToken}` }, payload: { query: `mutation { addToCart(variantId: ${variantId}, quantity: 1) { itemCount } }` } });

    test('pages, REST and GraphQL answer 503 busy with Retry-After; after the lock is released the same writes succeed', { timeout: 120_000 }, async () => {
      const shopper = new Shopper(t.app);
      const release = await holdWriteLock(t);
      try {
        const page = await shopper.post('/cart/add', addForm(), { referer: 'http://localhost/products/mug' });
        assert.equal(page.statusCode, 503, page.body.slice(0, 300));
        assert.equal(page.headers['retry-after'], '1');
        assert.match(String(page.headers['content-type']), /text\/html/);
        assert.match(page.body, /The shop is very busy, please try again in a moment\./);
        assert.match(page.body, /Nothing was saved\./);
        assert.match(page.body, /href="\/products\/mug">Back to the form</);
        assert.equal(page.headers['set-cookie'], undefined, 'no cookie for a session that was never stored');

        const french = await shopper.post('/fr/cart/add', addForm(), { referer: 'http://localhost/fr/products/mug' });
        assert.equal(french.statusCode, 503);
        assert.match(french.body, /La boutique est très sollicitée/);
        assert.match(french.body, /Rien n’a été enregistré/);
        assert.match(french.body, /href="\/fr\/products\/mug">Revenir au formulaire</);

        const rest = await api();
        assert.equal(rest.statusCode, 503, rest.body);
        assert.equal(rest.headers['retry-after'], '1');
        assert.match(String(rest.headers['content-type']), /application\/problem\+json/);
        assert.equal(rest.json().code, 'service.busy');
        assert.equal(rest.json().status, 503);

        const graphql = await gql();
        assert.equal(graphql.statusCode, 503, graphql.body);
        assert.equal(graphql.headers['retry-after'], '1');
        assert.equal(graphql.json().errors[0].extensions.code, 'service.busy');
        assert.doesNotMatch(graphql.body, /SQLITE|lock|at .*\.ts/i, 'no internals');

        // Many at once: each gives up after its own bounded wait, none queues behind the others' waits.
        const many = await Promise.all(Array.from({ length: 6 }, () => new Shopper(t.app).post('/cart/add', addForm())));
        assert.deepEqual(many.map((r) => r.statusCode), [503, 503, 503, 503, 503, 503]);
        assert.ok(many.every((r) => r.headers['retry-after'] === '1'));
      } finally {
        await release();
      }
      const again = await shopper.post('/cart/add', addForm());
      assert.equal(again.statusCode, 303, again.body.slice(0, 300));
      const cart = await shopper.get('/cart');
      assert.match(cart.body, /Mug/);
      assert.equal((await api()).statusCode, 200);
      const graphql = await gql();
      assert.equal(graphql.statusCode, 200, graphql.body);
      assert.equal(graphql.json().data.addToCart.itemCount, 2);
    });

    test('/readyz: ready normally; not ready, saying why, while the database is write-locked', { timeout: 120_000 }, async () => {
      const ready = await t.app.inject({ url: '/readyz' });
      assert.equal(ready.statusCode, 200, ready.body);
      assert.deepEqual(ready.json(), { status: 'ready' });
      assert.equal(ready.headers['cache-control'], 'no-store');
      if (dialect === 'sqlite') {
        const release = await holdWriteLock(t);
        try {
          const locked = await t.app.inject({ url: '/readyz' });
          assert.equal(locked.statusCode, 503, locked.body);
          assert.deepEqual(locked.json(), { status: 'not ready', reasons: ['database: busy'] });
          assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200, 'liveness stays 200');
        } finally {
          await release();
        }
        assert.equal((await t.app.inject({ url: '/readyz' })).statusCode, 200);
      }
    });
  });
}

describe('a full disk (SQLite, max_page_count)', () => {
  let t: TestApp;
  let admin: Shopper;

  before(async () => {
    t = await createTestApp('sqlite', {}, addTestSignIn);
    await addCategory(t.testDb.db, 'kitchen', 'Kitchen');
    admin = new Shopper(t.app).useSession(await signIn(t.app, await createUser(t.testDb.db, 'admin')));
  });
  after(async () => t.close());

  test('a write that needs space answers 503 storage full, saves nothing, and works once there is room again', { timeout: 120_000 }, async () => {
    const db = t.testDb.db;
    const categoryId = String((await db('categories').where({ slug: 'kitchen' }).first('id')).id);
    // A product whose description needs pages of its own (overflow pages; the FTS index grows too).
    const fields = (slug: string) => ({ name: 'Big Bowl', slug, description: 'A big bowl. '.repeat(800), categoryId, status: 'draft', membersOnlyUntil: '' });
    const form = await admin.get('/admin/products/new');
    const csrf = csrfTokenIn(form.body, '/admin/products/new');

    // The app's one connection: no free page left and the file may not grow, as on a full disk.
    await db.raw('VACUUM');
    const [{ page_count: pages }] = await db.raw('PRAGMA page_count');
    await db.raw(`PRAGMA max_page_count = ${Number(pages)}`);
    try {
      const full = await admin.post('/admin/products/new', { _csrf: csrf, ...fields('big-bowl') });
      assert.equal(full.statusCode, 503, full.body.slice(0, 500));
      assert.equal(full.headers['retry-after'], '60');
      assert.match(full.body, /run out of storage space/);
      assert.match(full.body, /Nothing was saved\./);
      assert.equal(await db('products').where({ slug: 'big-bowl' }).first('id'), undefined, 'nothing half-saved');

      const json = await t.app.inject({ method: 'POST', url: '/admin/products/new', headers: { cookie: admin.cookieHeader(), accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, ...fields('big-bowl') }).toString() });
      assert.equal(json.statusCode, 503);
      assert.equal(json.json().code, 'service.storageFull');
    } finally {
      await db.raw('PRAGMA max_page_count = 1073741823');
    }
    const saved = await admin.post('/admin/products/new', { _csrf: csrf, ...fields('big-bowl') });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
    assert.ok(await db('products').where({ slug: 'big-bowl' }).first('id'));
  });
});

for (const dialect of dialects) {
  describe(`a failing session store on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(async () => t.close());

    test('a session that cannot be stored is a 503 (no cookie, so no CSRF 403 on the next form); it works again afterwards', { timeout: 120_000 }, async () => {
      const full = Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: dialect === 'pg' ? '53100' : 'SQLITE_FULL' });
      const failing = mock.method(KnexSessionStore.prototype, 'set', (_sid: string, _session: unknown, callback: (err?: unknown) => void) => callback(full));
      const shopper = new Shopper(t.app);
      try {
        const login = await shopper.get('/account/login');
        assert.equal(login.statusCode, 503, login.body.slice(0, 300));
        assert.equal(login.headers['set-cookie'], undefined);
        assert.match(login.body, /run out of storage space/);
        const api = await t.app.inject({ url: '/account/login', headers: { accept: 'application/json' } });
        assert.equal(api.statusCode, 503);
        assert.equal(api.json().code, 'service.storageFull');
      } finally {
        failing.mock.restore();
      }
      const page = await shopper.get('/account/login');
      assert.equal(page.statusCode, 200);
      assert.ok(shopper.sessionCookie, 'a stored session now');
      const post = await shopper.post('/account/login', { _csrf: csrfTokenIn(page.body, '/account/login'), email: 'nobody@example.test', password: 'wrong-password-1' });
      assert.notEqual(post.statusCode, 403, 'the form is not taken for a forgery');
      assert.ok(post.statusCode < 500, String(post.statusCode));
    });
  });
}

describe('outageOf: what counts as busy, full or unavailable', () => {
  test('SQLite, PostgreSQL, file system, network and pool errors', () => {
    const e = (code: string, message = code) => Object.assign(new Error(message), { code });
    assert.equal(outageOf(e('SQLITE_BUSY')), 'busy');
    assert.equal(outageOf(e('SQLITE_LOCKED')), 'busy');
    assert.equal(outageOf(e('55P03')), 'busy');
    assert.equal(outageOf(Object.assign(new Error('Knex: Timeout acquiring a connection'), { name: 'KnexTimeoutError' })), 'busy');
    assert.equal(outageOf(e('SQLITE_FULL')), 'storageFull');
    assert.equal(outageOf(e('ENOSPC')), 'storageFull');
    assert.equal(outageOf(e('53100')), 'storageFull');
    assert.equal(outageOf(e('SQLITE_IOERR')), 'unavailable');
    assert.equal(outageOf(e('57P01')), 'unavailable');
    assert.equal(outageOf(e('57P03')), 'unavailable');
    assert.equal(outageOf(e('08006')), 'unavailable');
    assert.equal(outageOf(new AggregateError([e('ECONNREFUSED'), e('ECONNREFUSED')])), 'unavailable');
    assert.equal(outageOf(new Error('wrapped', { cause: e('SQLITE_BUSY') })), 'busy');
    assert.equal(outageOf(e('SQLITE_CONSTRAINT')), null);
    assert.equal(outageOf(e('23505')), null);
    assert.equal(outageOf(new Error('a bug')), null);
    assert.equal(outageOf(null), null);
  });
});
