// The price a shopper pays for a variant: the member price for Plus members when the variant has one.

export interface Priced {
  /** The regular price in cents, as the shop enters it: VAT included when the shop's prices include tax. */
  priceCents: number;
  memberPriceCents: number | null;
}

export function unitPrice(variant: Priced, member: boolean): number {
  return member && variant.memberPriceCents !== null ? Math.min(variant.memberPriceCents, variant.priceCents) : variant.priceCents;
}
