// How far a cart is from free delivery, by the same rule as order-totals.ts (rule 4): free when the subtotal
// before any code reaches a method's freeAboveCents, or for members on a method free for members.
import type { ShippingMethod } from './order-totals';

export type FreeShippingProgress =
  | { kind: 'member' }
  | { kind: 'reached'; thresholdCents: number }
  | { kind: 'missing'; thresholdCents: number; missingCents: number };

/**
 * The nearest free delivery for this subtotal (as the cart shows it, before a code): null when no method is
 * ever free. The lowest threshold among the active methods is the one a shopper can reach soonest.
 */
export function freeShippingProgress(methods: readonly ShippingMethod[], subtotalCents: number, member: boolean): FreeShippingProgress | null {
  if (member && methods.some((m) => m.freeForMembers)) return { kind: 'member' };
  const thresholds = methods.flatMap((m) => (m.freeAboveCents === null ? [] : [m.freeAboveCents]));
  if (thresholds.length === 0) return null;
  const thresholdCents = Math.min(...thresholds);
  if (subtotalCents >= thresholdCents) return { kind: 'reached', thresholdCents };
  return { kind: 'missing', thresholdCents, missingCents: thresholdCents - subtotalCents };
}

/** The method a product page names for delivery: the cheapest, with the lowest free threshold among equals. */
export function headlineShipping<M extends ShippingMethod>(methods: readonly M[]): M | null {
  return [...methods].sort((a, b) => a.priceCents - b.priceCents || (a.freeAboveCents ?? Infinity) - (b.freeAboveCents ?? Infinity))[0] ?? null;
}
