// buildApp(config): the whole shop as a Fastify instance; server.ts listens, tests inject.
import Fastify, { type FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import formbody from '@fastify/formbody';
import type { Knex } from 'knex';
import type { Config } from './config';
import { createDb } from './db';
import { registerSecurityHeaders } from './plugins/security';
import { registerAssets } from './plugins/assets';
import { registerSessions } from './plugins/sessions';
import { registerCsrf } from './plugins/csrf';
import { localeRewriteUrl, registerLocale } from './plugins/locale';
import { registerViews } from './plugins/views';
import { registerErrorHandling } from './plugins/errors';
import { registerAuth } from './plugins/auth';
import { registerReadLimits } from './plugins/read-limits';
import { registerNulGuard } from './plugins/nul-guard';
import { registerAfterAnswer } from './plugins/after-answer';
import { CatalogReader } from './catalog/service';
import { registerMediaAccess } from './catalog/media-access';
import { catalogRoutes } from './catalog/routes';
import { membershipRoutes } from './membership/routes';
import { cartRoutes } from './cart/routes';
import { headerCartCount } from './cart/current-cart';
import { checkoutRoutes } from './checkout/routes';
import { paymentStatusRoutes } from './checkout/payment-status-routes';
import { registerPaymentReconciler } from './payments/reconciler';
import { afterReconciledOrder } from './orders/after-placed';
import { TestCardProvider } from './payments/test-card-provider';
import type { PaymentProvider } from './payments/provider';
import type { RedirectPaymentProvider } from './payments/redirect-provider';
import { StripeProvider } from './payments/stripe-provider';
import { stripeRoutes } from './payments/stripe-routes';
import type { PaymentEventHandler } from './payments/webhook-events';
import { settleStripeAttempts, StripeAttemptProcessor } from './payments/stripe-settle';
import { PaymentProviderRouter } from './payments/provider-router';
import { orderRoutes } from './orders/routes';
import { adminRoutes } from './admin/routes';
import { accountRoutes } from './accounts/routes';
import { createMailer } from './mail/mailer';
import { graphqlPlugin } from './graphql/plugin';
import { registerApiDocs } from './api/docs';
import { catalogApiRoutes } from './api/catalog-routes';
import { restApiRoutes } from './api/rest-routes';
import { registerLive } from './live/routes';
import { fastifyTrustProxy } from './lib/trust-proxy';
import { registerReadiness } from './health/readiness';

declare module 'fastify' {
  interface FastifyInstance {
    db: Knex;
    /**
     * The card processor: checkout charges through it, the back office refunds through it. With Stripe it routes
     * each refund and open attempt to the processor its row names (provider-router.ts).
     */
    payments: PaymentProvider;
    /** The hosted-page processor (Stripe) when PAYMENT_PROVIDER=stripe, else null. */
    redirectPayments: RedirectPaymentProvider | null;
    catalog: CatalogReader;
    config: Config;
  }
}

export interface BuildOptions {
  /** A knex instance to use instead of opening one from config (tests share one per file). */
  db?: Knex;
  paymentProvider?: PaymentProvider;
  /** What a verified Stripe webhook event does, instead of settling payment attempts (tests). */
  onPaymentEvent?: PaymentEventHandler;
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    // request.ip and request.protocol follow this one rule everywhere (rate limits, secure cookies, /live caps).
    trustProxy: fastifyTrustProxy(config.trustProxy),
    // /fr/cart is routed as /cart in French (plugins/locale.ts): one route per page, one URL per language.
    rewriteUrl: localeRewriteUrl(config.defaultLocale),
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  const ownsDb = !options.db;
  const db = options.db ?? createDb(config);
  app.decorate('db', db);
  app.decorate('config', config);
  if (ownsDb) app.addHook('onClose', async () => db.destroy());

  const mailer = createMailer(config);
  app.decorate('mailer', mailer);
  app.addHook('onClose', async () => mailer.close());

  // The built-in test processor by default, with its ledger file in DATA_DIR (see README, "Payments").
  let cardPayments: PaymentProvider;
  if (options.paymentProvider) cardPayments = options.paymentProvider;
  else {
    const testProcessor = new TestCardProvider({
      ledgerFile: config.testProcessorLedger,
      pendingMs: config.testProcessorPendingMs,
      timeoutMs: config.testProcessorTimeoutMs,
    });
    cardPayments = testProcessor;
    app.addHook('onClose', async () => testProcessor.close());
  }

  const redirectPayments = config.stripe ? new StripeProvider(config.stripe) : null;
  app.decorate('redirectPayments', redirectPayments);
  // With Stripe, what Stripe took is refunded and reconciled through Stripe: each attempt and refund row names its processor.
  const stripeProcessor = redirectPayments ? new StripeAttemptProcessor(redirectPayments) : null;
  app.decorate('payments', stripeProcessor ? new PaymentProviderRouter(cardPayments, [stripeProcessor]) : cardPayments);

  const catalog = new CatalogReader(db, config.catalogCacheTtlMs);
  app.decorate('catalog', catalog);

  // Order from STACK.md: helmet -> compress -> static -> cookie -> session -> formbody -> csrf -> view -> routes.
  await registerSecurityHeaders(app);
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip', 'deflate'], brotliOptions: { params: { 1: 4 } } as object });
  const asset = await registerAssets(app, config);
  await registerSessions(app, config, db);
  await registerLocale(app, config);
  await app.register(formbody);
  await registerCsrf(app);
  registerAuth(app, db);
  // After auth's preHandler: who asks matters only for the files of products not everyone may see.
  registerMediaAccess(app);
  // After auth: a read counts against its API token's budget, else its address's.
  await registerReadLimits(app, config);
  await registerViews(
    app,
    config,
    asset,
    async (locale) => (await catalog.categoryTree(locale)).roots.map((c) => ({ name: c.name, href: c.href })),
    headerCartCount,
  );
  registerErrorHandling(app);
  registerNulGuard(app);
  registerAfterAnswer(app);
  catalog.onInvalidate(() => app.publicPages.clear());
  // After the views, before the routes (STACK.md): @fastify/websocket, the live bus and GET /live.
  await registerLive(app, catalog);

  // A constant answer through every global hook: the load balancer's check and the benchmark's baseline.
  app.get('/healthz', async (_request, reply) => reply.type('text/plain').send('ok'));
  // Readiness for a load balancer or an orchestrator: the database answers, the data directory takes a file (src/health/readiness.ts).
  registerReadiness(app);

  // Before any route: swagger collects route schemas as they are added (STACK.md).
  await registerApiDocs(app);
  await app.register(catalogRoutes, { catalog, config });
  await app.register(catalogApiRoutes, { catalog, currency: config.currency });
  await app.register(restApiRoutes);
  await app.register(accountRoutes, { config });
  await app.register(membershipRoutes, { config });
  await app.register(cartRoutes, { catalog });
  // With Stripe the pay step sends the shopper to Stripe's page; the return, the webhook and the reconciler settle the attempt.
  await app.register(checkoutRoutes, { provider: app.payments, hosted: redirectPayments });
  await app.register(paymentStatusRoutes, { hosted: redirectPayments && stripeProcessor ? { provider: redirectPayments, processor: stripeProcessor } : null });
  await app.register(orderRoutes);
  if (redirectPayments && stripeProcessor) {
    const onPaymentEvent = options.onPaymentEvent ?? settleStripeAttempts(db, stripeProcessor, app.log, (placed) => afterReconciledOrder(app, placed));
    await app.register(stripeRoutes, { provider: redirectPayments, onPaymentEvent });
  }
  await app.register(adminRoutes);
  await app.register(graphqlPlugin);
  // At start and every few minutes: finishes the payments a crash or a slow processor left open (DESIGN.md, Money at the boundary).
  registerPaymentReconciler(app, (placed) => afterReconciledOrder(app, placed));
  return app;
}
