// The request's cart: which cart a page, the REST API or GraphQL acts on (the account's, or the session's guest cart).
import type { FastifyRequest } from 'fastify';
import { cartExists, cartItemCount, cartItemCountOfUser, cartOfUser, createGuestCart, ensureUserCart } from './service';

declare module 'fastify' {
  interface Session {
    /** A guest's cart; signed-in customers' carts are found through their account. */
    cartId?: number;
  }
}

/** The visitor's cart id, made when `create` is set and there is none yet. */
export async function currentCartId(request: FastifyRequest, create: boolean): Promise<number | null> {
  const db = request.server.db;
  if (request.user) return create ? ensureUserCart(db, request.user.id) : cartOfUser(db, request.user.id);
  const id = request.session.cartId;
  if (typeof id === 'number' && (await cartExists(db, id))) return id;
  if (!create) return null;
  const created = await createGuestCart(db);
  request.session.cartId = created;
  return created;
}

/**
 * The header's item count: one query on every page a visitor with a session sees (a missing guest cart
 * simply counts 0, so there is no need to look it up first).
 */
export async function headerCartCount(request: FastifyRequest): Promise<number> {
  const db = request.server.db;
  if (request.user) return cartItemCountOfUser(db, request.user.id);
  const id = request.session?.cartId;
  return typeof id === 'number' ? cartItemCount(db, id) : 0;
}
