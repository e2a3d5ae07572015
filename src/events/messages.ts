// What the event bus carries between instances: the events (ids and states only) and the check of their wire form.
// Only leaf modules below: every service imports the bus, so an import of a service here would close a circle.
import type { StockState } from '../lib/stock';
import { isOrderStatus, type OrderStatus } from '../orders/status';

/** Published by the services (publishLive); every instance hears every event of its database. */
export type LiveEvent =
  | { type: 'stock'; slug: string; variantId: number; stock: StockState }
  | { type: 'order-status'; number: string; status: OrderStatus }
  | { type: 'order-new'; number: string; totalCents: number; currency: string; placedAt: number; itemCount: number }
  /** The catalog changed: other instances drop their cached pages (never sent to sockets). */
  | { type: 'catalog-invalidate' };

export interface BusMessage {
  /** The instance that published it, when it must not act on its own event (catalog-invalidate). */
  origin: string | null;
  event: LiveEvent;
}

const STOCK_KINDS = new Set(['in_stock', 'low', 'sold_out']);

function isString(v: unknown, max = 200): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= max;
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

/** Checks what arrives from the database's notification channel: anything malformed is dropped, never forwarded. */
export function parseBusMessage(text: string): BusMessage | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { origin, event } = raw as { origin?: unknown; event?: Record<string, unknown> };
  if (origin !== null && !isString(origin, 100)) return null;
  if (typeof event !== 'object' || event === null) return null;
  switch (event.type) {
    case 'stock': {
      const stock = event.stock as { kind?: unknown; left?: unknown } | null;
      if (!isString(event.slug) || !isInt(event.variantId) || typeof stock !== 'object' || stock === null || !STOCK_KINDS.has(stock.kind as string)) return null;
      const state: StockState = stock.kind === 'low' ? { kind: 'low', left: isInt(stock.left) ? stock.left : 0 } : { kind: stock.kind as 'in_stock' | 'sold_out' };
      return { origin, event: { type: 'stock', slug: event.slug, variantId: event.variantId, stock: state } };
    }
    case 'order-status':
      if (!isString(event.number, 40) || !isOrderStatus(event.status)) return null;
      return { origin, event: { type: 'order-status', number: event.number, status: event.status } };
    case 'order-new':
      if (!isString(event.number, 40) || !isInt(event.totalCents) || !isString(event.currency, 3) || !isInt(event.placedAt) || !isInt(event.itemCount)) return null;
      return {
        origin,
        event: { type: 'order-new', number: event.number, totalCents: event.totalCents, currency: event.currency, placedAt: event.placedAt, itemCount: event.itemCount },
      };
    case 'catalog-invalidate':
      return { origin, event: { type: 'catalog-invalidate' } };
    default:
      return null;
  }
}
