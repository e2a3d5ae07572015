// Back office entry: /admin for staff and admins, /admin/users for admins; every route guarded on the server.
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../plugins/auth';
import { paginationLinks, pageWindow } from '../lib/pagination';
import { ACCOUNTS_PAGE_SIZE, listAccounts, shopOverview } from './service';
import { adminOrdersRoutes } from './orders/routes';
import { adminCatalogRoutes } from './catalog/routes';
import { adminSettingsRoutes } from './settings/routes';

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  // Back-office pages are personal and must never be kept by a browser or proxy cache.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  await app.register(adminOrdersRoutes);
  await app.register(adminCatalogRoutes);
  await app.register(adminSettingsRoutes);

  app.get('/admin', { preHandler: requireRole('staff') }, async (_request, reply) =>
    reply.render('admin/dashboard', { overview: await shopOverview(app.db), noindex: true }),
  );

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
