// The test processor's durable ledger: it outlives the provider, is shared by instances and processes, and the pending and timing-out cards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ProcessorTimeoutError, IdempotencyKeyReuseError, type CardDetails, type ChargeInput } from './provider';
import { TEST_CARDS, TestCardProvider } from './test-card-provider';
import { ledgerReport, readLedgerFile } from './test-processor-ledger';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function tempLedger(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-ledger-')), 'test-processor', 'ledger.jsonl');
}

function card(number: string = TEST_CARDS.succeeds): CardDetails {
  return { number, expMonth: 12, expYear: 2099, cvc: '123' };
}

function chargeInput(key: string, overrides: Partial<ChargeInput> = {}): ChargeInput {
  return { amountCents: 2500, currency: 'EUR', card: card(), idempotencyKey: key, ...overrides };
}

function chargeIdOf(result: { status: string; chargeId?: string }): string {
  assert.equal(result.status, 'succeeded');
  return result.chargeId ?? '';
}

test('the ledger outlives the provider: a new instance on the same file knows every charge and refund', async () => {
  const file = tempLedger();
  const first = new TestCardProvider({ ledgerFile: file });
  const chargeId = chargeIdOf(await first.charge(chargeInput('attempt-1')));
  assert.equal((await first.charge(chargeInput('attempt-2', { card: card(TEST_CARDS.declined) }))).status, 'declined');
  assert.equal((await first.refund({ chargeId, amountCents: 1000, idempotencyKey: 'refund-1' })).status, 'succeeded');
  await first.close(); // as if the shop had crashed: nothing but the file is left

  const second = new TestCardProvider({ ledgerFile: file });
  assert.deepEqual(await second.lookupCharge('attempt-1'), { status: 'succeeded', chargeId, amountCents: 2500, currency: 'EUR', brand: 'visa', last4: '4242', refundedCents: 1000 });
  assert.deepEqual(await second.lookupCharge('attempt-2'), { status: 'declined', reason: 'card_declined', brand: 'visa', last4: '0002' });
  assert.deepEqual(await second.lookupCharge('attempt-3'), { status: 'not_found' });
  // Same key, same answer; the same key for another request is still refused after the restart.
  assert.equal(chargeIdOf(await second.charge(chargeInput('attempt-1'))), chargeId);
  await assert.rejects(second.charge(chargeInput('attempt-1', { amountCents: 2600 })), IdempotencyKeyReuseError);
  const refund = await second.lookupRefund('refund-1');
  assert.equal(refund.status === 'succeeded' && refund.remainingCents, 1500);
  assert.deepEqual(await second.refund({ chargeId, amountCents: 1501, idempotencyKey: 'refund-2' }), { status: 'failed', reason: 'exceeds_refundable' });
  await second.close();

  const report = ledgerReport(await readLedgerFile(file), Date.now());
  assert.deepEqual(report, { charges: [{ id: chargeId, idempotencyKey: 'attempt-1', amountCents: 2500, currency: 'EUR', refundedCents: 1000, status: 'partially_refunded' }] });
  // No card number in the processor's books, only the brand, the last four digits and a hash.
  assert.equal(fs.readFileSync(file, 'utf8').includes(TEST_CARDS.succeeds), false);
});

test('two instances on one file at once: one charge per key, and refunds never exceed the charge', async () => {
  const file = tempLedger();
  const a = new TestCardProvider({ ledgerFile: file });
  const b = new TestCardProvider({ ledgerFile: file });
  const [fromA, fromB] = await Promise.all([a.charge(chargeInput('shared-key')), b.charge(chargeInput('shared-key'))]);
  assert.deepEqual(fromA, fromB);
  const chargeId = chargeIdOf(fromA);

  // Ten refunds of 500 race for 2,500: exactly five succeed, and both instances agree on which.
  const refunds = await Promise.all(
    Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).refund({ chargeId, amountCents: 500, idempotencyKey: `refund-${i}` })),
  );
  assert.equal(refunds.filter((r) => r.status === 'succeeded').length, 5);
  for (let i = 0; i < 10; i++) assert.deepEqual(await (i % 2 ? b : a).lookupRefund(`refund-${i}`), refunds[i]);
  assert.deepEqual(await a.lookupCharge('shared-key'), await b.lookupCharge('shared-key'));
  assert.equal(ledgerReport(await readLedgerFile(file), Date.now()).charges.length, 1);
  await Promise.all([a.close(), b.close()]);
});

