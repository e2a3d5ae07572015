// Orders as GraphQL nodes: cursors over a customer's orders and nodes built from the orders module's reads (orders/batches).
import type { Knex } from 'knex';
import type { OrderAmounts, OrderLineView, OrderView, ShippingAddress } from '../orders/service';
import { ordersOfUserAfter, type OrderHead, type OrderPosition } from '../orders/batches';
import type { OrderStatus } from '../orders/status';

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

export function encodeOrderCursor(p: OrderPosition): string {
  return Buffer.from(`k:${p.placedAt}:${p.id}`).toString('base64url');
}

export function decodeOrderCursor(cursor: string): OrderPosition | null {
  const m = /^k:(\d{1,15}):(\d{1,12})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? { placedAt: Number(m[1]), id: Number(m[2]) } : null;
}

function nodeFromHead(head: OrderHead): OrderNode {
  return { ...head, cursor: encodeOrderCursor({ placedAt: head.placedAt.getTime(), id: head.id }) };
}

export function nodeFromView(view: OrderView): OrderNode {
  return { ...view, id: null, cursor: null };
}

/** A customer's orders, newest first, `first` at a time after a cursor's position (orders/batches). */
export async function pageOfOrders(db: Knex, userId: number, first: number, after: OrderPosition | null): Promise<{ nodes: OrderNode[]; hasNextPage: boolean }> {
  const { orders, hasMore } = await ordersOfUserAfter(db, userId, first, after);
  return { nodes: orders.map(nodeFromHead), hasNextPage: hasMore };
}
