// The order-totals block's view model (views/partials/order-totals.eta): what each row says, decided here, not in a template.
import type { OrderAmounts } from './service';

export interface OrderTotalsView {
  subtotalCents: number;
  /** The applied code; null: no discount row. */
  discountCode: string | null;
  discountCents: number;
  shippingMethodName: string;
  /** Shipping costs nothing (threshold, membership or a code): the row says "Free" rather than a zero amount. */
  shippingFree: boolean;
  shippingCents: number;
  taxCents: number;
  totalCents: number;
  /** The amounts include VAT: no tax row is added; the total says "incl. €X VAT" instead. */
  pricesIncludeTax: boolean;
  /** Money given back so far; null: no refund row. */
  refundedCents: number | null;
}

type Amounts = Pick<OrderAmounts, 'subtotalCents' | 'discountCents' | 'shippingCents' | 'taxCents' | 'totalCents' | 'pricesIncludeTax'>;

/** The totals of a quote or a stored order; pass refundedCents where the reader should see refunds (the back office). */
export function orderTotalsView(amounts: Amounts, details: { discountCode: string | null; shippingMethodName: string; refundedCents?: number }): OrderTotalsView {
  return {
    subtotalCents: amounts.subtotalCents,
    discountCode: details.discountCode,
    discountCents: amounts.discountCents,
    shippingMethodName: details.shippingMethodName,
    shippingFree: amounts.shippingCents === 0,
    shippingCents: amounts.shippingCents,
    taxCents: amounts.taxCents,
    totalCents: amounts.totalCents,
    pricesIncludeTax: amounts.pricesIncludeTax,
    refundedCents: details.refundedCents !== undefined && details.refundedCents > 0 ? details.refundedCents : null,
  };
}
