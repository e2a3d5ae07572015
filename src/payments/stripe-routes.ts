// POST /payments/stripe/webhook: Stripe's signed notifications, checked against the raw body and handled once per event id.
import type { FastifyInstance, FastifyPluginOptions } from 'fastify';
import { DomainError } from '../lib/errors';
import { WebhookSignatureError, type RedirectPaymentProvider } from './redirect-provider';
import { receivePaymentEvent, type PaymentEventHandler } from './webhook-events';

export interface StripeRoutesOptions extends FastifyPluginOptions {
  provider: RedirectPaymentProvider;
  onPaymentEvent: PaymentEventHandler;
}

/** Stripe's events are small; the limit keeps a stranger from making the shop hash megabytes. */
const WEBHOOK_BODY_LIMIT = 512 * 1024;

export async function stripeRoutes(app: FastifyInstance, opts: StripeRoutesOptions): Promise<void> {
  // The signature covers the exact bytes Stripe sent, so this plugin (only) keeps bodies unparsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post(
    '/payments/stripe/webhook',
    // Stripe has no session or CSRF token: the signature is what proves the sender.
    { config: { csrf: false }, schema: { hide: true } },
    async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signature = request.headers['stripe-signature'];
      let event;
      try {
        event = opts.provider.parseWebhook(body, typeof signature === 'string' ? signature : undefined);
      } catch (err) {
        if (err instanceof WebhookSignatureError || err instanceof SyntaxError) {
          request.log.warn({ reason: (err as Error).message }, 'Stripe webhook refused');
          throw new DomainError('payments.webhook.badSignature', 400);
        }
        throw err;
      }
      const receipt = await receivePaymentEvent(app.db, opts.provider.name, event, opts.onPaymentEvent);
      return reply.send({ received: true, duplicate: receipt === 'duplicate' });
    },
  );
}
