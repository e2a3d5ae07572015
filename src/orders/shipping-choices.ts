// The shipping methods a checkout offers, each with what it would cost this cart to this destination.
import type { Knex } from 'knex';
import { quoteCheckout, type CheckoutQuoteInput } from './service';
import { activeShippingMethods, HOME_COUNTRY } from './settings';

export interface ShippingChoice {
  code: string;
  name: string;
  /** What this cart would pay for the method: 0 when a free-shipping rule applies. */
  priceCents: number;
  free: boolean;
}

// Methods are priced for the shop's home country (settings.ts HOME_COUNTRY) until the shopper has chosen a destination.

/**
 * Every active method priced by the quote, so the free-shipping rules (threshold, members, a free-shipping
 * code) are the checkout's own. Where the cart cannot be quoted for the destination (not served, a code that
 * no longer applies) the home country without a code is tried, then the method's list price is shown.
 */
export async function shippingChoices(db: Knex, input: Omit<CheckoutQuoteInput, 'shippingMethodCode'>): Promise<ShippingChoice[]> {
  const methods = await activeShippingMethods(db, input.audience.locale);
  const probe = { ...input, country: input.country || HOME_COUNTRY };
  return Promise.all(
    methods.map(async (m) => {
      let priceCents: number;
      try {
        priceCents = (await quoteCheckout(db, { ...probe, shippingMethodCode: m.code })).totals.shippingCents;
      } catch {
        try {
          priceCents = (await quoteCheckout(db, { ...probe, country: HOME_COUNTRY, region: '', discountCode: null, shippingMethodCode: m.code })).totals.shippingCents;
        } catch {
          priceCents = m.priceCents;
        }
      }
      return { code: m.code, name: m.name, priceCents, free: priceCents === 0 };
    }),
  );
}
