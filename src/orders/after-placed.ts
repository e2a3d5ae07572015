// What follows a new order on every channel (checkout pages, REST, the payment reconciler): cached pages drop the sold stock, and the customer gets the email.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PlacedOrder } from './service';
import { sendOrderConfirmation } from './confirmation-mail';

/** Call after placeOrder; a replayed submission did all this the first time, so it does nothing. */
export function afterOrderPlaced(request: FastifyRequest, order: PlacedOrder): void {
  if (order.replayed) return;
  afterPaidOrder(request, order);
}

/** For an order a request wrote from a payment attempt (the shopper back from the processor's page): the same, after the answer. */
export function afterPaidOrder(request: FastifyRequest, order: { number: string; accessToken: string }): void {
  const app = request.server;
  app.catalog.invalidate();
  const placed = { number: order.number, accessToken: order.accessToken };
  const context = { locale: request.locale, publicUrl: app.config.publicUrl, currency: app.config.currency };
  app.afterAnswer(request, 'order confirmation email', () => sendOrderConfirmation(app.db, app.mailer, placed, context));
}

/** For an order the payment reconciler wrote (no request, no shopper waiting): the same, in the order's language (the shop's default for older orders). */
export async function afterReconciledOrder(app: FastifyInstance, placed: { number: string; accessToken: string }): Promise<void> {
  app.catalog.invalidate();
  const context = { locale: app.config.defaultLocale, publicUrl: app.config.publicUrl, currency: app.config.currency };
  await sendOrderConfirmation(app.db, app.mailer, placed, context).catch((err) => app.log.error({ err, number: placed.number }, 'order confirmation email failed'));
}
