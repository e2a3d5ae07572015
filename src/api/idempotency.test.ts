// Idempotency keys against a real database: claim, replay, other body, running, abandoned claims, 24-hour expiry.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, dialects, type TestDb } from '../test-support/databases';
import {
  canonicalJson,
  claimIdempotencyKey,
  completeIdempotencyKey,
  IDEMPOTENCY_TTL_MS,
  idempotencyKeyOf,
  IdempotencyKeyInProgressError,
  IdempotencyKeyInvalidError,
  IdempotencyKeyMismatchError,
  LOCK_MS,
  pruneIdempotencyKeys,
  releaseIdempotencyKey,
} from './idempotency';

const KEY = '7f3c9a2e-1b4d-4e8f-9a6b-0c1d2e3f4a5b';

test('canonical JSON does not depend on key order', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  assert.notEqual(canonicalJson({ a: 1 }), canonicalJson({ a: '1' }));
});

test('a key is 16 to 200 visible ASCII characters', () => {
  assert.equal(idempotencyKeyOf(KEY), KEY);
  for (const bad of [undefined, '', 'short', 'x'.repeat(201), 'sixteen chars but spaces', 'ünïcödé-ünïcödé-ünïcödé', ['a'.repeat(20)]]) {
    assert.throws(() => idempotencyKeyOf(bad), IdempotencyKeyInvalidError, String(bad));
  }
});

for (const dialect of dialects) {
  describe(`idempotency keys on ${dialect}`, () => {
    let t: TestDb;
    before(async () => {
      t = await createTestDb(dialect);
    });
    after(async () => t.cleanup());

    test('claimed once; while running 409; once answered, replayed for the same body and 422 for another', async () => {
      const now = Date.now();
      const body = { total: 100, address: { city: 'Paris', country: 'FR' } };
      const claim = await claimIdempotencyKey(t.db, 'user:1', KEY, body, now);
      assert.equal(claim.kind, 'claimed');
      await assert.rejects(claimIdempotencyKey(t.db, 'user:1', KEY, body, now + 1000), IdempotencyKeyInProgressError);
      await assert.rejects(claimIdempotencyKey(t.db, 'user:1', KEY, { ...body, total: 101 }, now + 1000), IdempotencyKeyMismatchError);
      if (claim.kind !== 'claimed') return;
      await completeIdempotencyKey(t.db, claim.id, 201, { number: 'EMP-1' });
      const again = await claimIdempotencyKey(t.db, 'user:1', KEY, { address: { country: 'FR', city: 'Paris' }, total: 100 }, now + 2000);
      assert.deepEqual(again, { kind: 'replay', status: 201, body: { number: 'EMP-1' } });
      await assert.rejects(claimIdempotencyKey(t.db, 'user:1', KEY, { total: 5 }, now + 2000), IdempotencyKeyMismatchError);
      // Another caller's key of the same value is its own.
      assert.equal((await claimIdempotencyKey(t.db, 'user:2', KEY, { total: 5 }, now)).kind, 'claimed');
    });

    test('only hashes are stored, never the key or the body', async () => {
      const key = 'secret-key-0123456789-abcdef';
      await claimIdempotencyKey(t.db, 'user:3', key, { card: '4242424242424242' });
      const row = await t.db('api_idempotency_keys').where({ scope: 'user:3' }).first();
      assert.ok(!JSON.stringify(row).includes(key));
      assert.ok(!JSON.stringify(row).includes('4242424242424242'));
    });

    test('an abandoned claim is taken over once its lock has passed; a released key starts again', async () => {
      const now = Date.now();
      const first = await claimIdempotencyKey(t.db, 'cart:9', KEY, { a: 1 }, now);
      assert.equal(first.kind, 'claimed');
      await assert.rejects(claimIdempotencyKey(t.db, 'cart:9', KEY, { a: 1 }, now + LOCK_MS - 1), IdempotencyKeyInProgressError);
      const taken = await claimIdempotencyKey(t.db, 'cart:9', KEY, { a: 1 }, now + LOCK_MS + 1);
      assert.deepEqual(taken, first);
      await assert.rejects(claimIdempotencyKey(t.db, 'cart:9', KEY, { a: 1 }, now + LOCK_MS + 2), IdempotencyKeyInProgressError);
      if (taken.kind !== 'claimed') return;
      await releaseIdempotencyKey(t.db, taken.id);
      const fresh = await claimIdempotencyKey(t.db, 'cart:9', KEY, { a: 2 }, now + LOCK_MS + 3);
      assert.equal(fresh.kind, 'claimed');
    });

    test('keys are kept 24 hours: then the key is new again, and old rows are pruned', async () => {
      const now = Date.now();
      const claim = await claimIdempotencyKey(t.db, 'user:4', KEY, { a: 1 }, now);
      if (claim.kind !== 'claimed') throw new Error('not claimed');
      await completeIdempotencyKey(t.db, claim.id, 201, { number: 'EMP-OLD' });
      assert.equal((await claimIdempotencyKey(t.db, 'user:4', KEY, { a: 1 }, now + IDEMPOTENCY_TTL_MS - 1)).kind, 'replay');
      const later = await claimIdempotencyKey(t.db, 'user:4', KEY, { b: 2 }, now + IDEMPOTENCY_TTL_MS + 1);
      assert.equal(later.kind, 'claimed');
      assert.ok(later.kind === 'claimed' && later.id !== claim.id);
      await claimIdempotencyKey(t.db, 'user:5', KEY, { a: 1 }, now);
      assert.ok((await pruneIdempotencyKeys(t.db, now + 3 * IDEMPOTENCY_TTL_MS)) >= 1);
      assert.equal(Number((await t.db('api_idempotency_keys').count({ n: '*' }).first())?.n), 0);
    });
  });
}
