// The test processor's own books: an append-only log of the requests it accepted, and the state read from it.
//
// The log is the processor's side of every payment, kept apart from the shop's database as an outside
// company's would be. Each accepted request is one JSON line, appended (O_APPEND) and fsync'd before the
// processor answers, so a charge the shop may have lost in a crash is still here.
//
// Several shop processes may share one file without a lock (a lock file would outlive a SIGKILLed holder):
// each writer appends its request with everything random already decided (charge and refund ids), then
// reads the file up to its end and answers from the state the whole file gives. The state is a pure fold
// over the lines in file order, so every process computes the same answer: the first line for an
// idempotency key wins, a later line with the same key is a duplicate every reader ignores, and a refund is
// checked against what earlier lines refunded.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CardBrand, ChargeResult, DeclineReason, RefundResult } from './provider';

/** A charge request as the processor decided it. */
export interface ChargeRecord {
  op: 'charge';
  key: string;
  /** What the request asked for (amount, currency, a hash of the card): a key reused for something else is refused. */
  fingerprint: string;
  /** When the processor accepted it (ms since the epoch). */
  at: number;
  amountCents: number;
  currency: string;
  outcome:
    | { status: 'succeeded'; chargeId: string; brand: CardBrand; last4: string; /** Pending until then (the delayed test card). */ settleAt?: number }
    | { status: 'declined'; reason: DeclineReason; brand?: CardBrand; last4?: string };
}

export interface RefundRecord {
  op: 'refund';
  key: string;
  fingerprint: string;
  at: number;
  chargeId: string;
  amountCents: number;
  /** Used only when the fold accepts the refund. */
  refundId: string;
}

export type LedgerRecord = ChargeRecord | RefundRecord;

export interface LedgerCharge {
  id: string;
  idempotencyKey: string;
  amountCents: number;
  currency: string;
  refundedCents: number;
  brand: CardBrand;
  last4: string;
  /** Pending until this moment (ms), succeeded after; absent for charges that succeeded at once. */
  settleAt: number | null;
}

/** The processor's state: what the lines so far add up to. */
export class LedgerState {
  readonly charges = new Map<string, { fingerprint: string; record: ChargeRecord }>();
  readonly chargesById = new Map<string, LedgerCharge>();
  readonly refunds = new Map<string, { fingerprint: string; result: RefundResult }>();

  apply(record: LedgerRecord): void {
    if (record.op === 'charge') {
      if (this.charges.has(record.key)) return;
      this.charges.set(record.key, { fingerprint: record.fingerprint, record });
      const outcome = record.outcome;
      if (outcome.status === 'succeeded') {
        this.chargesById.set(outcome.chargeId, {
          id: outcome.chargeId,
          idempotencyKey: record.key,
          amountCents: record.amountCents,
          currency: record.currency,
          refundedCents: 0,
          brand: outcome.brand,
          last4: outcome.last4,
          settleAt: outcome.settleAt ?? null,
        });
      }
      return;
    }
    if (this.refunds.has(record.key)) return;
    const charge = this.chargesById.get(record.chargeId);
    let result: RefundResult;
    // A charge still pending when the refund arrived was not money the processor could give back.
    if (!charge || (charge.settleAt !== null && record.at < charge.settleAt)) {
      result = { status: 'failed', reason: 'unknown_charge' };
    } else if (record.amountCents > charge.amountCents - charge.refundedCents) {
      result = { status: 'failed', reason: 'exceeds_refundable' };
    } else {
      charge.refundedCents += record.amountCents;
      result = {
        status: 'succeeded',
        refundId: record.refundId,
        chargeId: record.chargeId,
        amountCents: record.amountCents,
        refundedCents: charge.refundedCents,
        remainingCents: charge.amountCents - charge.refundedCents,
      };
    }
    this.refunds.set(record.key, { fingerprint: record.fingerprint, result });
  }

  /** The answer to a charge request as of `now`: a delayed charge says pending until it settles. */
  chargeResult(record: ChargeRecord, now: number): ChargeResult {
    const outcome = record.outcome;
    if (outcome.status === 'declined') {
      const { status, reason, brand, last4 } = outcome;
      return brand === undefined ? { status, reason } : { status, reason, brand, last4: last4! };
    }
    if (outcome.settleAt !== undefined && now < outcome.settleAt) return { status: 'pending' };
    return { status: 'succeeded', chargeId: outcome.chargeId, amountCents: record.amountCents, currency: record.currency, brand: outcome.brand, last4: outcome.last4 };
  }
}

/** Where the lines are kept: a file shared by processes, or memory for tests that do not care. */
export interface LedgerStore {
  /** Durably adds one record (on disk before this resolves, for a file). */
  append(record: LedgerRecord): Promise<void>;
  /** Records added since the last call, by this or any other process, in the log's order. */
  readNew(): Promise<LedgerRecord[]>;
  close(): Promise<void>;
}

