// Back office: orders pages (staff or admin, checked on every route): list, detail with transitions, CSV export.
import { cardBrandName } from '../../payments/card-brand';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../../i18n';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { formBody, formView, text, type FormNotice, type FormView } from '../../lib/forms';
import { parseDayInput } from '../../lib/form-input';
import { paginationLinks, pageWindow } from '../../lib/pagination';
import { requireRole } from '../../plugins/auth';
import { flash, takeFlash } from '../../plugins/flash';
import { addressLines } from '../../accounts/address-format';
import { orderTotalsView } from '../../orders/totals-view';
import { csvLine } from './csv';
import { ORDERS_PAGE_SIZE, exportRange, listOrders, orderForStaff, ordersForExport, type OrderFilter } from './service';
import { sendOrderStatusMail } from './status-mail';
import {
  ORDER_ACTIONS,
  OrderChangedError,
  TransitionRefusedError,
  changeOrderStatus,
  isOrderAction,
  type OrderAction,
  type TransitionInput,
} from '../../orders/lifecycle';
import { ORDER_STATUSES, isOrderStatus } from '../../orders/status';

const DONE: Record<OrderAction, MessageKey> = {
  fulfil: 'admin.orders.done.fulfil',
  ship: 'admin.orders.done.ship',
  deliver: 'admin.orders.done.deliver',
  cancel: 'admin.orders.done.cancel',
  refund: 'admin.orders.done.refund',
};

const EVENT: Record<string, MessageKey> = {
  'order.fulfil': 'admin.orders.event.fulfil',
  'order.ship': 'admin.orders.event.ship',
  'order.deliver': 'admin.orders.event.deliver',
  'order.cancel': 'admin.orders.event.cancel',
  'order.refund': 'admin.orders.event.refund',
};

const CSV_HEADER = ['number', 'placed_at', 'status', 'email', 'name', 'country', 'currency', 'subtotal', 'discount', 'shipping', 'tax', 'total', 'refunded', 'tracking_number'];

/** Cents as a plain decimal for spreadsheets ("12.50"): no currency sign, no locale. */
function decimal(cents: number): string {
  return (cents / 100).toFixed(2);
}

function queryText(value: unknown, max: number): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

type ListQuery = { status?: unknown; from?: unknown; to?: unknown; email?: unknown; number?: unknown; page?: unknown };

interface Problem {
  action: OrderAction;
  errors?: Record<string, MessageKey>;
  notice?: FormNotice;
  values?: object;
}