test('several processes write one ledger file at once and agree on every answer', async () => {
  const file = tempLedger();
  // Each process charges its own keys and the shared ones, and refunds the shared charge in 300-cent steps.
  const script = path.join(path.dirname(file), 'writer.mts');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    script,
    `import { TestCardProvider } from ${JSON.stringify(path.join(ROOT, 'src/payments/test-card-provider.ts'))};
const [file, name] = process.argv.slice(2);
const p = new TestCardProvider({ ledgerFile: file });
const card = { number: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' };
const answers = {};
for (let i = 0; i < 15; i++) {
  answers['own-' + name + '-' + i] = await p.charge({ amountCents: 1000 + i, currency: 'EUR', card, idempotencyKey: 'own-' + name + '-' + i });
  answers['shared-' + i] = await p.charge({ amountCents: 3000, currency: 'EUR', card, idempotencyKey: 'shared-' + i });
  answers['refund-' + name + '-' + i] = await p.refund({ chargeId: answers['shared-0'].chargeId, amountCents: 300, idempotencyKey: 'refund-' + name + '-' + i });
}
await p.close();
console.log(JSON.stringify(answers));
`,
  );
  const outputs = await Promise.all(['p1', 'p2', 'p3'].map((name) => run(process.execPath, ['--import', 'tsx', script, file, name], { cwd: ROOT })));
  const answers = outputs.map((o) => JSON.parse(o.stdout) as Record<string, { status: string; chargeId?: string; refundedCents?: number }>);

  const reader = new TestCardProvider({ ledgerFile: file });
  for (let i = 0; i < 15; i++) {
    // The shared keys were charged once, whichever process came first, and every process got that charge.
    const shared = await reader.lookupCharge(`shared-${i}`);
    for (const a of answers) assert.equal(a[`shared-${i}`].chargeId, shared.status === 'succeeded' ? shared.chargeId : 'missing');
  }
  // Every answer a process gave is what the file says now.
  for (const [n, a] of answers.entries()) {
    for (const [key, answer] of Object.entries(a)) {
      if (key.startsWith('refund-')) assert.deepEqual(await reader.lookupRefund(key), answer, `process ${n + 1}, ${key}`);
      else assert.equal(((await reader.lookupCharge(key)) as { chargeId?: string }).chargeId, answer.chargeId, key);
    }
  }
  const report = ledgerReport(await readLedgerFile(file), Date.now());
  assert.equal(report.charges.length, 3 * 15 + 15);
  assert.equal(new Set(report.charges.map((c) => c.id)).size, report.charges.length);
  // 45 refunds of 300 asked for 3,000: ten went through, none beyond the charge.
  const shared0 = report.charges.find((c) => c.idempotencyKey === 'shared-0')!;
  assert.deepEqual([shared0.refundedCents, shared0.status], [3000, 'refunded']);
  const succeeded = answers.flatMap((a) => Object.entries(a).filter(([k, r]) => k.startsWith('refund-') && r.status === 'succeeded'));
  assert.equal(succeeded.length, 10);
  await reader.close();
});

