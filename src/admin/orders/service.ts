// Back-office orders: the list with its filters, one order with its history and the actions open to it, the CSV export rows.
// The status list is orders/status.ts; the actions and the one call that runs them are orders/lifecycle.ts.
import type { Knex } from 'knex';
import { listAudit } from '../../audit/service';
import { amountsFromRow, orderLineFromRow, paymentFromRow, shippingAddressFromRow } from '../../orders/service';
import { allowedActions, type OrderAction } from '../../orders/lifecycle';
import type { OrderStatus } from '../../orders/status';
import type { MessageKey } from '../../i18n';
import { ValidationError } from '../../lib/errors';
import { toInt } from '../../lib/rows';
import { DAY_MS, parseDayInput } from '../../lib/form-input';
import { creditNotesOfOrder } from '../../invoices/credit-notes';

// ---------------------------------------------------------------------------------------------------
// List

export const ORDERS_PAGE_SIZE = 50;

export interface OrderFilter {
  status: OrderStatus | '';
  /** 'YYYY-MM-DD' or '' (UTC days, both ends included). */
  from: string;
  to: string;
  /** Part of the customer's email. */
  email: string;
  /** Part of the order number. */
  number: string;
}

export interface OrderListRow {
  number: string;
  status: OrderStatus;
  email: string;
  name: string;
  currency: string;
  totalCents: number;
  refundedCents: number;
  placedAt: Date;
}

/** `%text%` for LIKE with '!' as the escape character (the same on SQLite and PostgreSQL). */
function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

function filtered(db: Knex, filter: OrderFilter): Knex.QueryBuilder {
  const q = db('orders');
  if (filter.status) q.where('status', filter.status);
  const from = parseDayInput(filter.from);
  if (from !== null) q.where('created_at', '>=', from);
  const to = parseDayInput(filter.to);
  if (to !== null) q.where('created_at', '<', to + DAY_MS);
  if (filter.email) q.whereRaw("?? like ? escape '!'", ['email', containsPattern(filter.email.trim().toLowerCase())]);
  if (filter.number) q.whereRaw("?? like ? escape '!'", ['number', containsPattern(filter.number.trim().toUpperCase())]);
  return q;
}

