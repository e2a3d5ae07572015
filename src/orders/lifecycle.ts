// The order lifecycle: which action may move an order from which status, and changeOrderStatus, the one call
// that moves it (status, restock, history, live update) and then refunds the card when money goes back.
//
// - Transitions: TRANSITIONS says from which statuses each action may run. The order row is updated with
//   `where status = <read> and refunded_cents = <read>`, so of two clerks acting at once the second
//   changes nothing and gets OrderChangedError (on PostgreSQL its update waits for the first commit, then
//   re-checks the row). The update is the first write of the transaction, so it also serialises the rest.
// - Stock goes back through inventory's changeStock (reasons 'cancel' and 'refund'), the change is
//   recorded with recordAudit, all in the same transaction; the audit entries are the order's history.
// - Money: the refund is recorded as a pending payment_refunds row in that transaction (what is left to
//   refund counts refunds still pending, re-read after the order's row is locked); the card is refunded
//   through the payment provider only after it has committed (refundAfterTransition), with the row's key,
//   so a slow or failing processor never holds the order's rows and a retry never refunds twice.
//   orders.refunded_cents and the payment row's status ('partially_refunded', 'refunded', 'refund_failed')
//   move only on the processor's answer; a refund left without one is asked again by the reconciler.
// - Every channel that changes an order's status calls changeOrderStatus; transitionOrder alone leaves
//   the money with the shop.
import type { Knex } from 'knex';
import { changeStock } from '../inventory/service';
import { recordAudit, type Actor } from '../audit/service';
import { isLocale, type Locale, type MessageKey } from '../i18n';
import { DomainError, NotFoundError, ValidationError } from '../lib/errors';
import { toInt } from '../lib/rows';
import { publishLive } from '../events/bus';
import type { PaymentProvider } from '../payments/provider';
import { pendingRefundCents, recordOrderRefund, sendOrderRefund, type RefundOutcome } from '../payments/refunds';
import type { PaymentRefund } from '../payments/attempts';
import type { OrderStatus } from './status';

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
// Changing an order's status

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
  /** The language of the order's checkout (its emails use it); null: the shop's default. */
  locale: Locale | null;
  trackingNumber: string | null;
  /** Refunded by this action. */
  refundCents: number;
  /** Refunded (or asked) on the order before this action. */
  refundedBefore: number;
  /** The refund this action recorded, to send after commit; null when nothing goes back to a card. */
  pendingRefund: PaymentRefund | null;
  /** What was restocked, by line. */
  returned: { productName: string; label: string; quantity: number }[];
}

const TRACKING_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 ._\/-]{2,99}$/;

/**
 * Runs one action on the order in one transaction, or throws (nothing changed). The shop's side only:
 * channels call changeOrderStatus, which also sends the refund to the payment provider.
 */
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
    const confirmedCents = toInt(order.refunded_cents);
    // Asked and not yet confirmed counts as given back: never ask the processor for the same money twice.
    const pendingCents = await pendingRefundCents(trx, orderId);
    const refundedBefore = confirmedCents + pendingCents;

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
    if (action === 'ship') changes.tracking_number = trackingNumber;
    const updated = await trx('orders').where({ id: orderId, status, refunded_cents: confirmedCents }).update(changes);
    if (updated === 0) throw new OrderChangedError();
    // The update holds the order's row lock: a refund another clerk recorded meanwhile is visible now.
    if ((await pendingRefundCents(trx, orderId)) !== pendingCents) throw new OrderChangedError();

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

    const refundedLines = [...back].map(([lineId, quantity]) => ({ lineId, quantity }));
    const pendingRefund = refundCents > 0 ? await recordOrderRefund(trx, orderId, refundCents, now, refundedLines) : null;

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
      locale: isLocale(order.locale) ? order.locale : null,
      trackingNumber: action === 'ship' ? trackingNumber : (order.tracking_number ?? null),
      refundCents,
      refundedBefore,
      pendingRefund,
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

export interface StatusChange extends TransitionResult {
  /** What the payment provider made of this action's refund; null when no money went back. */
  refund: RefundOutcome | null;
}

export interface LifecycleDeps {
  db: Knex;
  payments: PaymentProvider;
}

/**
 * Runs one action on the order (status, restock, history, live update, in one transaction), then sends
 * the refund it decided to the payment provider. Throws ValidationError, NotFoundError,
 * TransitionRefusedError or OrderChangedError with nothing changed. Once the transaction has committed it
 * does not throw for the money: a refund the provider refused comes back as 'failed' (the payment is
 * marked 'refund_failed' and listed under payments needing attention), one it did not answer as 'pending'.
 */
export async function changeOrderStatus(
  deps: LifecycleDeps,
  actor: Actor,
  number: string,
  action: OrderAction,
  input: TransitionInput = {},
  now = Date.now(),
): Promise<StatusChange> {
  const result = await transitionOrder(deps.db, actor, number, action, input, now);
  return { ...result, refund: await refundAfterTransition(deps, result) };
}

/**
 * The money step of a status change, after its transaction has committed: the amount the transition
 * refunded goes back to the card through the payment provider.
 */
export async function refundAfterTransition(deps: LifecycleDeps, result: TransitionResult): Promise<RefundOutcome | null> {
  if (result.refundCents <= 0) return null;
  return sendOrderRefund(deps.db, deps.payments, result.pendingRefund);
}
