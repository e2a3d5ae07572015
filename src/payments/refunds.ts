// An order's refund after a cancel or a return: recorded pending in the status change's transaction, sent after commit, confirmed only by the processor.
import type { Knex } from 'knex';
import { pendingRefundCents, recordRefund, sendRefund, type PaymentRefund } from './attempts';
import type { PaymentProvider } from './provider';
import { issueCreditNote, type RefundedLine } from '../invoices/credit-notes';

/** 'pending': the processor did not answer; the reconciler asks again with the same key. */
export type RefundOutcome = 'refunded' | 'no_payment' | 'failed' | 'pending';

export { pendingRefundCents };

/**
 * On the status change's transaction: the refund of `amountCents` on the order's charge, recorded pending.
 * Null when the order has no charge (a free order): nothing to ask of a processor, so the amount counts at once.
 */
export async function recordOrderRefund(trx: Knex.Transaction, orderId: number, amountCents: number, now: number, lines: readonly RefundedLine[] = []): Promise<PaymentRefund | null> {
  const payment = await trx('payments').where('order_id', orderId).orderBy('id').first('provider', 'charge_id', 'currency');
  if (!payment?.charge_id) {
    await trx('orders').where('id', orderId).increment('refunded_cents', amountCents);
    // Confirmed at once, so its credit note too.
    await issueCreditNote(trx, { orderId, refundId: null, amountCents, lines, now });
    return null;
  }
  return recordRefund(trx, { orderId, attemptId: null, provider: payment.provider, chargeId: payment.charge_id, amountCents, currency: payment.currency, now, lines });
}

/** After commit: asks the processor for the recorded refund (its key comes from the row) and settles it by the answer. */
export async function sendOrderRefund(db: Knex, provider: PaymentProvider, refund: PaymentRefund | null): Promise<RefundOutcome> {
  if (!refund) return 'no_payment';
  const outcome = await sendRefund(db, provider, refund);
  return outcome === 'succeeded' ? 'refunded' : outcome;
}
