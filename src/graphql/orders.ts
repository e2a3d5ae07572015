// Reading orders for GraphQL in pages and batches: a customer's orders by cursor, and the lines of many orders in one query.
import type { Knex } from 'knex';
import { amountsFromRow, orderLineFromRow, shippingAddressFromRow, type OrderAmounts, type OrderLineView, type OrderStatus, type OrderView, type ShippingAddress } from '../orders/service';
import { toInt } from '../lib/rows';

/** An order as the schema's Order resolves it: from a page of a customer's orders, or from orderForViewer (lines included). */
export interface OrderNode extends OrderAmounts {
  /** Internal id, for loading lines in a batch; null when the lines came with the order. */
  id: number | null;
  number: string;
  status: OrderStatus;
  userId: number | null;
  discountCode: string | null;
  shippingMethodCode: string;
  shippingAddress: ShippingAddress;
  placedAt: Date;
  lines?: OrderLineView[];
  /** Where the next page starts, for orders read as a page. */
  cursor: string | null;
}

interface Position {
  placedAt: number;
  id: number;
}

export function encodeOrderCursor(p: Position): string {
  return Buffer.from(`k:${p.placedAt}:${p.id}`).toString('base64url');
}

export function decodeOrderCursor(cursor: string): Position | null {
  const m = /^k:(\d{1,15}):(\d{1,12})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? { placedAt: Number(m[1]), id: Number(m[2]) } : null;
}

const ORDER_COLUMNS = [
  'id', 'number', 'status', 'user_id', 'currency', 'subtotal_cents', 'discount_cents', 'shipping_cents', 'tax_cents', 'total_cents',
  'discount_code', 'shipping_method', 'ship_name', 'ship_line1', 'ship_line2', 'ship_postal_code', 'ship_city', 'ship_region', 'ship_country', 'ship_phone', 'created_at',
];

function nodeFromRow(r: Record<string, unknown>): OrderNode {
  const id = toInt(r.id);
  const placedAt = toInt(r.created_at);
  return {
    id,
    number: r.number as string,
    status: r.status as OrderStatus,
    userId: r.user_id === null ? null : toInt(r.user_id),
    ...amountsFromRow(r),
    discountCode: (r.discount_code as string | null) ?? null,
    shippingMethodCode: r.shipping_method as string,
    shippingAddress: shippingAddressFromRow(r),
    placedAt: new Date(placedAt),
    cursor: encodeOrderCursor({ placedAt, id }),
  };
}

export function nodeFromView(view: OrderView): OrderNode {
  return { ...view, id: null, cursor: null };
}

/**
 * A customer's orders, newest first (as the account page lists them), `first` at a time after a cursor.
 * The cursor holds the last order's time and id, so orders placed meanwhile neither repeat nor shift a page.
 */
export async function pageOfOrders(db: Knex, userId: number, first: number, after: Position | null): Promise<{ nodes: OrderNode[]; hasNextPage: boolean }> {
  const q = db('orders').where('user_id', userId);
  if (after) q.andWhere((b) => b.where('created_at', '<', after.placedAt).orWhere((same) => same.where('created_at', after.placedAt).andWhere('id', '<', after.id)));
  const rows = await q.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(first + 1).select(ORDER_COLUMNS);
  return { nodes: rows.slice(0, first).map(nodeFromRow), hasNextPage: rows.length > first };
}

export async function countOrders(db: Knex, userId: number): Promise<number> {
  const row = await db('orders').where('user_id', userId).count({ n: '*' }).first();
  return toInt(row?.n);
}

/** The lines of many orders in one query, each order's in the order they were written. */
export async function linesOfOrders(db: Knex, orderIds: number[]): Promise<Map<number, OrderLineView[]>> {
  const map = new Map<number, OrderLineView[]>();
  if (orderIds.length === 0) return map;
  const rows = await db('order_lines').whereIn('order_id', [...new Set(orderIds)]).orderBy(['order_id', 'id']);
  for (const l of rows as Record<string, unknown>[]) {
    const orderId = toInt(l.order_id);
    const list = map.get(orderId) ?? [];
    list.push(orderLineFromRow(l));
    map.set(orderId, list);
  }
  return map;
}