export async function adminOrdersRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const guard = { preHandler: requireRole('staff') };

  function filterFrom(query: ListQuery): OrderFilter {
    const from = queryText(query.from, 10);
    const to = queryText(query.to, 10);
    return {
      status: isOrderStatus(query.status) ? query.status : '',
      from: parseDayInput(from) === null ? '' : from,
      to: parseDayInput(to) === null ? '' : to,
      email: queryText(query.email, 254),
      number: queryText(query.number, 20),
    };
  }

  async function renderList(request: FastifyRequest<{ Querystring: ListQuery }>, reply: FastifyReply, exportForm: FormView, status = 200) {
    const filter = filterFrom(request.query);
    const page = request.query.page;
    const requested = typeof page === 'string' && /^\d{1,6}$/.test(page) ? Number(page) : 1;
    let result = await listOrders(db, filter, requested);
    const window = pageWindow(result.total, requested, ORDERS_PAGE_SIZE);
    if (window.page !== requested) result = await listOrders(db, filter, window.page);
    const kept = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== ''));
    const href = (p: number) => `/admin/orders?${new URLSearchParams({ ...kept, ...(p > 1 ? { page: String(p) } : {}) })}`;
    return reply.render(
      'admin/orders/list',
      {
        filter,
        statuses: ORDER_STATUSES.map((s) => ({ value: s, key: `orders.status.${s}`, selected: s === filter.status })),
        orders: result.rows.map((o) => ({ ...o, href: `/admin/orders/${o.number}`, statusKey: `orders.status.${o.status}` })),
        total: result.total,
        pagination: paginationLinks(window, href),
        exportForm,
        noindex: true,
      },
      status,
    );
  }

  app.get<{ Querystring: ListQuery }>('/admin/orders', guard, async (request, reply) => {
    const today = new Date().toISOString().slice(0, 10);
    const monthStart = `${today.slice(0, 8)}01`;
    return renderList(request, reply, formView('export', { from: monthStart, to: today }));
  });

  app.get<{ Querystring: ListQuery }>('/admin/orders.csv', guard, async (request, reply) => {
    const from = queryText(request.query.from, 10);
    const to = queryText(request.query.to, 10);
    let range: { fromMs: number; toMs: number };
    try {
      range = exportRange(from, to);
    } catch (err) {
      if (err instanceof ValidationError) return renderList(request, reply, formView('export', { from, to }, err.fields), 422);
      throw err;
    }
    async function* csv(): AsyncGenerator<string> {
      yield `\uFEFF${csvLine(CSV_HEADER)}`;
      for await (const batch of ordersForExport(db, range.fromMs, range.toMs)) {
        yield batch
          .map((o) =>
            csvLine([
              o.number,
              o.placedAt,
              o.status,
              o.email,
              o.name,
              o.country,
              o.currency,
              decimal(o.subtotalCents),
              decimal(o.discountCents),
              decimal(o.shippingCents),
              decimal(o.taxCents),
              decimal(o.totalCents),
              decimal(o.refundedCents),
              o.trackingNumber,
            ]),
          )
          .join('');
      }
    }
    reply.header('content-disposition', `attachment; filename="orders-${from}-to-${to}.csv"`);
    return reply.type('text/csv; charset=utf-8').send(Readable.from(csv()));
  });

  async function renderDetail(request: FastifyRequest, reply: FastifyReply, number: string, problem: Problem | null, status = 200) {
    const order = await orderForStaff(db, number);
    if (!order) throw new NotFoundError();
    const forms = Object.fromEntries(
      ORDER_ACTIONS.map((action) =>
        problem?.action === action ? [action, formView(action, problem.values ?? {}, problem.errors ?? {}, problem.notice ?? null)] : [action, formView(action, {})],
      ),
    ) as Record<OrderAction, FormView>;
    return reply.render(
      'admin/orders/order',
      {
        order,
        statusKey: `orders.status.${order.status}`,
        paymentStatusKey: order.payment ? `admin.orders.payment.${order.payment.status}` : null,
        cardBrand: order.payment ? cardBrandName(order.payment.brand) : null,
        totals: orderTotalsView(order, { discountCode: order.discountCode, shippingMethodName: order.shippingMethodCode, refundedCents: order.refundedCents }),
        addressLines: addressLines(request.locale, order.address),
        lines: order.lines.map((l) => ({ ...l, refundable: l.quantity - l.refundedQuantity })),
        history: order.history.map((e) => ({ ...e, key: EVENT[e.action] ?? null })),
        can: Object.fromEntries(ORDER_ACTIONS.map((action) => [action, order.allowed.includes(action)])),
        forms,
        notice: problem?.notice ?? null,
        flash: takeFlash(request),
        noindex: true,
      },
      status,
    );
  }

  app.get<{ Params: { number: string } }>('/admin/orders/:number', guard, async (request, reply) => renderDetail(request, reply, request.params.number, null));

  app.post<{ Params: { number: string; action: string } }>('/admin/orders/:number/:action', guard, async (request, reply) => {
    const { number, action } = request.params;
    if (!isOrderAction(action)) throw new NotFoundError();
    const body = formBody(request);
    const input: TransitionInput = { trackingNumber: text(body, 'trackingNumber'), full: text(body, 'scope') !== 'lines', lines: new Map() };
    const quantities: Record<string, string> = {};
    for (const [name, value] of Object.entries(body)) {
      const m = /^qty-(\d{1,10})$/.exec(name);
      if (!m || typeof value !== 'string') continue;
      quantities[name] = value;
      const trimmed = value.trim();
      // An empty box means none of that line; anything but a whole number is refused by the service.
      input.lines!.set(Number(m[1]), trimmed === '' ? 0 : /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : Number.NaN);
    }
    const user = request.user!;
    try {
      const result = await changeOrderStatus({ db, payments: app.payments }, { id: user.id, email: user.email }, number, action, input);
      if (result.refund === 'failed') flash(request, 'admin.orders.refundFailed');
      if (result.refund === 'pending') flash(request, 'admin.orders.refundPending');
      // The change is committed whatever happens to its email: a mail failure is logged, never shown as a failed action.
      app.afterAnswer(request, 'order status email', () => sendOrderStatusMail(app.mailer, result, { locale: result.locale ?? app.config.defaultLocale, publicUrl: app.config.publicUrl }));
      flash(request, DONE[action]);
      return reply.redirect(`/admin/orders/${encodeURIComponent(number)}`, 303);
    } catch (err) {
      const values = { trackingNumber: input.trackingNumber, scope: input.full ? 'full' : 'lines', ...quantities };
      if (err instanceof ValidationError) return renderDetail(request, reply, number, { action, errors: err.fields, values }, 422);
      if (err instanceof TransitionRefusedError || err instanceof OrderChangedError) {
        return renderDetail(request, reply, number, { action, notice: { key: err.messageKey }, values }, 409);
      }
      throw err;
    }
  });
}
