// The order statuses: the one list every channel (back office, order pages, REST, GraphQL, live updates) derives from.
//
// The order is the lifecycle's: paid -> fulfilled -> shipped -> delivered, with cancelled and refunded as
// ends (the moves themselves are in lifecycle.ts). The database's check constraint (migration
// create-orders) holds the same words; a new status needs a migration as well as a line here.
export const ORDER_STATUSES = ['paid', 'fulfilled', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}
