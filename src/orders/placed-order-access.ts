// Orders this browser placed, remembered in its session: a guest's confirmation page stays visible, and a repeated checkout form lands on its order.
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** An order this browser placed: its guest link token, so the confirmation page stays visible to the session. */
export interface PlacedOrderAccess {
  number: string;
  accessToken: string;
  /** sha256 of the checkout token that placed it: a repeated submission of the same form lands on it. */
  tokenHash: string;
}

declare module 'fastify' {
  interface Session {
    placedOrders?: PlacedOrderAccess[];
  }
}

// Enough for a shopping session; older orders are reached through the account or the emailed link.
const MAX_REMEMBERED_ORDERS = 10;

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function rememberPlacedOrder(request: FastifyRequest, access: PlacedOrderAccess): void {
  const others = (request.session.placedOrders ?? []).filter((o) => o.number !== access.number);
  request.session.placedOrders = [...others, access].slice(-MAX_REMEMBERED_ORDERS);
}

export function placedOrderByToken(request: FastifyRequest, token: string): PlacedOrderAccess | null {
  const hash = tokenHash(token);
  return (request.session.placedOrders ?? []).find((o) => o.tokenHash === hash) ?? null;
}

/** The guest link token of an order this session placed, for the order page, the REST order and the live channel. */
export function accessTokenInSession(request: FastifyRequest, number: string): string | null {
  return (request.session.placedOrders ?? []).find((o) => o.number === number)?.accessToken ?? null;
}
