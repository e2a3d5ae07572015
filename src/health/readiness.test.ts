// /healthz says the process runs (always 200); /readyz says whether it can serve: the database answers and the data
// directory takes a file. The SQLite write-lock case is in plugins/outage.test.ts.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { dialects } from '../test-support/databases';
import { createTestApp } from '../test-support/test-app';

const SECRET = 'test-secret-that-is-long-enough-for-sessions';

describe('/readyz with PostgreSQL unreachable (nothing listens on the port)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-readyz-'));
  let app: FastifyInstance;
  after(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('liveness 200, readiness 503 "database: connection refused", pages and API 503 service.unavailable, never a 500', { timeout: 120_000 }, async () => {
    const config = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: SECRET, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/emporium', DB_BUSY_TIMEOUT_MS: '1000' }, { dataDir: dir, uploadDir: path.join(dir, 'uploads') });
    app = await buildApp(config);
    await app.ready();
    const live = await app.inject({ url: '/healthz' });
    assert.equal(live.statusCode, 200);
    const ready = await app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 503, ready.body);
    assert.deepEqual(ready.json(), { status: 'not ready', reasons: ['database: connection refused'] });

    const page = await app.inject({ url: '/products/anything' });
    assert.equal(page.statusCode, 503, page.body.slice(0, 300));
    assert.ok(page.headers['retry-after']);
    assert.match(page.body, /cannot reach its database/);
    const api = await app.inject({ url: '/api/v1/products' });
    assert.equal(api.statusCode, 503, api.body);
    assert.equal(api.json().code, 'service.unavailable');
    const gql = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ categories { slug } }' } });
    assert.equal(gql.statusCode, 503, gql.body);
    assert.equal(gql.json().errors[0].extensions.code, 'service.unavailable');
  });
});

for (const dialect of dialects) {
  describe(`/readyz on ${dialect}`, () => {
    test('200 ready; 503 "data directory not writable" when the data directory cannot take a file', { timeout: 120_000 }, async () => {
      const t = await createTestApp(dialect);
      try {
        const ready = await t.app.inject({ url: '/readyz' });
        assert.equal(ready.statusCode, 200, ready.body);
        assert.deepEqual(ready.json(), { status: 'ready' });
        assert.deepEqual(fs.readdirSync(t.config.dataDir).filter((f) => f.startsWith('.readyz')), [], 'the probe file is gone');
      } finally {
        await t.close();
      }
      // A data directory where a file stands (as good as a read-only mount, also when the tests run as root).
      const blocked = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-readyz-'));
      fs.writeFileSync(path.join(blocked, 'data'), 'not a directory');
      const broken = await createTestApp(dialect, { dataDir: path.join(blocked, 'data'), uploadDir: path.join(blocked, 'uploads') });
      try {
        const res = await broken.app.inject({ url: '/readyz' });
        assert.equal(res.statusCode, 503, res.body);
        assert.equal(res.json().status, 'not ready');
        assert.deepEqual(res.json().reasons, ['data directory not writable (ENOTDIR)']);
      } finally {
        await broken.close();
        fs.rmSync(blocked, { recursive: true, force: true });
      }
    });
  });
}
