// The order confirmation email: the stored order's summary and the lasting link to its page, sent once per placed order.
import { cardBrandName } from '../payments/card-brand';
import type { Knex } from 'knex';
import { formattersFor, type Locale } from '../i18n';
import type { Mailer } from '../mail/mailer';
import { addressLines } from '../accounts/address-format';
import { orderForViewer } from './service';
import { activeShippingMethods } from './settings';

export interface OrderMailContext {
  locale: Locale;
  publicUrl: string;
  currency: string;
}

/** The link that opens the order without a session; its token is the order's secret. */
export function orderLink(publicUrl: string, number: string, accessToken: string): string {
  return `${publicUrl}/orders/${encodeURIComponent(number)}?token=${encodeURIComponent(accessToken)}`;
}

/**
 * Emails the summary of a just-placed order to the order's email. Reads the order as it was stored (not the
 * cart), through the same access rule as its page, with the token the checkout just received.
 */
export async function sendOrderConfirmation(db: Knex, mailer: Mailer, placed: { number: string; accessToken: string }, context: OrderMailContext): Promise<void> {
  const order = await orderForViewer(db, placed.number, { userId: null, accessToken: placed.accessToken, isStaff: false });
  if (!order) throw new Error(`order ${placed.number} cannot be read with its own access token`);
  // In the language of the order's checkout, whoever sends it (the request, the webhook, the reconciler).
  const locale = order.locale ?? context.locale;
  const f = formattersFor(locale, context.currency);
  const methods = await activeShippingMethods(db, locale);
  const shippingMethodName = methods.find((m) => m.code === order.shippingMethodCode)?.name ?? order.shippingMethodCode;
  const name = order.shippingAddress.name.trim();
  await mailer.sendTemplate({
    to: name ? { email: order.email, name } : { email: order.email },
    locale,
    template: 'order-confirmation',
    subjectKey: 'mail.order.subject',
    subjectParams: { number: order.number },
    model: {
      number: order.number,
      name,
      placed: f.date(order.placedAt),
      link: orderLink(context.publicUrl, order.number, placed.accessToken),
      lines: order.lines.map((l) => ({
        name: l.productName,
        label: l.label,
        quantity: l.quantity,
        unitPrice: f.money(l.unitPriceCents),
        amount: f.money(l.lineSubtotalCents),
      })),
      subtotal: f.money(order.subtotalCents),
      discountCode: order.discountCode,
      discount: order.discountCode ? `−${f.money(order.discountCents)}` : null,
      shippingMethodName,
      shipping: order.shippingCents === 0 ? f.t('checkout.shipping.free') : f.money(order.shippingCents),
      tax: f.money(order.taxCents),
      // Tax-inclusive order: no tax row adds to the total; it says the VAT it includes.
      taxIncluded: order.pricesIncludeTax ? f.t('checkout.review.taxIncluded', { amount: f.money(order.taxCents) }) : null,
      total: f.money(order.totalCents),
      addressLines: addressLines(locale, order.shippingAddress),
      payment: order.payment ? { brand: cardBrandName(order.payment.brand), last4: order.payment.last4 } : null,
    },
  });
}
