// Back office: payments needing attention, what the reconciler could not finish on its own, each with its history from the audit log.
import type { FastifyInstance } from 'fastify';
import type { MessageKey } from '../../i18n';
import { listAudit } from '../../audit/service';
import { requireRole } from '../../plugins/auth';
import { paymentsNeedingAttention } from '../../payments/reconciler';

const STATUS: Record<string, MessageKey> = {
  pending: 'admin.payments.status.pending',
  refund_pending: 'admin.payments.status.refundPending',
  refund_failed: 'admin.payments.status.refundFailed',
  failed: 'admin.payments.status.refundFailed',
};

const EVENT: Record<string, MessageKey> = {
  'payment.attempt.succeeded': 'admin.payments.event.succeeded',
  'payment.attempt.failed': 'admin.payments.event.failed',
  'payment.attempt.refund_pending': 'admin.payments.event.refundPending',
  'payment.attempt.refunded': 'admin.payments.event.refunded',
  'payment.attempt.refund_failed': 'admin.payments.event.refundFailed',
  'payment.refund.pending': 'admin.payments.event.refundPending',
  'payment.refund.succeeded': 'admin.payments.event.refunded',
  'payment.refund.failed': 'admin.payments.event.refundFailed',
};

export async function adminPaymentsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/payments', { preHandler: requireRole('staff') }, async (_request, reply) => {
    const items = await paymentsNeedingAttention(app.db, Date.now(), app.config.paymentsReconcileGraceMs);
    const rows = await Promise.all(
      items.map(async (item) => {
        const audit = await listAudit(app.db, { entityType: item.entityType, entityId: String(item.entityId) }, 50, 0);
        return {
          ...item,
          kindKey: item.kind === 'attempt' ? 'admin.payments.kind.attempt' : 'admin.payments.kind.refund',
          statusKey: STATUS[item.status] ?? 'admin.payments.status.pending',
          createdAt: new Date(item.createdAt),
          orderHref: item.orderNumber ? `/admin/orders/${encodeURIComponent(item.orderNumber)}` : null,
          history: audit.entries.reverse().map((e) => ({ at: e.at, eventKey: EVENT[e.action] ?? 'admin.payments.event.other', action: e.action })),
        };
      }),
    );
    return reply.render('admin/payments/list', { rows, noindex: true });
  });
}
