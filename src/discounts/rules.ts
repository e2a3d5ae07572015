// What a discount code is and when it applies: the pure rules, no I/O (service.ts loads and applies codes).
import type { MessageKey } from '../i18n';
import { DomainError } from '../lib/errors';

/** As long as discount_codes.code: anything longer cannot be a code. */
export const MAX_DISCOUNT_CODE_LENGTH = 64;

export type DiscountKind = 'percent' | 'fixed' | 'free_shipping';

export interface DiscountCode {
  code: string;
  kind: DiscountKind;
  /** percent: basis points 0..10000 (1250 = 12.5 %); fixed: cents; free_shipping: ignored. */
  value: number;
  minSubtotalCents: number | null;
  /** Valid from startsAt (inclusive) until endsAt (exclusive), ms since epoch; null leaves that side open. */
  startsAt: number | null;
  endsAt: number | null;
  /** Redemptions allowed across all customers; null: unlimited. */
  usageLimit: number | null;
  timesUsed: number;
  /** Redemptions allowed per customer; null: unlimited. The caller counts this customer's past orders. */
  perCustomerLimit: number | null;
  timesUsedByCustomer: number;
  membersOnly: boolean;
}

export type DiscountRejection =
  | 'not_yet_valid'
  | 'expired'
  | 'used_up'
  | 'members_only'
  | 'customer_limit_reached'
  | 'minimum_not_met';

/** Every reason a code is refused: checkDiscount's, and 'unknown' for a code the shop does not have (or no longer offers). */
export type DiscountCodeRejection = DiscountRejection | 'unknown';

export type DiscountCheck = { ok: true } | { ok: false; reason: DiscountRejection };

/** The code as the shop stores it (trimmed, capitals); null for nothing typed. */
export function normaliseDiscountCode(raw: string | null | undefined): string | null {
  const code = (raw ?? '').trim().toUpperCase();
  return code === '' ? null : code;
}

/** Too long, or with control characters (PostgreSQL refuses a NUL in a text parameter): no code looks like that. */
export function cannotBeACode(code: string): boolean {
  return code.length > MAX_DISCOUNT_CODE_LENGTH || /[\u0000-\u001f\u007f]/.test(code);
}

/**
 * Whether the code applies to this order. When several rules fail, the reason reported is the first
 * in this order: from what nobody can change (dates, global usage) to what this shopper could
 * (membership, their own usage, spending more), so the message never suggests a fix that cannot work.
 */
export function checkDiscount(
  discount: DiscountCode,
  context: { subtotalCents: number; member: boolean; now: number },
): DiscountCheck {
  const { subtotalCents, member, now } = context;
  if (discount.startsAt !== null && now < discount.startsAt) return { ok: false, reason: 'not_yet_valid' };
  if (discount.endsAt !== null && now >= discount.endsAt) return { ok: false, reason: 'expired' };
  if (discount.usageLimit !== null && discount.timesUsed >= discount.usageLimit) return { ok: false, reason: 'used_up' };
  if (discount.membersOnly && !member) return { ok: false, reason: 'members_only' };
  if (discount.perCustomerLimit !== null && discount.timesUsedByCustomer >= discount.perCustomerLimit) {
    return { ok: false, reason: 'customer_limit_reached' };
  }
  if (discount.minSubtotalCents !== null && subtotalCents < discount.minSubtotalCents) return { ok: false, reason: 'minimum_not_met' };
  return { ok: true };
}

const DISCOUNT_MESSAGES: Record<DiscountCodeRejection, MessageKey> = {
  unknown: 'orders.discount.unknown',
  not_yet_valid: 'orders.discount.notYetValid',
  expired: 'orders.discount.expired',
  used_up: 'orders.discount.usedUp',
  members_only: 'orders.discount.membersOnly',
  customer_limit_reached: 'orders.discount.customerLimitReached',
  minimum_not_met: 'orders.discount.minimumNotMet',
};

/**
 * The code the shopper typed does not apply. An order fails rather than going through without it: a total
 * never changes behind the shopper's back. The error carries its parameters (the reason, and for a minimum
 * the amount to spend) so the checkout page, problem+json and GraphQL all say the same sentence, each
 * formatting the amount for its reader (lib/errors.ts sentenceOf).
 */
export class DiscountCodeRejectedError extends DomainError {
  constructor(
    readonly code: string,
    readonly reason: DiscountCodeRejection,
    readonly minSubtotalCents: number | null = null,
  ) {
    const namesAmount = reason === 'minimum_not_met' && minSubtotalCents !== null;
    super(
      DISCOUNT_MESSAGES[reason],
      422,
      {},
      'discountCode',
      namesAmount
        ? { sentenceKey: 'orders.discount.minimumNotMetAmount', amounts: { amount: minSubtotalCents }, details: { reason, minSubtotalCents } }
        : { details: { reason } },
    );
  }
}
