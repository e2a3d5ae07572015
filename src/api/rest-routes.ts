// The REST API for apps beyond the catalog (cart, checkout, orders, me), with what all its routes share:
// the write limit, CSRF tokens for cookie sessions, and answers no cache keeps.
import type { FastifyInstance } from 'fastify';
import { cartApiRoutes } from './cart-routes';
import { checkoutApiRoutes } from './checkout-routes';
import { ordersApiRoutes } from './orders-routes';
import { meApiRoutes } from './me-routes';
import { exposeCsrfToken, limitApiWrites } from './rest-support';

export async function restApiRoutes(app: FastifyInstance): Promise<void> {
  // After the root preHandlers (auth, CSRF), so the limit knows the caller; before the handler does any work.
  app.addHook('preHandler', limitApiWrites);
  // Before the session is saved (onSend), so a secret made for the token is stored with it.
  app.addHook('preSerialization', async (request, reply, payload) => {
    await exposeCsrfToken(request, reply);
    return payload;
  });
  // Carts, orders and accounts are personal and change with every write.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  await app.register(cartApiRoutes);
  await app.register(checkoutApiRoutes);
  await app.register(ordersApiRoutes);
  await app.register(meApiRoutes);
}
