// What the checkout steps remember between pages (in the session), and which step a shopper must finish next.
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ShippingAddress } from '../orders/service';

export interface CheckoutState {
  email?: string;
  address?: ShippingAddress;
  /** The address-book entry the address came from, to pre-select it again. */
  addressId?: number;
  shippingMethodCode?: string;
  /** The one-time token of the payment form last rendered (newCheckoutToken). */
  token?: string;
}

/** An order this browser placed: its guest link token, so the confirmation page stays visible to the session. */
export interface PlacedOrderAccess {
  number: string;
  accessToken: string;
  /** sha256 of the checkout token that placed it: a repeated submission of the same form lands on it. */
  tokenHash: string;
}

declare module 'fastify' {
  interface Session {
    checkout?: CheckoutState;
    placedOrders?: PlacedOrderAccess[];
  }
}

// Enough for a shopping session; older orders are reached through the account or the emailed link.
const MAX_REMEMBERED_ORDERS = 10;

export function checkoutState(request: FastifyRequest): CheckoutState {
  return request.session.checkout ?? {};
}

export function updateCheckout(request: FastifyRequest, changes: Partial<CheckoutState>): CheckoutState {
  const next = { ...checkoutState(request), ...changes };
  request.session.checkout = next;
  return next;
}

export function clearCheckout(request: FastifyRequest): void {
  request.session.checkout = undefined;
}

export type CheckoutStep = 'contact' | 'shipping' | 'discount' | 'review';

/** The first step still missing before `step` can be shown, or null when everything before it is done. */
export function missingStepBefore(state: CheckoutState, step: CheckoutStep): CheckoutStep | null {
  if (step === 'contact') return null;
  if (!state.email) return 'contact';
  if (step === 'shipping') return null;
  if (!state.address || !state.shippingMethodCode) return 'shipping';
  return null;
}

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

export function accessTokenInSession(request: FastifyRequest, number: string): string | null {
  return (request.session.placedOrders ?? []).find((o) => o.number === number)?.accessToken ?? null;
}
