// Payment attempts and refunds as rows: written and committed before the processor is called, moved only forward, settled by its answers.
//
// Shape of src/payments/: provider.ts (the processor contract), test-card-provider.ts (the built-in processor),
// attempts.ts (this: the shop's side of every charge and refund), reconciler.ts (finishes what a crash or a
// timeout left open), refunds.ts (an order's refund after a cancel or a return).
//
// - An attempt's status: pending -> succeeded | failed | refund_pending; refund_pending -> refunded | refund_failed.
//   Every change is `update ... where id = ? and status = <from>`: of two processes settling one attempt (the
//   checkout and the reconciler, or a double submit), exactly one moves it; the other reads what happened.
// - A refund row: pending -> succeeded | failed, written in the same transaction as the change that asks for
//   it, sent after commit with its own processor key, and confirmed only when the processor says so.
// - One cart, one payment: a unique partial index allows one pending attempt per cart (the cart's claim).
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { recordAudit } from '../audit/service';
import { isUniqueViolation } from '../lib/db-errors';
import { toInt } from '../lib/rows';
import type { CardBrand, PaymentProvider, RefundLookup, RefundResult } from './provider';
import { providerFor } from './provider-router';
import { issueCreditNote, parseRefundedLines, type RefundedLine } from '../invoices/credit-notes';

export type AttemptStatus = 'pending' | 'succeeded' | 'failed' | 'refund_pending' | 'refunded' | 'refund_failed';
export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export interface PaymentAttempt {
  id: number;
  reference: string;
  processorKey: string;
  checkoutKeyHash: string;
  cartId: number | null;
  userId: number | null;
  provider: string;
  amountCents: number;
  currency: string;
  status: AttemptStatus;
  chargeId: string | null;
  declineReason: string | null;
  orderId: number | null;
  /** The processor's own name for the payment (a Stripe Checkout Session id); null for card payments. */
  processorReference: string | null;
  /** Parsed JSON: what the order needs (see orders/service.ts AttemptSnapshot). */
  snapshot: unknown;
  createdAt: number;
  updatedAt: number;
}

export interface PaymentRefund {
  id: number;
  reference: string;
  processorKey: string;
  orderId: number | null;
  attemptId: number | null;
  provider: string;
  chargeId: string;
  amountCents: number;
  currency: string;
  status: RefundStatus;
  failureReason: string | null;
  createdAt: number;
  updatedAt: number;
}

const intOrNull = (v: unknown) => (v === null || v === undefined ? null : toInt(v));

function newReference(prefix: string): string {
  return prefix + randomBytes(12).toString('base64url');
}

export function attemptFromRow(r: Record<string, unknown>): PaymentAttempt {
  let snapshot: unknown = null;
  try {
    snapshot = typeof r.snapshot === 'string' ? JSON.parse(r.snapshot) : r.snapshot;
  } catch {
    snapshot = null;
  }
  return {
    id: toInt(r.id),
    reference: r.reference as string,
    processorKey: r.processor_key as string,
    checkoutKeyHash: r.checkout_key_hash as string,
    cartId: intOrNull(r.cart_id),
    userId: intOrNull(r.user_id),
    provider: r.provider as string,
    amountCents: toInt(r.amount_cents),
    currency: r.currency as string,
    status: r.status as AttemptStatus,
    chargeId: (r.charge_id as string | null) ?? null,
    declineReason: (r.decline_reason as string | null) ?? null,
    orderId: intOrNull(r.order_id),
    processorReference: (r.processor_reference as string | null | undefined) ?? null,
    snapshot,
    createdAt: toInt(r.created_at),
    updatedAt: toInt(r.updated_at),
  };
}

export function refundFromRow(r: Record<string, unknown>): PaymentRefund {
  return {
    id: toInt(r.id),
    reference: r.reference as string,
    processorKey: r.processor_key as string,
    orderId: intOrNull(r.order_id),
    attemptId: intOrNull(r.attempt_id),
    provider: r.provider as string,
    chargeId: r.charge_id as string,
    amountCents: toInt(r.amount_cents),
    currency: r.currency as string,
    status: r.status as RefundStatus,
    failureReason: (r.failure_reason as string | null) ?? null,
    createdAt: toInt(r.created_at),
    updatedAt: toInt(r.updated_at),
  };
}

// ---------------------------------------------------------------------------------------------------
// Starting an attempt