export async function listOrders(db: Knex, filter: OrderFilter, page: number): Promise<{ rows: OrderListRow[]; total: number }> {
  const total = toInt((await filtered(db, filter).count({ n: '*' }).first())?.n);
  const rows = await filtered(db, filter)
    .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(ORDERS_PAGE_SIZE)
    .offset((Math.max(1, page) - 1) * ORDERS_PAGE_SIZE)
    .select('number', 'status', 'email', 'ship_name', 'currency', 'total_cents', 'refunded_cents', 'created_at');
  return {
    total,
    rows: rows.map((r: Record<string, unknown>) => ({
      number: r.number as string,
      status: r.status as OrderStatus,
      email: r.email as string,
      name: r.ship_name as string,
      currency: r.currency as string,
      totalCents: toInt(r.total_cents),
      refundedCents: toInt(r.refunded_cents),
      placedAt: new Date(toInt(r.created_at)),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------
// Detail

export interface AdminOrderLine {
  id: number;
  productName: string;
  sku: string;
  label: string;
  quantity: number;
  refundedQuantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

export interface OrderEvent {
  action: string;
  actorEmail: string;
  at: Date;
  trackingNumber: string | null;
  refundCents: number | null;
}

export interface AdminOrder {
  id: number;
  number: string;
  /** Its invoice's number; its credit notes (one per confirmed refund), oldest first. */
  invoiceNumber: string | null;
  creditNotes: { number: string; amountCents: number; issuedAt: Date }[];
  status: OrderStatus;
  email: string;
  userId: number | null;
  currency: string;
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  taxCents: number;
  totalCents: number;
  /** The amounts include VAT (taxCents is inside totalCents); false: taxCents was added on top. */
  pricesIncludeTax: boolean;
  refundedCents: number;
  discountCode: string | null;
  shippingMethodCode: string;
  trackingNumber: string | null;
  address: { name: string; line1: string; line2: string; postalCode: string; city: string; region: string; country: string; phone: string };
  lines: AdminOrderLine[];
  payment: { provider: string; status: string; amountCents: number; brand: string; last4: string } | null;
  placedAt: Date;
  /** Oldest first. */
  history: OrderEvent[];
  allowed: OrderAction[];
}

export async function orderForStaff(db: Knex, number: string): Promise<AdminOrder | null> {
  if (!/^EMP-[0-9A-Z]{10}$/.test(number)) return null;
  const row = await db('orders').where('number', number).first();
  if (!row) return null;
  const id = toInt(row.id);
  const [lineRows, paymentRow, audit, creditNotes] = await Promise.all([
    db('order_lines').where('order_id', id).orderBy('id'),
    db('payments').where('order_id', id).orderBy('id').first(),
    listAudit(db, { entityType: 'order', entityId: String(id) }, 500, 0),
    creditNotesOfOrder(db, id),
  ]);
  const status = row.status as OrderStatus;
  return {
    id,
    number: row.number,
    invoiceNumber: row.invoice_number ?? null,
    creditNotes: creditNotes.map((c) => ({ number: c.number, amountCents: c.amountCents, issuedAt: c.issuedAt })),
    status,
    email: row.email,
    userId: row.user_id === null ? null : toInt(row.user_id),
    ...amountsFromRow(row),
    refundedCents: toInt(row.refunded_cents),
    discountCode: row.discount_code ?? null,
    shippingMethodCode: row.shipping_method,
    trackingNumber: row.tracking_number ?? null,
    address: shippingAddressFromRow(row),
    lines: lineRows.map((l: Record<string, unknown>) => ({ ...orderLineFromRow(l), id: toInt(l.id), refundedQuantity: toInt(l.refunded_quantity) })),
    payment: paymentFromRow(paymentRow),
    placedAt: new Date(toInt(row.created_at)),
    history: audit.entries.reverse().map((e) => {
      const after = (e.after ?? {}) as { trackingNumber?: unknown; refundCents?: unknown };
      return {
        action: e.action,
        actorEmail: e.actorEmail,
        at: e.at,
        trackingNumber: typeof after.trackingNumber === 'string' ? after.trackingNumber : null,
        refundCents: typeof after.refundCents === 'number' ? after.refundCents : null,
      };
    }),
    allowed: allowedActions(status),
  };
}

// ---------------------------------------------------------------------------------------------------
// Export

export interface ExportRow {
  number: string;
  placedAt: string;
  status: OrderStatus;
  email: string;
  name: string;
  country: string;
  currency: string;
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  taxCents: number;
  totalCents: number;
  refundedCents: number;
  trackingNumber: string;
}

/**
 * Orders placed in [fromMs, toMs), oldest first, in batches (keyset on id): the export streams any
 * number of orders without holding them all, nor a connection between batches.
 */
export async function* ordersForExport(db: Knex, fromMs: number, toMs: number, batchSize = 500): AsyncGenerator<ExportRow[]> {
  let afterId = 0;
  for (;;) {
    const rows = await db('orders')
      .where('created_at', '>=', fromMs)
      .andWhere('created_at', '<', toMs)
      .andWhere('id', '>', afterId)
      .orderBy('id')
      .limit(batchSize);
    if (rows.length === 0) return;
    afterId = toInt(rows[rows.length - 1].id);
    yield rows.map((r: Record<string, unknown>) => ({
      number: r.number as string,
      placedAt: new Date(toInt(r.created_at)).toISOString(),
      status: r.status as OrderStatus,
      email: r.email as string,
      name: r.ship_name as string,
      country: r.ship_country as string,
      ...amountsFromRow(r),
      refundedCents: toInt(r.refunded_cents),
      trackingNumber: (r.tracking_number as string | null) ?? '',
    }));
    if (rows.length < batchSize) return;
  }
}

/** The export's range from two 'YYYY-MM-DD' days (both included), or field errors. */
export function exportRange(from: string, to: string): { fromMs: number; toMs: number } {
  const fromMs = parseDayInput(from);
  const toStart = parseDayInput(to);
  const errors: Record<string, MessageKey> = {};
  if (fromMs === null) errors.from = 'admin.orders.error.date';
  if (toStart === null) errors.to = 'admin.orders.error.date';
  if (fromMs !== null && toStart !== null && toStart < fromMs) errors.to = 'admin.orders.error.dateOrder';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { fromMs: fromMs as number, toMs: (toStart as number) + DAY_MS };
}
