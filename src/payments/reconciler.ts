// The payment reconciler: asks the processor about every attempt and refund left open, and finishes each (order written, money refunded, or failed).
//
// - What is open: attempts still pending and refunds still pending, older than a grace period (the checkout
//   that made them may still be waiting for the processor's answer).
// - Several instances: each run claims its rows by setting claimed_until (a lease) with a conditional update;
//   on PostgreSQL the candidates are picked with FOR UPDATE SKIP LOCKED, so two instances never wait on, nor
//   take, the same row. A row whose run died is claimed again when its lease ends.
// - Per attempt, lookupCharge: succeeded -> the order is written from the attempt's snapshot if the goods are
//   still there, else the money is refunded; declined or not_found -> failed (the cart is free again);
//   pending -> left for the next run. Per refund, lookupRefund: an answer settles it; not_found -> asked again
//   with the same key (never refunded twice); pending -> left.
// - What it cannot finish is listed by paymentsNeedingAttention, which the back office shows with the audit log.
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { toInt } from '../lib/rows';
import { completeAttemptOrder } from '../orders/service';
import { attemptFromRow, failAttempt, refundFromRow, sendRefund, settleRefund, type PaymentAttempt, type PaymentRefund } from './attempts';
import type { PaymentProvider } from './provider';
import { providerFor } from './provider-router';

export interface ReconcileOptions {
  /** Rows younger than this are left alone (ms). */
  graceMs: number;
  /** How long a run holds the rows it claimed (ms). */
  leaseMs?: number;
  /** At most this many attempts and this many refunds per run. */
  batchSize?: number;
  now?: number;
  /** Called for each order the run wrote (e.g. to send the confirmation email); a failure is the caller's to log. */
  onOrderPlaced?: (placed: { orderId: number; number: string; accessToken: string }) => Promise<void> | void;
}

export interface NeedingAttention {
  kind: 'attempt' | 'refund';
  reference: string;
  status: string;
  amountCents: number;
  currency: string;
  orderNumber: string | null;
  /** The attempt or refund the row belongs to, for the audit log. */
  entityType: 'payment_attempt' | 'payment_refund';
  entityId: number;
  createdAt: number;
  updatedAt: number;
}

export interface ReconcileReport {
  /** Attempts and refunds this run brought to an end. */
  resolved: number;
  /** Everything still open or failed after the run (see paymentsNeedingAttention). */
  unresolved: NeedingAttention[];
}

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_BATCH = 100;

/**
 * Claims up to `limit` rows of `table` in `status` created before `before`, for `leaseMs`; returns them.
 * PostgreSQL: one update over a FOR UPDATE SKIP LOCKED subquery. SQLite (one writer at a time): a
 * conditional update per candidate, kept only when it changed the row.
 */
async function claimRows(db: Knex, table: 'payment_attempts' | 'payment_refunds', status: string, before: number, now: number, leaseMs: number, limit: number): Promise<Record<string, unknown>[]> {
  const free = (q: Knex.QueryBuilder) => q.where('status', status).andWhere('created_at', '<=', before).andWhere((b) => b.whereNull('claimed_until').orWhere('claimed_until', '<', now));
  if (db.client.config.client === 'pg') {
    return db(table)
      .whereIn('id', free(db(table).select('id')).orderBy('id').limit(limit).forUpdate().skipLocked())
      .update({ claimed_until: now + leaseMs })
      .returning('*');
  }
  const candidates = await free(db(table).select('id')).orderBy('id').limit(limit);
  const claimed: Record<string, unknown>[] = [];
  for (const { id } of candidates) {
    const taken = await free(db(table).where('id', id)).update({ claimed_until: now + leaseMs });
    if (taken === 1) claimed.push(await db(table).where('id', id).first());
  }
  return claimed;
}

/** One attempt: what the processor says its charge became, acted on. True when the attempt reached an end. */
async function reconcileAttempt(db: Knex, shopProvider: PaymentProvider, attempt: PaymentAttempt, options: ReconcileOptions, now: number): Promise<boolean> {
  // The processor the attempt was started with: a Stripe attempt is looked up on Stripe (its Checkout Session).
  const provider = providerFor(shopProvider, attempt.provider);
  const lookup = await provider.lookupCharge(attempt.processorKey);
  if (lookup.status === 'pending') {
    // Nothing to do until the processor decides: the row is free for the next run, whoever makes it.
    await db('payment_attempts').where({ id: attempt.id, status: 'pending' }).update({ claimed_until: null });
    return false;
  }
  if (lookup.status === 'declined') return failAttempt(db, attempt.id, lookup.reason, now);
  if (lookup.status === 'not_found') return failAttempt(db, attempt.id, 'not_found', now);
  const result = await completeAttemptOrder(db, provider, attempt, { chargeId: lookup.chargeId, amountCents: lookup.amountCents, currency: lookup.currency, brand: lookup.brand, last4: lookup.last4 }, now);
  if (result.outcome === 'placed') await options.onOrderPlaced?.(result);
  return result.outcome !== 'refund_pending';
}

