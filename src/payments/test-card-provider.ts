// A built-in payment provider that behaves like a card processor's test mode, for development, demos and tests.
//
// Test cards (any future expiry, any valid CVC):
//   4242 4242 4242 4242  succeeds
//   4000 0000 0000 0002  declined: card_declined
//   4000 0000 0000 9995  declined: insufficient_funds
//   4000 0000 0000 0606  pending: charged, but the processor says "pending" until `pendingMs` have passed
//   4000 0000 0000 0705  times out: the charge is made, then the call throws ProcessorTimeoutError after `timeoutMs`
//   any other Luhn-valid number succeeds, as in Stripe's test mode, so every brand can be tried.
//
// The processor keeps its own books (test-processor-ledger.ts): with a ledger file, every request it
// accepts is on disk before it answers, read back when it starts and shared by every process using the
// file, so its side of each payment outlives a crash of the shop. Without one (unit tests that do not
// care) the books are in this instance's memory.
import { createHash, randomBytes } from 'node:crypto';
import {
  checkCard,
  IdempotencyKeyReuseError,
  ProcessorTimeoutError,
  type ChargeInput,
  type ChargeLookup,
  type ChargeResult,
  type DeclineReason,
  type PaymentProvider,
  type RefundInput,
  type RefundLookup,
  type RefundResult,
} from './provider';
import { FileLedgerStore, LedgerState, MemoryLedgerStore, type ChargeRecord, type LedgerRecord, type LedgerStore } from './test-processor-ledger';

export const TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  pending: '4000000000000606',
  timesOut: '4000000000000705',
} as const;

const DECLINING_CARDS: ReadonlyMap<string, DeclineReason> = new Map([
  [TEST_CARDS.declined, 'card_declined'],
  [TEST_CARDS.insufficientFunds, 'insufficient_funds'],
]);

export interface TestCardProviderOptions {
  /** The ledger file (JSON lines); without one the ledger lives in memory and dies with the instance. */
  ledgerFile?: string | null;
  /** How long a charge with the pending card stays pending (ms). */
  pendingMs?: number;
  /** How long a call with the timing-out card waits before throwing ProcessorTimeoutError (ms). */
  timeoutMs?: number;
  /** The processor's clock (ms), for tests of the pending card. */
  clock?: () => number;
}

export const TEST_PROCESSOR_DEFAULTS = { pendingMs: 5_000, timeoutMs: 1_000 } as const;