export class MemoryLedgerStore implements LedgerStore {
  private readonly records: LedgerRecord[] = [];
  private read = 0;

  async append(record: LedgerRecord): Promise<void> {
    // A copy, as a file would keep: later changes to the caller's object do not rewrite history.
    this.records.push(structuredClone(record));
  }

  async readNew(): Promise<LedgerRecord[]> {
    const fresh = this.records.slice(this.read);
    this.read = this.records.length;
    return fresh;
  }

  async close(): Promise<void> {}
}

const NEWLINE = 0x0a;
const RECORD_START = '{"op":';

/** JSON lines in one file, appended with O_APPEND and fdatasync, read incrementally from the last offset. */
export class FileLedgerStore implements LedgerStore {
  private handle: fs.FileHandle | null = null;
  private opening: Promise<fs.FileHandle> | null = null;
  /** Bytes of the file already turned into records (always just after a newline). */
  private offset = 0;

  constructor(readonly file: string) {}

  private async open(): Promise<fs.FileHandle> {
    if (this.handle) return this.handle;
    this.opening ??= (async () => {
      const dir = path.dirname(this.file);
      await fs.mkdir(dir, { recursive: true });
      // 'a+': reads at any position, every write lands at the end whoever else is writing.
      const handle = await fs.open(this.file, 'a+', 0o600);
      // The file's name must survive a crash as well as its contents.
      const dirHandle = await fs.open(dir, 'r');
      await dirHandle.sync().finally(() => dirHandle.close());
      this.handle = handle;
      return handle;
    })().catch((err: unknown) => {
      // Not kept: once the disk has room again (or the directory is back) the next call opens the file.
      this.opening = null;
      throw err;
    });
    return this.opening;
  }

  async append(record: LedgerRecord): Promise<void> {
    const handle = await this.open();
    // One write call per record: with O_APPEND the kernel places it whole at the end of the file.
    await handle.write(Buffer.from(JSON.stringify(record) + '\n'));
    await handle.datasync();
  }

  async readNew(): Promise<LedgerRecord[]> {
    const handle = await this.open();
    const { size } = await handle.stat();
    if (size <= this.offset) return [];
    const buffer = Buffer.alloc(size - this.offset);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
    // Only whole lines: another process may be in the middle of writing the last one.
    const end = buffer.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (end < 0) return [];
    this.offset += end + 1;
    return parseLines(buffer.subarray(0, end).toString('utf8'));
  }

  async close(): Promise<void> {
    const handle = this.handle ?? (this.opening ? await this.opening.catch(() => null) : null);
    this.handle = null;
    this.opening = null;
    await handle?.close();
  }
}

/**
 * Records from JSON lines. A line cut short by a crash or a full disk has no newline, so the next record is
 * glued to it: the last record start on such a line is read, the torn beginning skipped.
 */
export function parseLines(text: string): LedgerRecord[] {
  const records: LedgerRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const record = tryParse(line) ?? tryParse(line.slice(line.lastIndexOf(RECORD_START)));
    if (record) records.push(record);
  }
  return records;
}

function tryParse(line: string): LedgerRecord | null {
  try {
    const value = JSON.parse(line) as LedgerRecord;
    return value && (value.op === 'charge' || value.op === 'refund') && typeof value.key === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** The whole state of a ledger file, for the command that prints the processor's side. */
export async function readLedgerFile(file: string): Promise<LedgerState> {
  const state = new LedgerState();
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return state;
    throw err;
  }
  // A last line without its newline is a record still being written (or torn): not part of the books yet.
  for (const record of parseLines(text.slice(0, text.lastIndexOf('\n') + 1))) state.apply(record);
  return state;
}

export interface LedgerReportCharge {
  id: string;
  idempotencyKey: string;
  amountCents: number;
  currency: string;
  refundedCents: number;
  status: 'pending' | 'succeeded' | 'partially_refunded' | 'refunded';
}

/** The processor's side of every charge that took (or is about to take) money, in the order it was made. */
export function ledgerReport(state: LedgerState, now: number): { charges: LedgerReportCharge[] } {
  const charges = [...state.chargesById.values()].map((c): LedgerReportCharge => {
    const status =
      c.settleAt !== null && now < c.settleAt ? 'pending' : c.refundedCents === 0 ? 'succeeded' : c.refundedCents < c.amountCents ? 'partially_refunded' : 'refunded';
    return { id: c.id, idempotencyKey: c.idempotencyKey, amountCents: c.amountCents, currency: c.currency, refundedCents: c.refundedCents, status };
  });
  return { charges };
}
