// A built-in payment provider that behaves like a card processor's test mode, for development, demos and tests.
//
// Test cards (any future expiry, any valid CVC):
//   4242 4242 4242 4242  succeeds
//   4000 0000 0000 0002  declined: card_declined
//   4000 0000 0000 9995  declined: insufficient_funds
//   any other Luhn-valid number succeeds, as in Stripe's test mode, so every brand can be tried.
//
// Charges and refunds live in this instance's memory only. That is enough for a fake processor: the
// order code records each payment in the database, which stays the source of truth across processes.
// Nothing is ever evicted, so one instance must not serve real traffic for months (it never should).
import { createHash, randomBytes } from 'node:crypto';
import {
  checkCard,
  IdempotencyKeyReuseError,
  type ChargeInput,
  type ChargeLookup,
  type ChargeResult,
  type DeclineReason,
  type PaymentProvider,
  type RefundInput,
  type RefundLookup,
  type RefundResult,
} from './provider';

export const TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
} as const;

const DECLINING_CARDS: ReadonlyMap<string, DeclineReason> = new Map([
  [TEST_CARDS.declined, 'card_declined'],
  [TEST_CARDS.insufficientFunds, 'insufficient_funds'],
]);

interface Remembered<R> {
  /** What the request asked for, so a key reused for something else is caught rather than answered wrongly. */
  fingerprint: string;
  result: R;
}

export class TestCardProvider implements PaymentProvider {
  readonly name = 'test-card';
  private readonly chargesByKey = new Map<string, Remembered<ChargeResult>>();
  private readonly refundsByKey = new Map<string, Remembered<RefundResult>>();
  private readonly ledger = new Map<string, { amountCents: number; refundedCents: number }>();

  // Neither method awaits before recording its result, so two concurrent calls with one key cannot both act.
  async charge(input: ChargeInput): Promise<ChargeResult> {
    assertPositiveCents(input.amountCents);
    if (!/^[A-Z]{3}$/.test(input.currency)) throw new TypeError('currency must be an ISO 4217 code in capitals');
    assertKey(input.idempotencyKey);

    // A hash, not the number: even this instance's memory holds no card number after the call.
    const numberHash = createHash('sha256').update(input.card.number.replace(/[\s-]/g, '')).digest('hex');
    const fingerprint = [input.amountCents, input.currency, numberHash, input.card.expMonth, input.card.expYear].join('|');
    const seen = this.chargesByKey.get(input.idempotencyKey);
    if (seen) {
      if (seen.fingerprint !== fingerprint) throw new IdempotencyKeyReuseError(input.idempotencyKey);
      return seen.result;
    }

    const result = this.decide(input);
    this.chargesByKey.set(input.idempotencyKey, { fingerprint, result });
    if (result.status === 'succeeded') this.ledger.set(result.chargeId, { amountCents: input.amountCents, refundedCents: 0 });
    return result;
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    assertPositiveCents(input.amountCents);
    assertKey(input.idempotencyKey);

    const fingerprint = `${input.chargeId}|${input.amountCents}`;
    const seen = this.refundsByKey.get(input.idempotencyKey);
    if (seen) {
      if (seen.fingerprint !== fingerprint) throw new IdempotencyKeyReuseError(input.idempotencyKey);
      return seen.result;
    }

    const charge = this.ledger.get(input.chargeId);
    let result: RefundResult;
    if (!charge) {
      result = { status: 'failed', reason: 'unknown_charge' };
    } else if (input.amountCents > charge.amountCents - charge.refundedCents) {
      result = { status: 'failed', reason: 'exceeds_refundable' };
    } else {
      charge.refundedCents += input.amountCents;
      result = {
        status: 'succeeded',
        refundId: newId('re_test_'),
        chargeId: input.chargeId,
        amountCents: input.amountCents,
        refundedCents: charge.refundedCents,
        remainingCents: charge.amountCents - charge.refundedCents,
      };
    }
    this.refundsByKey.set(input.idempotencyKey, { fingerprint, result });
    return result;
  }

  async lookupCharge(idempotencyKey: string): Promise<ChargeLookup> {
    const seen = this.chargesByKey.get(idempotencyKey);
    if (!seen) return { status: 'not_found' };
    const result = seen.result;
    if (result.status !== 'succeeded') return result;
    return { ...result, refundedCents: this.ledger.get(result.chargeId)?.refundedCents ?? 0 };
  }

  async lookupRefund(idempotencyKey: string): Promise<RefundLookup> {
    return this.refundsByKey.get(idempotencyKey)?.result ?? { status: 'not_found' };
  }

  private decide(input: ChargeInput): ChargeResult {
    const card = checkCard(input.card, input.now ?? new Date());
    if (!card.ok) {
      const { ok: _ok, ...declined } = card;
      return { status: 'declined', ...declined };
    }
    const { brand, last4 } = card;
    const decline = DECLINING_CARDS.get(card.digits);
    if (decline) return { status: 'declined', reason: decline, brand, last4 };
    return { status: 'succeeded', chargeId: newId('ch_test_'), amountCents: input.amountCents, currency: input.currency, brand, last4 };
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
