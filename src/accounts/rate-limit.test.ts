// The shared attempt counters: windows, concurrency and several connections on SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createDb } from '../db';
import { createTestDb, dialects, type TestDb } from '../test-support/databases';
import { TooManyAttemptsError, accountKey, guardAttempt, hit, hitAll, inFlightKey, pruneRateLimits, refund } from './rate-limit';

const limit = { max: 3, windowMs: 60_000 };

for (const dialect of dialects) {
  describe(`rate limits on ${dialect}`, () => {
    let testDb: TestDb;
    let db: Knex;
    before(async () => {
      testDb = await createTestDb(dialect);
      db = testDb.db;
    });
    after(async () => testDb.cleanup());

    test('counts attempts in a fixed window and starts again when it ends', async () => {
      const now = 1_000_000;
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await hit(db, 'window', limit, now + i * 1000));
      assert.deepEqual(results.map((r) => [r.hits, r.allowed]), [[1, true], [2, true], [3, true], [4, false]]);
      assert.equal(results[3].retryAfterSeconds, 57, 'until the end of the window that began with the first attempt');
      const later = await hit(db, 'window', limit, now + 60_000);
      assert.deepEqual([later.hits, later.allowed, later.retryAfterSeconds], [1, true, 60]);
    });

    test('concurrent attempts each get their own count', async () => {
      const now = Date.now();
      const results = await Promise.all(Array.from({ length: 12 }, () => hit(db, 'burst', limit, now)));
      assert.deepEqual(results.map((r) => r.hits).sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i + 1));
      assert.equal(results.filter((r) => r.allowed).length, 3);
    });

    test('a second connection (another instance) shares the counters', async () => {
      const connection = db.client.config.connection;
      const other = dialect === 'pg' ? createDb({ databaseUrl: connection as string, sqliteFile: '' }) : createDb({ databaseUrl: null, sqliteFile: (connection as { filename: string }).filename });
      try {
        const now = Date.now();
        await hit(db, 'shared', limit, now);
        await hit(other, 'shared', limit, now);
        await hit(db, 'shared', limit, now);
        const fourth = await hit(other, 'shared', limit, now);
        assert.equal(fourth.hits, 4);
        assert.equal(fourth.allowed, false);
      } finally {
        await other.destroy();
      }
    });

    test('hitAll throws with the longest wait; refunds give attempts back; ended windows are pruned', async () => {
      const now = Date.now();
      const key = accountKey('test', 'someone@example.test');
      assert.match(key, /^test:account:[0-9a-f]{64}$/, 'no email in the table');
      for (let i = 0; i < 3; i++) await hitAll(db, [{ key, limit }, { key: 'long', limit: { max: 100, windowMs: 3_600_000 } }], now);
      await assert.rejects(hitAll(db, [{ key, limit }], now), (err: unknown) => err instanceof TooManyAttemptsError && err.retryAfterSeconds === 60 && err.status === 429);
      await refund(db, [key, key], now);
      const row = await db('rate_limits').where({ key }).first('hits');
      assert.equal(Number(row.hits), 3);

      await hit(db, 'stale', limit, now - 120_000);
      assert.ok((await pruneRateLimits(db, now)) >= 1);
      assert.equal(await db('rate_limits').where({ key: 'stale' }).first(), undefined);
      assert.ok(await db('rate_limits').where({ key }).first(), 'live windows stay');
    });

    test('guardAttempt counts failures only, refuses at once when failures fill the limit, waits when attempts under way do', async () => {
      const checks = [{ key: 'guarded', limit }];
      const wrong = () => Promise.reject(new Error('wrong'));
      const isFailure = (err: unknown) => err instanceof Error && err.message === 'wrong';
      for (let i = 0; i < 5; i++) assert.equal(await guardAttempt(db, checks, async () => 'ok', { isFailure }), 'ok');
      assert.equal(Number((await db('rate_limits').where({ key: 'guarded' }).first('hits')).hits), 0, 'successes give their place back');
      assert.equal(Number((await db('rate_limits').where({ key: inFlightKey('guarded') }).first('hits')).hits), 0);

      // Three attempts under way fill the limit: a fourth waits for one of them, then goes in.
      const releases: (() => void)[] = [];
      const held = Array.from({ length: 3 }, () => guardAttempt(db, checks, () => new Promise<string>((resolve) => releases.push(() => resolve('held'))), { isFailure }));
      while (releases.length < 3) await new Promise((r) => setImmediate(r));
      let pauses = 0;
      const fourth = guardAttempt(db, checks, async () => 'fourth', {
        isFailure,
        pause: async () => {
          pauses += 1;
          if (pauses === 2) releases[0]();
        },
      });
      assert.equal(await fourth, 'fourth');
      assert.ok(pauses >= 2, 'it waited');
      releases[1]();
      releases[2]();
      assert.deepEqual(await Promise.all(held), ['held', 'held', 'held']);

      // Three failures fill it: the next attempt is refused without being run, right or wrong.
      for (let i = 0; i < 3; i++) await assert.rejects(guardAttempt(db, checks, wrong, { isFailure }), /wrong/);
      let ran = false;
      await assert.rejects(
        guardAttempt(db, checks, async () => { ran = true; }, { isFailure, pause: async () => assert.fail('no waiting when failures fill the limit') }),
        (err: unknown) => err instanceof TooManyAttemptsError,
      );
      assert.equal(ran, false);
      // Other errors (a database failure, say) are not held against the caller.
      const other = [{ key: 'guarded-other', limit }];
      for (let i = 0; i < 5; i++) await assert.rejects(guardAttempt(db, other, () => Promise.reject(new Error('boom')), { isFailure }), /boom/);
      assert.equal(Number((await db('rate_limits').where({ key: 'guarded-other' }).first('hits')).hits), 0);
    });
  });
}
