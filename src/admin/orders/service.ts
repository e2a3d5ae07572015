// Back-office orders: the list, one order with its history, the status transitions (one table) and the CSV export rows.
//
// - Transitions: TRANSITIONS says from which statuses each action may run. The order row is updated with
//   `where status = <read> and refunded_cents = <read>`, so of two clerks acting at once the second
//   changes nothing and gets OrderChangedError (on PostgreSQL its update waits for the first commit, then
//   re-checks the row). The update is the first write of the transaction, so it also serialises the rest.
// - Stock goes back through inventory's changeStock (reasons 'cancel' and 'refund'), the change is
//   recorded with recordAudit, all in the same transaction; the audit entries are the order's history.
// - Money: the payment row's status follows the refunds ('partially_refunded', 'refunded'). The card
//   processor is not called from here: checkout keeps its provider to itself, so a clerk refunds the card
//   in the processor's dashboard (see the report); the amounts recorded here are what to refund.
import type { Knex } from 'knex';
import { changeStock } from '../../inventory/service';
import { listAudit, recordAudit, type Actor } from '../../audit/service';
import { amountsFromRow, orderLineFromRow, paymentFromRow, shippingAddressFromRow, type OrderStatus } from '../../orders/service';
import type { MessageKey } from '../../i18n';
import { DomainError, NotFoundError, ValidationError } from '../../lib/errors';
import { toInt } from '../../lib/rows';
import { DAY_MS, parseDayInput } from '../../lib/form-input';
import { publishLive } from '../../events/bus';

export const ORDER_STATUSES: readonly OrderStatus[] = ['paid', 'fulfilled', 'shipped', 'delivered', 'cancelled', 'refunded'];
export type OrderAction = 'fulfil' | 'ship' | 'deliver' | 'cancel' | 'refund';
export const ORDER_ACTIONS: readonly OrderAction[] = ['fulfil', 'ship', 'deliver', 'cancel', 'refund'];

/**
 * The one table of allowed transitions. A refund moves the order to 'refunded' only when every unit has
 * been refunded; a partial refund leaves the status as it was.
 */
export const TRANSITIONS: Record<OrderAction, { from: readonly OrderStatus[]; to: OrderStatus; refusedKey: MessageKey }> = {
  fulfil: { from: ['paid'], to: 'fulfilled', refusedKey: 'admin.orders.refused.fulfil' },
  ship: { from: ['fulfilled'], to: 'shipped', refusedKey: 'admin.orders.refused.ship' },
  deliver: { from: ['shipped'], to: 'delivered', refusedKey: 'admin.orders.refused.deliver' },
  cancel: { from: ['paid', 'fulfilled'], to: 'cancelled', refusedKey: 'admin.orders.refused.cancel' },
  refund: { from: ['shipped', 'delivered'], to: 'refunded', refusedKey: 'admin.orders.refused.refund' },
};

export function isOrderAction(value: unknown): value is OrderAction {
  return typeof value === 'string' && (ORDER_ACTIONS as readonly string[]).includes(value);
}

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

export function allowedActions(status: OrderStatus): OrderAction[] {
  return ORDER_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status));
}

/** The action does not apply to the order's current status (e.g. shipping a cancelled order). */
export class TransitionRefusedError extends DomainError {
  constructor(readonly action: OrderAction, readonly orderStatus: OrderStatus) {
    super(TRANSITIONS[action].refusedKey, 409);
  }
}

/** Someone else changed the order between reading and writing it. */
export class OrderChangedError extends DomainError {
  constructor() {
    super('admin.orders.error.changed', 409);
  }
}

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
  status: OrderStatus;
  email: string;
  userId: number | null;
  currency: string;
  subtotalCents: number;
  discountCents: number;
  shippingCents: number;
  taxCents: number;
  totalCents: number;
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
  const [lineRows, paymentRow, audit] = await Promise.all([
    db('order_lines').where('order_id', id).orderBy('id'),
    db('payments').where('order_id', id).orderBy('id').first(),
    listAudit(db, { entityType: 'order', entityId: String(id) }, 500, 0),
  ]);
  const status = row.status as OrderStatus;
  return {
    id,
    number: row.number,
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
// Transitions

export interface TransitionInput {
  /** ship: the carrier's tracking number. */
  trackingNumber?: string;
  /** refund: everything not yet refunded. */
  full?: boolean;
  /** refund by line: order line id -> units returned now. */
  lines?: Map<number, number>;
}

export interface TransitionResult {
  number: string;
  email: string;
  name: string;
  userId: number | null;
  action: OrderAction;
  status: OrderStatus;
  currency: string;
  trackingNumber: string | null;
  /** Refunded by this action. */
  refundCents: number;
  /** Refunded on the order before this action (the refund's idempotency key). */
  refundedBefore: number;
  /** What was restocked, by line. */
  returned: { productName: string; label: string; quantity: number }[];
}

const TRACKING_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 ._\/-]{2,99}$/;