/** One refund: the processor's word on it, or the same request again when it never arrived. */
async function reconcileRefund(db: Knex, provider: PaymentProvider, refund: PaymentRefund, now: number): Promise<boolean> {
  const lookup = await providerFor(provider, refund.provider).lookupRefund(refund.processorKey);
  if (lookup.status === 'not_found') return (await sendRefund(db, provider, refund, now)) !== 'pending';
  return (await settleRefund(db, refund, lookup, now)) !== 'pending';
}

/** One run over everything open; a processor that cannot be reached leaves its rows for the next run. */
export async function reconcilePayments(db: Knex, provider: PaymentProvider, options: ReconcileOptions): Promise<ReconcileReport> {
  const now = options.now ?? Date.now();
  const before = now - options.graceMs;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const limit = options.batchSize ?? DEFAULT_BATCH;
  let resolved = 0;

  for (const row of await claimRows(db, 'payment_attempts', 'pending', before, now, leaseMs, limit)) {
    const attempt = attemptFromRow(row);
    try {
      if (await reconcileAttempt(db, provider, attempt, options, now)) resolved += 1;
    } catch {
      // The processor or the database failed for this one: its lease ends and the next run asks again.
    }
  }
  for (const row of await claimRows(db, 'payment_refunds', 'pending', before, now, leaseMs, limit)) {
    try {
      if (await reconcileRefund(db, provider, refundFromRow(row), now)) resolved += 1;
    } catch {
      // As above: asked again on the next run.
    }
  }
  return { resolved, unresolved: await paymentsNeedingAttention(db, now, options.graceMs) };
}

/**
 * What staff should look at: attempts still pending past the grace period, attempts whose refund is pending
 * or failed, and order refunds pending past the grace period or failed. Oldest first.
 */
export async function paymentsNeedingAttention(db: Knex, now: number, graceMs: number): Promise<NeedingAttention[]> {
  const before = now - graceMs;
  const [attempts, refunds] = await Promise.all([
    db('payment_attempts as a')
      .leftJoin('orders as o', 'o.id', 'a.order_id')
      .where((b) => b.whereIn('a.status', ['refund_pending', 'refund_failed']).orWhere((p) => p.where('a.status', 'pending').andWhere('a.created_at', '<=', before)))
      .orderBy('a.id')
      .limit(500)
      .select('a.id', 'a.reference', 'a.status', 'a.amount_cents', 'a.currency', 'a.created_at', 'a.updated_at', 'o.number'),
    db('payment_refunds as r')
      .leftJoin('orders as o', 'o.id', 'r.order_id')
      .whereNotNull('r.order_id')
      .where((b) => b.where('r.status', 'failed').orWhere((p) => p.where('r.status', 'pending').andWhere('r.created_at', '<=', before)))
      .orderBy('r.id')
      .limit(500)
      .select('r.id', 'r.reference', 'r.status', 'r.amount_cents', 'r.currency', 'r.created_at', 'r.updated_at', 'o.number'),
  ]);
  const item = (kind: 'attempt' | 'refund') => (r: Record<string, unknown>): NeedingAttention => ({
    kind,
    reference: r.reference as string,
    status: r.status as string,
    amountCents: toInt(r.amount_cents),
    currency: r.currency as string,
    orderNumber: (r.number as string | null) ?? null,
    entityType: kind === 'attempt' ? 'payment_attempt' : 'payment_refund',
    entityId: toInt(r.id),
    createdAt: toInt(r.created_at),
    updatedAt: toInt(r.updated_at),
  });
  return [...attempts.map(item('attempt')), ...refunds.map(item('refund'))].sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Runs the reconciler at start and every config.paymentsReconcileIntervalMs (0: never) on an unref'd timer;
 * closing the app stops the timer and waits for a run under way. Orders it writes get their confirmation email.
 */
export function registerPaymentReconciler(app: FastifyInstance, onOrderPlaced: (placed: { orderId: number; number: string; accessToken: string }) => Promise<void>): void {
  const intervalMs = app.config.paymentsReconcileIntervalMs;
  if (intervalMs <= 0) return;
  let running: Promise<unknown> | null = null;
  let timer: NodeJS.Timeout | null = null;
  const run = () => {
    if (running) return;
    running = reconcilePayments(app.db, app.payments, { graceMs: app.config.paymentsReconcileGraceMs, onOrderPlaced })
      .then((report) => {
        if (report.resolved > 0 || report.unresolved.length > 0) app.log.info({ resolved: report.resolved, unresolved: report.unresolved.length }, 'payments reconciled');
      })
      .catch((err) => app.log.error({ err }, 'payment reconciliation failed'))
      .finally(() => {
        running = null;
      });
  };
  app.addHook('onReady', async () => {
    run();
    timer = setInterval(run, intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}
