// Payments: the interface checkout charges and refunds through, and the card checks every provider shares.
//
// Card numbers and CVCs go into a provider and never come out: results, errors and anything stored
// carry only the brand and the last four digits.

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';

export interface CardDetails {
  /** As typed: spaces and dashes are ignored. */
  number: string;
  /** 1..12 */
  expMonth: number;
  /** Four digits (2029) or two (29 → 2029). */
  expYear: number;
  cvc: string;
  holder?: string;
}

export interface ChargeInput {
  /** Positive whole cents. */
  amountCents: number;
  /** ISO 4217 code in capitals, e.g. EUR. */
  currency: string;
  card: CardDetails;
  /** One per payment attempt (e.g. the order's id and attempt number): a retry with it never charges twice. */
  idempotencyKey: string;
  /** Clock for the expiry check; the current time when absent. */
  now?: Date;
}

export type DeclineReason = 'card_declined' | 'insufficient_funds' | 'invalid_number' | 'expired_card' | 'invalid_cvc' | 'invalid_expiry';

export type ChargeResult =
  | { status: 'succeeded'; chargeId: string; amountCents: number; currency: string; brand: CardBrand; last4: string }
  /** brand and last4 are present whenever the number itself was valid. */
  | { status: 'declined'; reason: DeclineReason; brand?: CardBrand; last4?: string }
  /** The processor accepted the request but has not decided yet: ask again with lookupCharge. */
  | { status: 'pending' };

/**
 * What the processor knows of a charge request, asked by its idempotency key (the reconciler's question
 * after a crash or a timeout). 'not_found': the processor never received the request, so nothing was taken.
 */
export type ChargeLookup =
  | (Extract<ChargeResult, { status: 'succeeded' }> & { refundedCents: number })
  | Extract<ChargeResult, { status: 'declined' }>
  | { status: 'pending' }
  | { status: 'not_found' };

export interface RefundInput {
  chargeId: string;
  /** Positive whole cents, at most what is left to refund on the charge. */
  amountCents: number;
  idempotencyKey: string;
}

export type RefundFailure = 'unknown_charge' | 'exceeds_refundable';

export type RefundResult =
  | {
      status: 'succeeded';
      refundId: string;
      chargeId: string;
      amountCents: number;
      /** Refunded on this charge so far, this refund included. */
      refundedCents: number;
      /** Still refundable on this charge. */
      remainingCents: number;
    }
  | { status: 'failed'; reason: RefundFailure };

/** What the processor knows of a refund request, by its idempotency key; 'not_found': it never arrived. */
export type RefundLookup = RefundResult | { status: 'not_found' };

/** The processor did not answer in time (or the connection broke): the request may or may not have been carried out. */
export class ProcessorTimeoutError extends Error {
  constructor(readonly idempotencyKey: string) {
    super(`the payment processor did not answer in time for ${idempotencyKey}`);
    this.name = new.target.name;
  }
}

/**
 * A card processor. Declines are results, not exceptions: they are an everyday outcome the checkout
 * page explains to the shopper. Exceptions mean a bug in the caller (bad amount, reused key) or an
 * outage. Same idempotency key, same result: a retried request never charges or refunds twice.
 */
export interface PaymentProvider {
  readonly name: string;
  charge(input: ChargeInput): Promise<ChargeResult>;
  refund(input: RefundInput): Promise<RefundResult>;
  /** Never charges: only reports what an earlier charge request with this key became. */
  lookupCharge(idempotencyKey: string): Promise<ChargeLookup>;
  /** Never refunds: only reports what an earlier refund request with this key became. */
  lookupRefund(idempotencyKey: string): Promise<RefundLookup>;
}

/** An idempotency key was sent again with a different request: a bug in the caller, never retried. */
export class IdempotencyKeyReuseError extends Error {
  constructor(readonly idempotencyKey: string) {
    super(`idempotency key ${idempotencyKey} was already used for a different request`);
    this.name = new.target.name;
  }
}

/** The digits of a card number with spaces and dashes removed, or null unless that leaves 12–19 digits. */
export function normaliseCardNumber(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{12,19}$/.test(digits) ? digits : null;
}

/** Luhn (mod 10) check digit, which catches every single mistyped digit and most swapped pairs. */
export function luhnValid(number: string): boolean {
  const digits = normaliseCardNumber(number);
  if (!digits) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The card network from the number's leading digits (IIN ranges); 'unknown' for the rest and for non-numbers. */
export function cardBrand(number: string): CardBrand {
  const digits = normaliseCardNumber(number);
  if (!digits) return 'unknown';
  if (digits.startsWith('4')) return 'visa';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^5[1-5]/.test(digits)) return 'mastercard';
  const four = Number(digits.slice(0, 4));
  if (four >= 2221 && four <= 2720) return 'mastercard';
  if (digits.startsWith('6011') || digits.startsWith('65')) return 'discover';
  return 'unknown';
}

/** The expiry a person types on a card form ("12/29", "12/2029", "1 / 29") as month and four-digit year, or null. */
export function parseExpiry(text: string): { month: number; year: number } | null {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!match) return null;
  const month = Number(match[1]);
  const year = expiryYear(Number(match[2]));
  return month >= 1 && month <= 12 && year !== null ? { month, year } : null;
}

/** Two-digit years are this century's (29 → 2029); four-digit years as they are; anything else null. */
function expiryYear(year: number): number | null {
  if (!Number.isInteger(year)) return null;
  if (year >= 0 && year <= 99) return 2000 + year;
  if (year >= 1000 && year <= 9999) return year;
  return null;
}

/** A card is good through the last moment of its expiry month, in UTC (networks do not agree on a zone; UTC is the lenient-enough, testable choice). */
export function expiryProblem(expMonth: number, expYear: number, now: Date): 'invalid_expiry' | 'expired_card' | null {
  const year = expiryYear(expYear);
  if (year === null || !Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12) return 'invalid_expiry';
  // Date.UTC months count from 0, so passing the 1-based month gives the first moment of the next month.
  return now.getTime() >= Date.UTC(year, expMonth, 1) ? 'expired_card' : null;
}

/** Four digits for American Express (printed on the front), three for the others. */
export function cvcValid(cvc: string, brand: CardBrand): boolean {
  return (brand === 'amex' ? /^\d{4}$/ : /^\d{3}$/).test(cvc);
}

export type CardCheck =
  | { ok: true; digits: string; brand: CardBrand; last4: string }
  | { ok: false; reason: Extract<DeclineReason, 'invalid_number' | 'expired_card' | 'invalid_cvc' | 'invalid_expiry'>; brand?: CardBrand; last4?: string };

/**
 * The checks any processor makes before asking the bank, in the order processors report them:
 * number, then expiry, then CVC. `digits` is for the provider's own use and must not be returned.
 */
export function checkCard(card: CardDetails, now: Date): CardCheck {
  const digits = normaliseCardNumber(card.number);
  if (!digits || !luhnValid(digits)) return { ok: false, reason: 'invalid_number' };
  const brand = cardBrand(digits);
  const last4 = digits.slice(-4);
  const expiry = expiryProblem(card.expMonth, card.expYear, now);
  if (expiry) return { ok: false, reason: expiry, brand, last4 };
  if (!cvcValid(card.cvc, brand)) return { ok: false, reason: 'invalid_cvc', brand, last4 };
  return { ok: true, digits, brand, last4 };
}