export interface NewAttempt {
  processorKey: string;
  checkoutKeyHash: string;
  cartId: number;
  userId: number | null;
  provider: string;
  amountCents: number;
  currency: string;
  snapshot: unknown;
  now: number;
}

export type AttemptStart =
  /** This call wrote the attempt: it is the one to charge. */
  | { kind: 'started'; attempt: PaymentAttempt }
  /** The same processor key was already written (a double submit): charging again with it is answered, never repeated. */
  | { kind: 'existing'; attempt: PaymentAttempt }
  /** Another attempt holds the cart (another tab, device or channel). */
  | { kind: 'cart_busy'; holder: PaymentAttempt };

/**
 * Writes the attempt (committed on return, before any processor call) and with it the cart's claim.
 * Three rounds at most: the row in the way may settle between our insert and our read.
 */
export async function startAttempt(db: Knex, a: NewAttempt): Promise<AttemptStart> {
  for (let round = 0; round < 3; round++) {
    try {
      const [inserted] = await db('payment_attempts')
        .insert({
          reference: newReference('pa_'),
          processor_key: a.processorKey,
          checkout_key_hash: a.checkoutKeyHash,
          cart_id: a.cartId,
          user_id: a.userId,
          provider: a.provider,
          amount_cents: a.amountCents,
          currency: a.currency,
          status: 'pending' satisfies AttemptStatus,
          snapshot: JSON.stringify(a.snapshot),
          created_at: a.now,
          updated_at: a.now,
        })
        .returning('*');
      return { kind: 'started', attempt: attemptFromRow(inserted) };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const same = await db('payment_attempts').where('processor_key', a.processorKey).first();
    if (same) return { kind: 'existing', attempt: attemptFromRow(same) };
    const holder = await pendingAttemptOfCart(db, a.cartId);
    if (holder) return { kind: 'cart_busy', holder };
  }
  const holder = await pendingAttemptOfCart(db, a.cartId);
  if (holder) return { kind: 'cart_busy', holder };
  throw new Error('could not start a payment attempt');
}

export async function pendingAttemptOfCart(db: Knex, cartId: number): Promise<PaymentAttempt | null> {
  const row = await db('payment_attempts').where({ cart_id: cartId, status: 'pending' }).first();
  return row ? attemptFromRow(row) : null;
}

export async function attemptById(db: Knex | Knex.Transaction, id: number): Promise<PaymentAttempt | null> {
  const row = await db('payment_attempts').where('id', id).first();
  return row ? attemptFromRow(row) : null;
}

export async function attemptByReference(db: Knex, reference: string): Promise<PaymentAttempt | null> {
  if (!/^pa_[A-Za-z0-9_-]{16}$/.test(reference)) return null;
  const row = await db('payment_attempts').where('reference', reference).first();
  return row ? attemptFromRow(row) : null;
}

/** Stores the processor's reference of an attempt's payment (before the shopper is sent to its page). */
export async function setProcessorReference(db: Knex, id: number, reference: string, now: number): Promise<void> {
  await db('payment_attempts').where('id', id).update({ processor_reference: reference, updated_at: now });
}

/** The latest attempt made with this checkout token (by its hash): how the pay step finds its order after a failure. */
export async function latestAttemptOfCheckout(db: Knex, checkoutKeyHash: string): Promise<PaymentAttempt | null> {
  const row = await db('payment_attempts').where('checkout_key_hash', checkoutKeyHash).orderBy('id', 'desc').first();
  return row ? attemptFromRow(row) : null;
}

/**
 * Waits for a pending attempt to settle (a double submit of one checkout with another card waits for the
 * first card's answer instead of charging a second one). Returns the attempt as it is at the end.
 */
export async function waitForAttempt(db: Knex, id: number, timeoutMs: number): Promise<PaymentAttempt | null> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const attempt = await attemptById(db, id);
    if (!attempt || attempt.status !== 'pending' || Date.now() >= until) return attempt;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// ---------------------------------------------------------------------------------------------------
// Moving an attempt forward

const FORWARD: Record<AttemptStatus, readonly AttemptStatus[]> = {
  pending: ['succeeded', 'failed', 'refund_pending'],
  succeeded: ['refund_pending'],
  // A charge that turns up after the attempt was failed (the processor was asked before the request reached it): it is refunded.
  failed: ['refund_pending'],
  refund_pending: ['refunded', 'refund_failed'],
  refunded: [],
  refund_failed: [],
};

/**
 * Moves the attempt from `from` to `to` if it is still at `from`; false when someone else moved it first.
 * Also records the move in the audit log (the attempt's history in the back office).
 */
export async function moveAttempt(
  q: Knex | Knex.Transaction,
  id: number,
  from: AttemptStatus,
  to: AttemptStatus,
  now: number,
  changes: Record<string, unknown> = {},
): Promise<boolean> {
  if (!FORWARD[from].includes(to)) throw new Error(`a payment attempt never moves from ${from} to ${to}`);
  const moved = await q('payment_attempts').where({ id, status: from }).update({ ...changes, status: to, updated_at: now });
  if (moved === 0) return false;
  await recordAudit(q, null, { action: `payment.attempt.${to}`, entityType: 'payment_attempt', entityId: id, before: { status: from }, after: { status: to, ...changes }, now });
  return true;
}

export interface ChargeFacts {
  chargeId: string;
  brand: CardBrand | string;
  last4: string;
}

/** The processor declined (or never received) the charge: the attempt fails and the cart is free again. */
export async function failAttempt(db: Knex, id: number, reason: string, now: number): Promise<boolean> {
  return db.transaction((trx) => moveAttempt(trx, id, 'pending', 'failed', now, { decline_reason: reason.slice(0, 32), claimed_until: null }));
}

// ---------------------------------------------------------------------------------------------------
// Refunds

export interface NewRefund {
  orderId: number | null;
  attemptId: number | null;
  provider: string;
  chargeId: string;
  amountCents: number;
  currency: string;
  now: number;
  /** An order refund's returned units, for its credit note once confirmed. */
  lines?: readonly RefundedLine[];
}

/** Records a pending refund, on the caller's transaction (the one that decided it); send it after commit with sendRefund. */
export async function recordRefund(trx: Knex.Transaction, r: NewRefund): Promise<PaymentRefund> {
  const reference = newReference('rf_');
  const [row] = await trx('payment_refunds')
    .insert({
      reference,
      // From the row: asking again with it after a crash or a timeout is answered, never refunded twice.
      processor_key: `refund:${reference}`,
      order_id: r.orderId,
      attempt_id: r.attemptId,
      provider: r.provider,
      charge_id: r.chargeId,
      amount_cents: r.amountCents,
      currency: r.currency,
      lines: r.lines ? JSON.stringify(r.lines) : null,
      status: 'pending' satisfies RefundStatus,
      created_at: r.now,
      updated_at: r.now,
    })
    .returning('*');
  await recordAudit(trx, null, { action: 'payment.refund.pending', entityType: 'payment_refund', entityId: toInt(row.id), after: { amountCents: r.amountCents, orderId: r.orderId, attemptId: r.attemptId }, now: r.now });
  return refundFromRow(row);
}

/**
 * Gives up an attempt whose money was taken but whose order cannot be written: in one transaction the attempt
 * goes refund_pending and a pending refund of the whole charge is recorded. False when the attempt had already
 * moved (another process completed or gave it up).
 */
export async function giveUpAttempt(db: Knex, attempt: PaymentAttempt, charge: ChargeFacts, now: number): Promise<PaymentRefund | null> {
  return db.transaction(async (trx) => {
    const changes = { charge_id: charge.chargeId, brand: charge.brand, last4: charge.last4, claimed_until: null };
    const moved = (await moveAttempt(trx, attempt.id, 'pending', 'refund_pending', now, changes)) || (await moveAttempt(trx, attempt.id, 'failed', 'refund_pending', now, changes));
    if (!moved) return null;
    return recordRefund(trx, { orderId: null, attemptId: attempt.id, provider: attempt.provider, chargeId: charge.chargeId, amountCents: attempt.amountCents, currency: attempt.currency, now });
  });
}

export type RefundOutcome = 'succeeded' | 'failed' | 'pending';

/**
 * Asks the processor for the refund (same key every time) and settles the row by its answer: succeeded,
 * failed, or left pending when it did not answer (the reconciler asks again). On success an order's
 * refunded_cents grows by the amount, and an attempt's refund finishes it as refunded.
 */
export async function sendRefund(db: Knex, provider: PaymentProvider, refund: PaymentRefund, now = Date.now()): Promise<RefundOutcome> {
  let result: RefundResult | RefundLookup;
  try {
    // The processor that took the money gives it back (a Stripe payment is refunded through Stripe).
    result = await providerFor(provider, refund.provider).refund({ chargeId: refund.chargeId, amountCents: refund.amountCents, idempotencyKey: refund.processorKey });
  } catch {
    return 'pending';
  }
  return settleRefund(db, refund, result, now);
}

/** Applies the processor's answer about a refund to the shop's rows (also the reconciler's lookupRefund answer). */
export async function settleRefund(db: Knex, refund: PaymentRefund, result: RefundResult | RefundLookup, now: number): Promise<RefundOutcome> {
  if (result.status !== 'succeeded' && result.status !== 'failed') return 'pending';
  const to: RefundStatus = result.status;
  return db.transaction(async (trx) => {
    const changes: Record<string, unknown> = { status: to, updated_at: now, claimed_until: null };
    if (result.status === 'failed') changes.failure_reason = result.reason;
    const moved = await trx('payment_refunds').where({ id: refund.id, status: 'pending' }).update(changes);
    if (moved === 0) {
      const row = await trx('payment_refunds').where('id', refund.id).first('status');
      return (row?.status ?? 'pending') as RefundOutcome;
    }
    await recordAudit(trx, null, { action: `payment.refund.${to}`, entityType: 'payment_refund', entityId: refund.id, before: { status: 'pending' }, after: { status: to, ...(result.status === 'failed' ? { reason: result.reason } : {}) }, now });
    if (refund.orderId !== null && to === 'succeeded') {
      // Only now does the order count the money as given back; its payment row says how much of it.
      await trx('orders').where('id', refund.orderId).increment('refunded_cents', refund.amountCents);
      const order = await trx('orders').where('id', refund.orderId).first('total_cents', 'refunded_cents');
      const fully = toInt(order?.refunded_cents) >= toInt(order?.total_cents);
      await trx('payments').where('order_id', refund.orderId).update({ status: fully ? 'refunded' : 'partially_refunded' });
      // The confirmed refund's credit note, numbered in this transaction.
      const stored = await trx('payment_refunds').where('id', refund.id).first('lines');
      await issueCreditNote(trx, { orderId: refund.orderId, refundId: refund.id, amountCents: refund.amountCents, lines: parseRefundedLines(stored?.lines), now });
      await recordAudit(trx, null, { action: 'order.refund_confirmed', entityType: 'order', entityId: refund.orderId, after: { refundCents: refund.amountCents }, now });
    }
    if (refund.orderId !== null && to === 'failed') {
      // Visible on the order's page and under payments needing attention: never silently "refunded".
      await trx('payments').where('order_id', refund.orderId).update({ status: 'refund_failed' });
    }
    if (refund.attemptId !== null) {
      await moveAttempt(trx, refund.attemptId, 'refund_pending', to === 'succeeded' ? 'refunded' : 'refund_failed', now);
    }
    return to;
  });
}

/** Refunds recorded and not yet confirmed for an order (counted as taken when deciding what is left to refund). */
export async function pendingRefundCents(q: Knex | Knex.Transaction, orderId: number): Promise<number> {
  const row = await q('payment_refunds').where({ order_id: orderId, status: 'pending' }).sum({ n: 'amount_cents' }).first();
  return toInt(row?.n);
}

export interface ShopperAttemptView {
  reference: string;
  status: AttemptStatus;
  orderNumber: string | null;
  /** The attempt belongs to an account (its order shows under the account) rather than to a guest's cart. */
  ofAccount: boolean;
}

/**
 * An attempt as its shopper may see it: the account that made it, or the session whose cart it paid. Anyone
 * else gets null, as for a reference that does not exist.
 */
export async function attemptForShopper(db: Knex, reference: string, viewer: { userId: number | null; cartId: number | null }): Promise<ShopperAttemptView | null> {
  const attempt = await attemptByReference(db, reference);
  if (!attempt) return null;
  const mine = attempt.userId !== null ? attempt.userId === viewer.userId : attempt.cartId !== null && attempt.cartId === viewer.cartId;
  if (!mine) return null;
  const order = attempt.orderId === null ? null : await db('orders').where('id', attempt.orderId).first('number');
  return { reference: attempt.reference, status: attempt.status, orderNumber: order?.number ?? null, ofAccount: attempt.userId !== null };
}
