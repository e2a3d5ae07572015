// Order pages: the confirmation / order page for its customer, its guest session or link, and staff; a customer's order history.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formattersFor, type Locale } from '../i18n';
import { NotFoundError } from '../lib/errors';
import { hasRole, requireUser } from '../plugins/auth';
import { takeFlash } from '../plugins/flash';
import { accessTokenInSession } from './placed-order-access';
import { addressLines } from '../accounts/address-format';
import { buildCreditNotePdf, buildInvoicePdf, type SellerOnDocument } from './invoice';
import { loadShopSettings } from '../settings/shop-settings';
import { orderTotalsView } from './totals-view';
import { orderForViewer, ordersOfUser } from './service';
import { activeShippingMethods } from './settings';
import { ORDER_STATUSES } from './status';
import { cardBrandName } from '../payments/card-brand';

export async function orderRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;

  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  /** The order when this request may see it (its customer, its guest session, its link's token, staff); otherwise 404. */
  async function orderForRequest(request: FastifyRequest<{ Params: { number: string }; Querystring: { token?: string } }>) {
    const number = request.params.number;
    const fromLink = typeof request.query.token === 'string' && request.query.token !== '' ? request.query.token : null;
    const fromSession = accessTokenInSession(request, number);
    const order = await orderForViewer(db, number, {
      userId: request.user?.id ?? null,
      accessToken: fromLink ?? fromSession,
      isStaff: hasRole(request.user, 'staff'),
    });
    if (!order) throw new NotFoundError();
    return { order, fromLink, fromSession };
  }

  async function shippingMethodNameOf(code: string, locale: Locale): Promise<string> {
    const methods = await activeShippingMethods(db, locale);
    return methods.find((m) => m.code === code)?.name ?? code;
  }

  app.get<{ Params: { number: string }; Querystring: { token?: string } }>('/orders/:number', async (request, reply) => {
    const { order, fromLink, fromSession } = await orderForRequest(request);
    // The link's token is a secret: never let it leak through the Referer of a link on this page.
    reply.header('referrer-policy', 'no-referrer');
    const { t } = formattersFor(request.locale, order.currency);
    return reply.render('orders/order', {
      order,
      totals: orderTotalsView(order, { discountCode: order.discountCode, shippingMethodName: await shippingMethodNameOf(order.shippingMethodCode, request.locale) }),
      // Whoever came by the link needs its token for the invoice too; a session or an account carries itself.
      invoiceHref: `/orders/${order.number}/invoice.pdf${fromLink ? `?token=${encodeURIComponent(fromLink)}` : ''}`,
      creditNotes: order.creditNotes.map((c) => ({ number: c.number, href: `/orders/${order.number}/credit-notes/${c.number}.pdf${fromLink ? `?token=${encodeURIComponent(fromLink)}` : ''}` })),
      addressLines: addressLines(request.locale, order.shippingAddress),
      cardBrand: order.payment ? cardBrandName(order.payment.brand) : null,
      // The buyer (not staff looking in) is told where the confirmation went and what happens next.
      forBuyer: order.userId === null ? Boolean(fromLink ?? fromSession) : order.userId === request.user?.id,
      signupHref: order.userId === null && !request.user ? `/account/signup?email=${encodeURIComponent(order.email)}` : null,
      statusKey: `orders.status.${order.status}`,
      // live-order-status.js names a new status in the page's language without asking the server for words.
      liveStatusNames: JSON.stringify(Object.fromEntries(ORDER_STATUSES.map((s) => [s, t(`orders.status.${s}`)]))),
      // A guest's session does not last: the page shows the lasting link to the one who placed the order.
      guestLink: order.userId === null && fromSession ? `${app.config.publicUrl}/orders/${order.number}?token=${encodeURIComponent(fromSession)}` : null,
      flash: takeFlash(request),
      noindex: true,
    });
  });

  /** The seller as the documents print it, read per download so a change in the back office shows at once. */
  async function seller(): Promise<SellerOnDocument> {
    const s = await loadShopSettings(db);
    return { name: s.sellerName, addressLines: s.sellerAddressLines, country: s.sellerCountry, vatNumber: s.sellerVatNumber, registration: s.sellerRegistration, footer: s.invoiceFooter };
  }

  app.get<{ Params: { number: string }; Querystring: { token?: string } }>('/orders/:number/invoice.pdf', async (request, reply) => {
    const { order } = await orderForRequest(request);
    // In the order's language, whoever downloads it.
    const formatters = formattersFor(order.locale ?? app.config.defaultLocale, order.currency);
    const pdf = await buildInvoicePdf({ order, seller: await seller(), shopName: formatters.t('site.name'), shippingMethodName: await shippingMethodNameOf(order.shippingMethodCode, order.locale ?? app.config.defaultLocale), formatters });
    reply.header('referrer-policy', 'no-referrer');
    reply.header('content-disposition', `attachment; filename="invoice-${order.number}.pdf"`);
    return reply.type('application/pdf').send(pdf);
  });

  app.get<{ Params: { number: string; file: string }; Querystring: { token?: string } }>('/orders/:number/credit-notes/:file', async (request, reply) => {
    const { order } = await orderForRequest(request);
    const wanted = /^(.+)\.pdf$/.exec(request.params.file)?.[1];
    const creditNote = order.creditNotes.find((c) => c.number === wanted);
    if (!creditNote) throw new NotFoundError();
    const formatters = formattersFor(order.locale ?? app.config.defaultLocale, order.currency);
    const pdf = await buildCreditNotePdf({ order, creditNote, seller: await seller(), shopName: formatters.t('site.name'), formatters });
    reply.header('referrer-policy', 'no-referrer');
    reply.header('content-disposition', `attachment; filename="credit-note-${creditNote.number}.pdf"`);
    return reply.type('application/pdf').send(pdf);
  });

  app.get('/account/orders', { preHandler: requireUser }, async (request, reply) => {
    const orders = await ordersOfUser(db, request.user!.id);
    return reply.render('orders/history', {
      orders: orders.map((o) => ({ ...o, href: `/orders/${o.number}`, statusKey: `orders.status.${o.status}` })),
      noindex: true,
    });
  });
}
