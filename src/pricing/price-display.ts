// How a price is shown to an audience: what they pay, the regular price struck through, or the Plus teaser; one rule for every channel.
import { unitPrice, type Priced } from './unit-price';

export interface PriceDisplay {
  /** What this audience pays. */
  priceCents: number;
  /** Members paying less than the regular price: the regular price, shown struck through; otherwise null. */
  regularPriceCents: number | null;
  /** Everyone else, when members pay less: the member price, shown as a teaser ("Plus members pay €X"); otherwise null. */
  memberTeaserCents: number | null;
}

/**
 * The price of a variant, or of a product from its lowest regular and lowest member price, as the product
 * pages and cards, the cart, the REST catalog and GraphQL show it.
 */
export function priceDisplay(prices: Priced, member: boolean): PriceDisplay {
  const priceCents = unitPrice(prices, member);
  return {
    priceCents,
    regularPriceCents: member && priceCents < prices.priceCents ? prices.priceCents : null,
    memberTeaserCents: !member && prices.memberPriceCents !== null && prices.memberPriceCents < prices.priceCents ? prices.memberPriceCents : null,
  };
}
