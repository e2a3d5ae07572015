// Sends a back-office refund to the payment provider and records the outcome on the order's payment row.
import type { Knex } from 'knex';
import { toInt } from '../lib/rows';
import type { PaymentProvider } from './provider';

export type RefundOutcome = 'refunded' | 'no_payment' | 'failed';

/**
 * Called after the order's transaction has committed (the shop's records already say "refunded"); the
 * idempotency key is the order and the amount refunded before, so a retried request never refunds twice.
 * A provider failure marks the payment 'refund_failed' for a clerk to settle by hand.
 */
export async function refundOrderPayment(db: Knex, provider: PaymentProvider, orderNumber: string, amountCents: number, refundedBefore: number): Promise<RefundOutcome> {
  if (amountCents <= 0) return 'no_payment';
  const payment = await db('payments as p').join('orders as o', 'o.id', 'p.order_id').where('o.number', orderNumber).first('p.id', 'p.charge_id', 'o.id as order_id');
  if (!payment?.charge_id) return 'no_payment';
  const result = await provider.refund({ chargeId: payment.charge_id, amountCents, idempotencyKey: `refund:${toInt(payment.order_id)}:${refundedBefore}` }).catch(() => null);
  if (result?.status === 'succeeded') return 'refunded';
  await db('payments').where('id', payment.id).update({ status: 'refund_failed' });
  return 'failed';
}
