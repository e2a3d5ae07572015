// The email a customer gets when a clerk moves their order on: fulfilled, shipped (with tracking), delivered, cancelled, refunded.
import { formattersFor, type Locale, type MessageKey } from '../../i18n';
import type { Mailer } from '../../mail/mailer';
import type { OrderAction, TransitionResult } from '../../orders/lifecycle';

const SUBJECT: Record<OrderAction, MessageKey> = {
  fulfil: 'admin.orders.mail.subject.fulfil',
  ship: 'admin.orders.mail.subject.ship',
  deliver: 'admin.orders.mail.subject.deliver',
  cancel: 'admin.orders.mail.subject.cancel',
  refund: 'admin.orders.mail.subject.refund',
};

const BODY: Record<OrderAction, MessageKey> = {
  fulfil: 'admin.orders.mail.body.fulfil',
  ship: 'admin.orders.mail.body.ship',
  deliver: 'admin.orders.mail.body.deliver',
  cancel: 'admin.orders.mail.body.cancel',
  refund: 'admin.orders.mail.body.refund',
};

export async function sendOrderStatusMail(mailer: Mailer, result: TransitionResult, context: { locale: Locale; publicUrl: string }): Promise<void> {
  const f = formattersFor(context.locale, result.currency);
  const name = result.name.trim();
  await mailer.sendTemplate({
    to: name ? { email: result.email, name } : { email: result.email },
    locale: context.locale,
    // The mailer looks under views/mail/; this feature keeps its templates in views/admin/orders/.
    template: '../admin/orders/status-mail',
    subjectKey: SUBJECT[result.action],
    subjectParams: { number: result.number },
    model: {
      number: result.number,
      name,
      bodyKey: BODY[result.action],
      trackingNumber: result.action === 'ship' ? result.trackingNumber : null,
      refund: result.refundCents > 0 ? f.money(result.refundCents) : null,
      returned: result.returned,
      // Account holders can open the order after logging in; a guest's link needs a token we do not keep.
      link: result.userId !== null ? `${context.publicUrl}/orders/${encodeURIComponent(result.number)}` : null,
    },
  });
}
