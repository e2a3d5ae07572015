// Credit notes: one for each confirmed refund of an order, numbered from its own gap-free sequence on the
// transaction that confirms the refund (payments/attempts.ts settleRefund, or at once for an order without a
// charge). It lists the returned lines with their share of the line's amount and VAT; what the refund holds
// beyond them (shipping, rounding, a cancel's whole rest) is one adjustment. The order's last refund credits
// exactly the VAT not credited yet, so an order refunded in full has credited all its VAT.
import type { Knex } from 'knex';
import { toInt } from '../lib/rows';
import { mulDivHalfUp, BASIS_POINTS } from '../pricing/order-totals';
import { nextDocumentNumber } from './document-numbers';

/** Units of one order line given back by a refund. */
export interface RefundedLine {
  lineId: number;
  quantity: number;
}

export interface CreditNoteLine {
  /** 'line': returned units of an order line; 'adjustment': shipping and rounding credited with them. */
  kind: 'line' | 'adjustment';
  productName: string;
  sku: string;
  label: string;
  quantity: number;
  /** Credited, tax included (positive; printed negative). */
  grossCents: number;
  taxCents: number;
}

export interface CreditNote {
  number: string;
  orderId: number;
  amountCents: number;
  taxCents: number;
  taxRateBp: number;
  lines: CreditNoteLine[];
  issuedAt: Date;
}

/** Reads the returned units stored with a refund (payment_refunds.lines). */
export function parseRefundedLines(json: unknown): RefundedLine[] {
  if (typeof json !== 'string' || json === '') return [];
  try {
    const value = JSON.parse(json) as unknown;
    if (!Array.isArray(value)) return [];
    return value.filter((l): l is RefundedLine => Number.isInteger(l?.lineId) && Number.isInteger(l?.quantity) && l.quantity > 0);
  } catch {
    return [];
  }
}

/** VAT inside a gross amount at a rate, rounded half-up, sign kept. */
function vatIn(grossCents: number, rateBp: number): number {
  const v = mulDivHalfUp(Math.abs(grossCents), rateBp, BASIS_POINTS + rateBp);
  return grossCents < 0 ? -v : v;
}

/** Issues the credit note of a confirmed refund of `amountCents` on the caller's transaction; returns its number. */
export async function issueCreditNote(
  trx: Knex.Transaction,
  input: { orderId: number; refundId: number | null; amountCents: number; lines: readonly RefundedLine[]; now: number },
): Promise<string> {
  const order = await trx('orders').where('id', input.orderId).first('total_cents', 'tax_cents', 'tax_rate_bp');
  if (!order) throw new Error(`order ${input.orderId} not found for its credit note`);
  const rateBp = toInt(order.tax_rate_bp);
  const orderLines = await trx('order_lines').where('order_id', input.orderId).orderBy('id');
  const before = await trx('credit_notes').where('order_id', input.orderId).sum({ amount: 'amount_cents', tax: 'tax_cents' }).first();
  const creditedBefore = toInt(before?.amount);
  const taxCreditedBefore = toInt(before?.tax);

  const lines: CreditNoteLine[] = [];
  for (const r of input.lines) {
    const l = orderLines.find((row: Record<string, unknown>) => toInt(row.id) === r.lineId);
    if (!l) continue;
    const quantity = toInt(l.quantity);
    lines.push({
      kind: 'line',
      productName: l.product_name,
      sku: l.sku,
      label: l.options_label ?? '',
      quantity: r.quantity,
      // The same share lifecycle.ts refunds: the line's amount for the units returned, rounded half-up.
      grossCents: mulDivHalfUp(toInt(l.line_total_cents), r.quantity, quantity),
      taxCents: mulDivHalfUp(toInt(l.line_tax_cents), r.quantity, quantity),
    });
  }
  const linesGross = lines.reduce((s, l) => s + l.grossCents, 0);
  const linesTax = lines.reduce((s, l) => s + l.taxCents, 0);
  const last = creditedBefore + input.amountCents >= toInt(order.total_cents);
  const restGross = input.amountCents - linesGross;
  const restTax = last ? toInt(order.tax_cents) - taxCreditedBefore - linesTax : vatIn(restGross, rateBp);
  if (restGross !== 0 || restTax !== 0) lines.push({ kind: 'adjustment', productName: '', sku: '', label: '', quantity: 0, grossCents: restGross, taxCents: restTax });

  const number = await nextDocumentNumber(trx, 'credit_note', input.now);
  await trx('credit_notes').insert({
    number,
    order_id: input.orderId,
    payment_refund_id: input.refundId,
    amount_cents: input.amountCents,
    tax_cents: linesTax + restTax,
    tax_rate_bp: rateBp,
    lines: JSON.stringify(lines),
    issued_at: input.now,
  });
  return number;
}

export function creditNoteFromRow(r: Record<string, unknown>): CreditNote {
  let lines: CreditNoteLine[] = [];
  try {
    lines = JSON.parse(String(r.lines)) as CreditNoteLine[];
  } catch {
    lines = [];
  }
  return {
    number: r.number as string,
    orderId: toInt(r.order_id),
    amountCents: toInt(r.amount_cents),
    taxCents: toInt(r.tax_cents),
    taxRateBp: toInt(r.tax_rate_bp),
    lines,
    issuedAt: new Date(toInt(r.issued_at)),
  };
}

/** An order's credit notes, oldest first. */
export async function creditNotesOfOrder(db: Knex | Knex.Transaction, orderId: number): Promise<CreditNote[]> {
  return (await db('credit_notes').where('order_id', orderId).orderBy('id')).map(creditNoteFromRow);
}
