// The page of one payment attempt: where a shopper lands while the processor decides, or from another device while the cart is being paid.
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../lib/errors';
import { currentCartId } from '../cart/current-cart';
import { attemptForShopper } from '../payments/attempts';

export async function paymentStatusRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;

  app.get<{ Params: { reference: string } }>('/checkout/payments/:reference', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const attempt = await attemptForShopper(db, request.params.reference, { userId: request.user?.id ?? null, cartId: await currentCartId(request, false) });
    if (!attempt) throw new NotFoundError();
    // An account's order opens from the account; a guest's opens from the emailed link (the checkout's session link may be gone).
    if (attempt.orderNumber && attempt.ofAccount) return reply.redirect(`/orders/${attempt.orderNumber}`, 303);
    return reply.render('checkout/payment', {
      status: attempt.status,
      orderNumber: attempt.orderNumber,
      selfHref: `/checkout/payments/${attempt.reference}`,
      noindex: true,
    });
  });
}
