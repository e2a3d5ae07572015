// Back office entry: /admin for staff and admins, /admin/users for admins; every route guarded on the server.
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../plugins/auth';
import { paginationLinks, pageWindow } from '../lib/pagination';
import { formattersFor } from '../i18n';
import { NotFoundError } from '../lib/errors';
import { ACCOUNTS_PAGE_SIZE, DASHBOARD_LATEST_ORDERS, listAccounts, newOrderRow, salesDashboard, shopOverview } from './service';
import { dayLabelFormatter, salesChartSvg } from './sales-chart';
import { adminOrdersRoutes } from './orders/routes';
import { adminCatalogRoutes } from './catalog/routes';
import { adminCategoryRoutes } from './catalog/categories-routes';
import { adminSettingsRoutes } from './settings/routes';
import { adminPaymentsRoutes } from './payments/routes';
import { paymentsNeedingAttention } from '../payments/reconciler';

function orderHref(number: string): string {
  return `/admin/orders/${encodeURIComponent(number)}`;
}

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  // Back-office pages are personal and must never be kept by a browser or proxy cache.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  await app.register(adminOrdersRoutes);
  await app.register(adminCatalogRoutes);
  await app.register(adminCategoryRoutes);
  await app.register(adminSettingsRoutes);
  await app.register(adminPaymentsRoutes);

  app.get('/admin', { preHandler: requireRole('staff') }, async (request, reply) => {
    const [overview, dashboard, attention] = await Promise.all([shopOverview(app.db), salesDashboard(app.db), paymentsNeedingAttention(app.db, Date.now(), app.config.paymentsReconcileGraceMs)]);
    const f = formattersFor(request.locale, app.config.currency);
    const intlLocale = request.locale === 'fr' ? 'fr-FR' : 'en-GB';
    const day = dayLabelFormatter(intlLocale);
    // Built here from numbers and escaped text only, so the template may output it raw.
    const salesChart = salesChartSvg(dashboard.days, {
      money: f.money,
      day,
      title: f.t('admin.dashboard.chartTitle'),
      describe: (s) =>
        s.bestDate === null
          ? f.t('admin.dashboard.chartEmpty', { from: s.first, to: s.last })
          : f.t('admin.dashboard.chartSummary', { from: s.first, to: s.last, total: f.money(s.totalCents), best: s.bestDate, bestAmount: f.money(s.bestCents) }),
    });
    return reply.render('admin/dashboard', {
      overview,
      paymentsNeedingAttention: attention.length,
      today: dashboard.today,
      last30Days: dashboard.last30Days,
      salesChart,
      lowStock: dashboard.lowStock.map((v) => ({ ...v, href: `/admin/products/${v.productId}` })),
      latestOrders: dashboard.latestOrders.map((o) => ({ ...o, href: orderHref(o.number), statusKey: `orders.status.${o.status}` })),
      // live-new-orders.js adds the rows of orders placed while the page is open and keeps the list as long.
      liveMaxRows: DASHBOARD_LATEST_ORDERS,
      noindex: true,
    });
  });

  // The row of an order placed while the dashboard is open: live-new-orders.js fetches it and swaps it in.
  app.get<{ Params: { number: string } }>('/admin/latest-orders/:number', { preHandler: requireRole('staff') }, async (request, reply) => {
    const order = await newOrderRow(app.db, request.params.number.slice(0, 40));
    if (!order) throw new NotFoundError();
    return reply.render('admin/latest-order-row', { order: { ...order, href: orderHref(order.number), statusKey: `orders.status.${order.status}`, isNew: true } });
  });

  app.get<{ Querystring: { q?: unknown; page?: unknown } }>('/admin/users', { preHandler: requireRole('admin') }, async (request, reply) => {
    const q = typeof request.query.q === 'string' ? request.query.q.slice(0, 100) : '';
    const requested = typeof request.query.page === 'string' && /^\d{1,6}$/.test(request.query.page) ? Number(request.query.page) : 1;
    let result = await listAccounts(app.db, q, requested);
    const window = pageWindow(result.total, requested, ACCOUNTS_PAGE_SIZE);
    if (window.page !== requested) result = await listAccounts(app.db, q, window.page);
    const href = (page: number) => `/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), ...(page > 1 ? { page: String(page) } : {}) })}`;
    return reply.render('admin/users', { q, accounts: result.rows, total: result.total, pagination: paginationLinks(window, href), noindex: true });
  });
}
