// Orders read many at a time, for channels that page by cursor and resolve fields in batches (GraphQL).
import type { Knex } from 'knex';
import { toInt } from '../lib/rows';
import { amountsFromRow, orderLineFromRow, shippingAddressFromRow, type OrderAmounts, type OrderLineView, type ShippingAddress } from './service';
import type { OrderStatus } from './status';

/** An order without its lines and payment: what a list of orders shows. */
export interface OrderHead extends OrderAmounts {
  /** Internal id, for loading the lines of many orders at once (linesOfOrders). */
  id: number;
  number: string;
  status: OrderStatus;
  userId: number | null;
  discountCode: string | null;
  shippingMethodCode: string;
  shippingAddress: ShippingAddress;
  placedAt: Date;
}

/** Where a page of a customer's orders stops: the last order's time and id. */
export interface OrderPosition {
  placedAt: number;
  id: number;
}

const HEAD_COLUMNS = [
  'id', 'number', 'status', 'user_id', 'currency', 'subtotal_cents', 'discount_cents', 'shipping_cents', 'tax_cents', 'total_cents', 'prices_include_tax',
  'discount_code', 'shipping_method', 'ship_name', 'ship_line1', 'ship_line2', 'ship_postal_code', 'ship_city', 'ship_region', 'ship_country', 'ship_phone', 'created_at',
];

function headFromRow(r: Record<string, unknown>): OrderHead {
  return {
    id: toInt(r.id),
    number: r.number as string,
    status: r.status as OrderStatus,
    userId: r.user_id === null ? null : toInt(r.user_id),
    ...amountsFromRow(r),
    discountCode: (r.discount_code as string | null) ?? null,
    shippingMethodCode: r.shipping_method as string,
    shippingAddress: shippingAddressFromRow(r),
    placedAt: new Date(toInt(r.created_at)),
  };
}

/**
 * A customer's orders, newest first (as the account page lists them), `first` at a time after a position.
 * Keyset on (time, id), so orders placed meanwhile neither repeat nor shift a page.
 */
export async function ordersOfUserAfter(db: Knex, userId: number, first: number, after: OrderPosition | null): Promise<{ orders: OrderHead[]; hasMore: boolean }> {
  const q = db('orders').where('user_id', userId);
  if (after) q.andWhere((b) => b.where('created_at', '<', after.placedAt).orWhere((same) => same.where('created_at', after.placedAt).andWhere('id', '<', after.id)));
  const rows = await q.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(first + 1).select(HEAD_COLUMNS);
  return { orders: rows.slice(0, first).map(headFromRow), hasMore: rows.length > first };
}

export async function countOrdersOfUser(db: Knex, userId: number): Promise<number> {
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