test('the pending card: pending until the delay has passed, then succeeded under the same key', async () => {
  let now = Date.UTC(2026, 0, 1);
  const provider = new TestCardProvider({ ledgerFile: tempLedger(), pendingMs: 30_000, clock: () => now });
  const input = chargeInput('slow-1', { card: card(TEST_CARDS.pending) });
  assert.deepEqual(await provider.charge(input), { status: 'pending' });
  assert.deepEqual(await provider.lookupCharge('slow-1'), { status: 'pending' });
  assert.deepEqual(await provider.charge(input), { status: 'pending' });
  now += 29_999;
  assert.deepEqual(await provider.lookupCharge('slow-1'), { status: 'pending' });
  now += 1;
  const settled = await provider.lookupCharge('slow-1');
  assert.equal(settled.status, 'succeeded');
  const chargeId = settled.status === 'succeeded' ? settled.chargeId : '';
  // A replay now answers the settled charge, not the pending it first said.
  const { refundedCents: _refunded, ...asCharged } = settled as typeof settled & { refundedCents: number };
  assert.deepEqual(await provider.charge(input), asCharged);
  assert.equal((await provider.refund({ chargeId, amountCents: 2500, idempotencyKey: 'slow-refund' })).status, 'succeeded');
  await provider.close();
});

test('the pending card on the real clock settles after pendingMs', async () => {
  const provider = new TestCardProvider({ pendingMs: 40 });
  assert.deepEqual(await provider.charge(chargeInput('slow-2', { card: card(TEST_CARDS.pending) })), { status: 'pending' });
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal((await provider.lookupCharge('slow-2')).status, 'succeeded');
});

test('the timing-out card: charged at the processor, but the call throws ProcessorTimeoutError after the wait', async () => {
  const file = tempLedger();
  const provider = new TestCardProvider({ ledgerFile: file, timeoutMs: 30 });
  const input = chargeInput('lost-1', { card: card(TEST_CARDS.timesOut) });
  const started = Date.now();
  await assert.rejects(provider.charge(input), (err: unknown) => err instanceof ProcessorTimeoutError && err.idempotencyKey === 'lost-1');
  assert.ok(Date.now() - started >= 25);
  // The money was taken: the lookup says so, a retry times out again without charging twice.
  const lookup = await provider.lookupCharge('lost-1');
  assert.equal(lookup.status, 'succeeded');
  await assert.rejects(provider.charge(input), ProcessorTimeoutError);
  const report = ledgerReport(await readLedgerFile(file), Date.now());
  assert.deepEqual(report.charges.map((c) => [c.idempotencyKey, c.status]), [['lost-1', 'succeeded']]);
  await provider.close();
});

test('a record torn by a crash or a full disk is skipped, and the records after it are read', async () => {
  const file = tempLedger();
  const first = new TestCardProvider({ ledgerFile: file });
  const before = chargeIdOf(await first.charge(chargeInput('before-tear')));
  await first.close();
  fs.appendFileSync(file, '{"op":"charge","key":"torn","fingerprint":"2500|EU');
  const second = new TestCardProvider({ ledgerFile: file });
  const after = chargeIdOf(await second.charge(chargeInput('after-tear')));
  await second.close();

  const third = new TestCardProvider({ ledgerFile: file });
  assert.equal(chargeIdOf(await third.lookupCharge('before-tear')), before);
  assert.equal(chargeIdOf(await third.lookupCharge('after-tear')), after);
  assert.deepEqual(await third.lookupCharge('torn'), { status: 'not_found' });
  await third.close();
});

test('npm run payments:ledger -- --json prints the processor side of every charge', async () => {
  const file = tempLedger();
  const provider = new TestCardProvider({ ledgerFile: file });
  const paid = chargeIdOf(await provider.charge(chargeInput('cli-1', { amountCents: 4787 })));
  const refunded = chargeIdOf(await provider.charge(chargeInput('cli-2', { amountCents: 1000 })));
  await provider.refund({ chargeId: refunded, amountCents: 1000, idempotencyKey: 'cli-refund' });
  await provider.charge(chargeInput('cli-3', { card: card(TEST_CARDS.declined) }));
  await provider.close();

  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/payments-ledger.ts', '--json'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', TEST_PROCESSOR_LEDGER: file },
  });
  assert.deepEqual(JSON.parse(stdout), {
    charges: [
      { id: paid, idempotencyKey: 'cli-1', amountCents: 4787, currency: 'EUR', refundedCents: 0, status: 'succeeded' },
      { id: refunded, idempotencyKey: 'cli-2', amountCents: 1000, currency: 'EUR', refundedCents: 1000, status: 'refunded' },
    ],
  });
});