/** Runs one action on the order in one transaction, or throws (nothing changed). */
export async function transitionOrder(
  db: Knex,
  actor: Actor,
  number: string,
  action: OrderAction,
  input: TransitionInput = {},
  now = Date.now(),
): Promise<TransitionResult> {
  const trackingNumber = (input.trackingNumber ?? '').trim();
  if (action === 'ship' && !TRACKING_NUMBER.test(trackingNumber)) {
    throw new ValidationError({ trackingNumber: trackingNumber === '' ? 'admin.orders.error.trackingRequired' : 'admin.orders.error.trackingInvalid' });
  }

  return db.transaction(async (trx) => {
    const order = await trx('orders').where('number', number).first();
    if (!order) throw new NotFoundError();
    const orderId = toInt(order.id);
    const status = order.status as OrderStatus;
    if (!TRANSITIONS[action].from.includes(status)) throw new TransitionRefusedError(action, status);

    const lines = (await trx('order_lines').where('order_id', orderId).orderBy('id')).map((l: Record<string, unknown>) => ({
      id: toInt(l.id),
      variantId: l.variant_id === null || l.variant_id === undefined ? null : toInt(l.variant_id),
      productName: l.product_name as string,
      label: l.options_label as string,
      sku: l.sku as string,
      quantity: toInt(l.quantity),
      refunded: toInt(l.refunded_quantity),
      lineTotalCents: toInt(l.line_total_cents),
    }));
    const totalCents = toInt(order.total_cents);
    const refundedBefore = toInt(order.refunded_cents);

    // Units going back on the shelf, by line.
    let back = new Map<number, number>();
    let refundCents = 0;
    let newStatus = TRANSITIONS[action].to;
    if (action === 'cancel') {
      for (const l of lines) if (l.quantity - l.refunded > 0) back.set(l.id, l.quantity - l.refunded);
      refundCents = totalCents - refundedBefore;
    } else if (action === 'refund') {
      back = refundQuantities(lines, input);
      const everything = lines.every((l) => l.refunded + (back.get(l.id) ?? 0) === l.quantity);
      const byLines = lines.reduce((sum, l) => sum + Math.round((l.lineTotalCents * (back.get(l.id) ?? 0)) / l.quantity), 0);
      // The last refund takes what is left (shipping and rounding included), so a full refund is exactly the total.
      refundCents = everything ? totalCents - refundedBefore : Math.min(byLines, totalCents - refundedBefore);
      newStatus = everything ? 'refunded' : status;
    }

    const changes: Record<string, unknown> = { status: newStatus, updated_at: now };
    if (refundCents > 0) changes.refunded_cents = refundedBefore + refundCents;
    if (action === 'ship') changes.tracking_number = trackingNumber;
    const updated = await trx('orders').where({ id: orderId, status, refunded_cents: refundedBefore }).update(changes);
    if (updated === 0) throw new OrderChangedError();

    const returned: TransitionResult['returned'] = [];
    for (const l of [...lines].sort((a, b) => (a.variantId ?? 0) - (b.variantId ?? 0))) {
      const quantity = back.get(l.id) ?? 0;
      if (quantity === 0) continue;
      if (action === 'refund') {
        const done = await trx('order_lines')
          .where({ id: l.id, refunded_quantity: l.refunded })
          .update({ refunded_quantity: l.refunded + quantity });
        if (done === 0) throw new OrderChangedError();
      }
      // A variant deleted since the sale has no shelf to go back to; the refund still stands.
      if (l.variantId !== null) {
        await changeStock(trx, { variantId: l.variantId, change: quantity, reason: action === 'cancel' ? 'cancel' : 'refund', orderId, actorUserId: actor.id, now });
      }
      returned.push({ productName: l.productName, label: l.label, quantity });
    }

    if (refundCents > 0) {
      const fully = refundedBefore + refundCents >= totalCents;
      await trx('payments').where('order_id', orderId).update({ status: fully ? 'refunded' : 'partially_refunded' });
    }

    await recordAudit(trx, actor, {
      action: `order.${action}`,
      entityType: 'order',
      entityId: orderId,
      before: { status, refundedCents: refundedBefore, trackingNumber: order.tracking_number ?? null },
      after: {
        status: newStatus,
        refundedCents: refundedBefore + refundCents,
        trackingNumber: action === 'ship' ? trackingNumber : (order.tracking_number ?? null),
        refundCents,
        returned: lines.filter((l) => back.has(l.id)).map((l) => ({ sku: l.sku, quantity: back.get(l.id) })),
      },
      now,
    });

    // The customer's open order page hears of it at commit; a partial refund keeps the status, so says nothing.
    if (newStatus !== status) await publishLive(trx, { type: 'order-status', number: order.number, status: newStatus });

    return {
      number: order.number,
      email: order.email,
      name: order.ship_name,
      userId: order.user_id === null ? null : toInt(order.user_id),
      action,
      status: newStatus,
      currency: order.currency,
      trackingNumber: action === 'ship' ? trackingNumber : (order.tracking_number ?? null),
      refundCents,
      refundedBefore,
      returned,
    };
  });
}

/** The units a refund returns by line: everything left for a full refund, else the chosen quantities (checked). */
function refundQuantities(lines: { id: number; quantity: number; refunded: number }[], input: TransitionInput): Map<number, number> {
  const back = new Map<number, number>();
  if (input.full) {
    for (const l of lines) if (l.quantity - l.refunded > 0) back.set(l.id, l.quantity - l.refunded);
  } else {
    const errors: Record<string, MessageKey> = {};
    for (const [lineId, quantity] of input.lines ?? []) {
      const line = lines.find((l) => l.id === lineId);
      if (!line || !Number.isInteger(quantity) || quantity < 0 || quantity > line.quantity - line.refunded) {
        errors[`line-${lineId}`] = 'admin.orders.error.refundTooMany';
      } else if (quantity > 0) {
        back.set(lineId, quantity);
      }
    }
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  }
  if (back.size === 0) throw new ValidationError({ lines: 'admin.orders.error.refundNothing' });
  return back;
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
