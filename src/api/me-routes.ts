// /api/v1/me: the account behind the token or session, with its language and Emporium Plus membership.
import type { FastifyInstance } from 'fastify';
import { accountLocale } from '../accounts/service';
import { membershipStatus } from '../membership/service';
import { meRoute } from './rest-schemas';
import { API_V1, requireAccount } from './rest-support';
import { CART_PATH } from './cart-routes';
import { ORDERS_PATH } from './orders-routes';

export async function meApiRoutes(app: FastifyInstance): Promise<void> {
  app.get(`${API_V1}/me`, { schema: meRoute }, async (request) => {
    const user = requireAccount(request);
    const [membership, locale] = await Promise.all([membershipStatus(app.db, user.id), accountLocale(app.db, user.id, app.config.defaultLocale)]);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      locale,
      membership: { active: membership.active, endsAt: membership.endsAt === null ? null : new Date(membership.endsAt).toISOString() },
      links: { orders: ORDERS_PATH, cart: CART_PATH },
    };
  });
}
