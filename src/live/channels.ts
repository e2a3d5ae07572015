// The channels a socket may join and the message each bus event becomes on them: the socket face of the events.
import type { LiveEvent } from '../events/messages';

export const ADMIN_ORDERS_CHANNEL = 'admin:orders';

export function productChannel(slug: string): string {
  return `product:${slug}`;
}

export function orderChannel(number: string): string {
  return `order:${number}`;
}

/** The channel and JSON text a socket receives for an event, or null for events that stay on the server. */
export function socketMessageFor(event: LiveEvent): { channel: string; text: string } | null {
  switch (event.type) {
    case 'stock': {
      const channel = productChannel(event.slug);
      return { channel, text: JSON.stringify({ type: 'stock', channel, variantId: event.variantId, stock: event.stock }) };
    }
    case 'order-status': {
      const channel = orderChannel(event.number);
      return { channel, text: JSON.stringify({ type: 'order-status', channel, number: event.number, status: event.status }) };
    }
    case 'order-new':
      return {
        channel: ADMIN_ORDERS_CHANNEL,
        text: JSON.stringify({
          type: 'order-new',
          channel: ADMIN_ORDERS_CHANNEL,
          number: event.number,
          totalCents: event.totalCents,
          currency: event.currency,
          placedAt: event.placedAt,
          itemCount: event.itemCount,
        }),
      };
    default:
      return null;
  }
}
