// The Plus page for everyone and the membership page of an account.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { requireUser } from '../plugins/auth';
import { ensurePlusProduct, PLUS_PRODUCT_SLUG } from './plus-product';
import { outageOf } from '../lib/db-errors';
import { membershipStatus } from './service';

export async function membershipRoutes(app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const priceCents = opts.config.plusPriceCents;
  // Plus is sold as a product through the ordinary cart and checkout: it must exist before the first request.
  // A database that cannot be reached now (the app still starts and answers 503) gets it on first use instead.
  let ensured: Promise<{ variantId: number }> | null = null;
  const plusProduct = () =>
    (ensured ??= ensurePlusProduct(app.db, priceCents).catch((err: unknown) => {
      ensured = null;
      throw err;
    }));
  await plusProduct().catch((err: unknown) => {
    if (!outageOf(err)) throw err;
    app.log.warn({ err }, 'Plus product not checked yet: the database is unavailable');
  });

  app.get('/plus', async (request, reply) => {
    const { variantId: plusVariantId } = await plusProduct();
    const status = request.user ? await membershipStatus(app.db, request.user.id) : null;
    return reply.render('membership/plus', {
      priceCents,
      status,
      endsAt: status?.endsAt ? new Date(status.endsAt) : null,
      signedIn: !!request.user,
      join: { slug: PLUS_PRODUCT_SLUG, variantId: plusVariantId },
      loginHref: '/account/login?return=/plus',
      canonical: `${opts.config.publicUrl}/plus`,
    });
  });

  app.get('/account/membership', { preHandler: requireUser }, async (request, reply) => {
    const status = await membershipStatus(app.db, request.user!.id);
    return reply.render('membership/account', { priceCents, status, endsAt: status.endsAt ? new Date(status.endsAt) : null });
  });
}
