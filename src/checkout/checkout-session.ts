// What the checkout steps remember between pages (in the session), and which step a shopper must finish next.
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

declare module 'fastify' {
  interface Session {
    checkout?: CheckoutState;
  }
}

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

export type CheckoutStep = 'contact' | 'shipping' | 'review';

/** The first step still missing before `step` can be shown, or null when everything before it is done. */
export function missingStepBefore(state: CheckoutState, step: CheckoutStep): CheckoutStep | null {
  if (step === 'contact') return null;
  if (!state.email) return 'contact';
  if (step === 'shipping') return null;
  if (!state.address || !state.shippingMethodCode) return 'shipping';
  return null;
}
