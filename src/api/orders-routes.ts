// /api/v1/orders: the caller's orders (paged, newest first) and one order for its customer, its guest session or staff.
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../lib/errors';
import { hasRole, UnauthenticatedError } from '../plugins/auth';
import { accessTokenInSession } from '../orders/placed-order-access';
import { orderForViewer, pageOfOrdersOfUser, type OrderLineView, type OrderView } from '../orders/service';
import { getOrderRoute, listOrdersRoute } from './rest-schemas';
import { API_V1, rejectInvalidInput, requireAccount } from './rest-support';

export const ORDERS_PATH = `${API_V1}/orders`;
export const ORDERS_PER_PAGE = 20;

export function orderHref(number: string): string {
  return `${ORDERS_PATH}/${encodeURIComponent(number)}`;
}

/** A priced line as the API shows it, for a quote (what it would be) and an order (what it was). */
export function pricedLineJson(l: Pick<OrderLineView, 'variantId' | 'productName' | 'sku' | 'label' | 'quantity' | 'unitPriceCents' | 'lineSubtotalCents' | 'lineDiscountCents' | 'lineTaxCents' | 'lineTotalCents'>) {
  return {
    variantId: l.variantId,
    productName: l.productName,
    sku: l.sku,
    label: l.label,
    quantity: l.quantity,
    unitPriceCents: l.unitPriceCents,
    lineSubtotalCents: l.lineSubtotalCents,
    lineDiscountCents: l.lineDiscountCents,
    lineTaxCents: l.lineTaxCents,
    lineTotalCents: l.lineTotalCents,
  };
}

export function orderJson(o: OrderView) {
  return {
    number: o.number,
    invoiceNumber: o.invoiceNumber,
    creditNotes: o.creditNotes.map((c) => ({
      number: c.number,
      amountCents: c.amountCents,
      issuedAt: c.issuedAt.toISOString(),
      links: { pdf: `/orders/${encodeURIComponent(o.number)}/credit-notes/${c.number}.pdf` },
    })),
    status: o.status,
    email: o.email,
    currency: o.currency,
    subtotalCents: o.subtotalCents,
    discountCents: o.discountCents,
    shippingCents: o.shippingCents,
    taxCents: o.taxCents,
    totalCents: o.totalCents,
    pricesIncludeTax: o.pricesIncludeTax,
    taxRateBasisPoints: o.taxRateBasisPoints,
    discountCode: o.discountCode,
    shippingMethod: o.shippingMethodCode,
    shippingAddress: o.shippingAddress,
    lines: o.lines.map(pricedLineJson),
    payment: o.payment ? { status: o.payment.status, amountCents: o.payment.amountCents, brand: o.payment.brand, last4: o.payment.last4 } : null,
    placedAt: o.placedAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    links: { self: orderHref(o.number), html: `/orders/${encodeURIComponent(o.number)}`, invoice: `/orders/${encodeURIComponent(o.number)}/invoice.pdf` },
  };
}

function listHref(page: number): string {
  return page > 1 ? `${ORDERS_PATH}?page=${page}` : ORDERS_PATH;
}

export async function ordersApiRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;

  app.get<{ Querystring: { page?: string } }>(ORDERS_PATH, { schema: listOrdersRoute, attachValidation: true }, async (request) => {
    const user = requireAccount(request);
    rejectInvalidInput(request);
    const { orders, window } = await pageOfOrdersOfUser(db, user.id, Number(request.query.page ?? '1'), ORDERS_PER_PAGE);
    const { page, pageCount, perPage, total } = window;
    return {
      items: orders.map((o) => ({
        number: o.number,
        status: o.status,
        currency: o.currency,
        totalCents: o.totalCents,
        itemCount: o.itemCount,
        placedAt: o.placedAt.toISOString(),
        links: { self: orderHref(o.number), html: `/orders/${encodeURIComponent(o.number)}` },
      })),
      page,
      pageCount,
      perPage,
      total,
      links: {
        self: listHref(page),
        next: page < pageCount ? listHref(page + 1) : null,
        prev: page > 1 ? listHref(page - 1) : null,
        first: listHref(1),
        last: listHref(pageCount),
      },
    };
  });

  app.get<{ Params: { number: string } }>(`${ORDERS_PATH}/:number`, { schema: getOrderRoute, attachValidation: true }, async (request) => {
    rejectInvalidInput(request);
    const number = request.params.number;
    // A guest sees the orders their own session placed (as the order page does); a token never carries a session's.
    const fromSession = request.authMethod === 'token' ? null : accessTokenInSession(request, number);
    if (!request.user && !fromSession) throw new UnauthenticatedError();
    const order = await orderForViewer(db, number, { userId: request.user?.id ?? null, accessToken: fromSession, isStaff: hasRole(request.user, 'staff') });
    // Someone else's order and no order at all look the same, so numbers cannot be probed.
    if (!order) throw new NotFoundError();
    return orderJson(order);
  });
}