export class TestCardProvider implements PaymentProvider {
  readonly name = 'test-card';
  private readonly store: LedgerStore;
  private readonly state = new LedgerState();
  private readonly pendingMs: number;
  private readonly timeoutMs: number;
  private readonly clock: () => number;
  /** One ledger operation at a time in this process; other processes are ordered by the file itself. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: TestCardProviderOptions = {}) {
    this.store = options.ledgerFile ? new FileLedgerStore(options.ledgerFile) : new MemoryLedgerStore();
    this.pendingMs = options.pendingMs ?? TEST_PROCESSOR_DEFAULTS.pendingMs;
    this.timeoutMs = options.timeoutMs ?? TEST_PROCESSOR_DEFAULTS.timeoutMs;
    this.clock = options.clock ?? Date.now;
  }

  async charge(input: ChargeInput): Promise<ChargeResult> {
    assertPositiveCents(input.amountCents);
    if (!/^[A-Z]{3}$/.test(input.currency)) throw new TypeError('currency must be an ISO 4217 code in capitals');
    assertKey(input.idempotencyKey);

    // A hash, not the number: neither memory nor the ledger file ever holds a card number.
    const digits = input.card.number.replace(/[\s-]/g, '');
    const numberHash = createHash('sha256').update(digits).digest('hex');
    const fingerprint = [input.amountCents, input.currency, numberHash, input.card.expMonth, input.card.expYear].join('|');
    const record = await this.exclusive(async () => {
      let seen = await this.chargeRecord(input.idempotencyKey);
      if (!seen) {
        const now = this.clock();
        await this.store.append({ op: 'charge', key: input.idempotencyKey, fingerprint, at: now, amountCents: input.amountCents, currency: input.currency, outcome: this.decide(input, now) });
        // Another process may have written the same key just before us: the first line is the answer.
        seen = await this.chargeRecord(input.idempotencyKey);
      }
      if (seen!.fingerprint !== fingerprint) throw new IdempotencyKeyReuseError(input.idempotencyKey);
      return seen!.record;
    });
    // Recorded first, then lost on the way back: the shop cannot know whether it was charged.
    if (digits === TEST_CARDS.timesOut) {
      await new Promise((resolve) => setTimeout(resolve, this.timeoutMs));
      throw new ProcessorTimeoutError(input.idempotencyKey);
    }
    // A replay answers what the charge is now: a pending charge that has settled since says succeeded.
    return this.state.chargeResult(record, this.clock());
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    assertPositiveCents(input.amountCents);
    assertKey(input.idempotencyKey);

    const fingerprint = `${input.chargeId}|${input.amountCents}`;
    return this.exclusive(async () => {
      await this.catchUp();
      if (!this.state.refunds.has(input.idempotencyKey)) {
        await this.store.append({ op: 'refund', key: input.idempotencyKey, fingerprint, at: this.clock(), chargeId: input.chargeId, amountCents: input.amountCents, refundId: newId('re_test_') });
        await this.catchUp();
      }
      const seen = this.state.refunds.get(input.idempotencyKey)!;
      if (seen.fingerprint !== fingerprint) throw new IdempotencyKeyReuseError(input.idempotencyKey);
      return seen.result;
    });
  }

  async lookupCharge(idempotencyKey: string): Promise<ChargeLookup> {
    const seen = await this.exclusive(() => this.chargeRecord(idempotencyKey));
    if (!seen) return { status: 'not_found' };
    const result = this.state.chargeResult(seen.record, this.clock());
    if (result.status !== 'succeeded') return result;
    return { ...result, refundedCents: this.state.chargesById.get(result.chargeId)?.refundedCents ?? 0 };
  }

  async lookupRefund(idempotencyKey: string): Promise<RefundLookup> {
    return this.exclusive(async () => {
      await this.catchUp();
      return this.state.refunds.get(idempotencyKey)?.result ?? { status: 'not_found' };
    });
  }

  /** Releases the ledger file (a later call opens it again, so work still draining at shutdown is not lost). */
  async close(): Promise<void> {
    await this.exclusive(() => this.store.close());
  }

  /** The charge request recorded under a key, after reading what other processes appended. */
  private async chargeRecord(key: string): Promise<{ fingerprint: string; record: ChargeRecord } | undefined> {
    await this.catchUp();
    return this.state.charges.get(key);
  }

  private async catchUp(): Promise<void> {
    for (const record of await this.store.readNew()) this.state.apply(record as LedgerRecord);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private decide(input: ChargeInput, now: number): ChargeRecord['outcome'] {
    const card = checkCard(input.card, input.now ?? new Date(now));
    if (!card.ok) {
      const { ok: _ok, ...declined } = card;
      return { status: 'declined', ...declined };
    }
    const { brand, last4 } = card;
    const decline = DECLINING_CARDS.get(card.digits);
    if (decline) return { status: 'declined', reason: decline, brand, last4 };
    const settleAt = card.digits === TEST_CARDS.pending ? now + this.pendingMs : undefined;
    return { status: 'succeeded', chargeId: newId('ch_test_'), brand, last4, ...(settleAt === undefined ? {} : { settleAt }) };
  }
}

function newId(prefix: string): string {
  return prefix + randomBytes(12).toString('hex');
}

function assertPositiveCents(amountCents: number): void {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) throw new TypeError('amountCents must be positive whole cents');
}

function assertKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('an idempotency key is required');
}
