// The caller's account over GraphQL: me (customer, language, membership, orders) and order(number), never anyone else's orders.
import type { IResolvers, MercuriusLoaders } from 'mercurius';
import type { CurrentUser } from '../plugins/auth';
import { accountLocale } from '../accounts/service';
import { membershipStatus } from '../membership/service';
import { orderForViewer, type OrderLineView } from '../orders/service';
import { audienceOfCtx, badInput, pageSize, viewerIsStaff, viewerOf, type Ctx } from './context';
import { productNodesByIds } from './nodes';
import { countOrdersOfUser, linesOfOrders } from '../orders/batches';
import { decodeOrderCursor, nodeFromView, pageOfOrders, type OrderNode } from './orders';
import { orderStatusEnumValue } from './schema';

export const DEFAULT_ORDERS = 20;
export const MAX_ORDERS = 100;

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** One page of the customer's own orders; `me` is the only way to a Customer, so it is always the caller's. */
async function ordersPage(customer: CurrentUser, args: PageArgs, ctx: Ctx) {
  const first = pageSize(ctx, args.first, DEFAULT_ORDERS, MAX_ORDERS);
  let after = null;
  if (args.after) {
    after = decodeOrderCursor(args.after);
    if (!after) throw badInput(ctx, 'graphql.cursor.invalid', {}, 'after');
  }
  return pageOfOrders(ctx.app.db, customer.id, first, after);
}

export const accountResolvers: IResolvers = {
  Query: {
    me: (_root, _args, ctx: Ctx) => viewerOf(ctx),
    order: async (_root, args: { number: string }, ctx: Ctx) => {
      const viewer = viewerOf(ctx);
      // Anonymous callers hold no order link here: every order is someone's, so they get null like a wrong number.
      if (!viewer) return null;
      const order = await orderForViewer(ctx.app.db, args.number.trim().toUpperCase(), { userId: viewer.id, accessToken: null, isStaff: viewerIsStaff(ctx) });
      return order ? nodeFromView(order) : null;
    },
  },
  Customer: {
    role: (c: CurrentUser) => c.role.toUpperCase(),
    locale: async (c: CurrentUser, _args, ctx: Ctx) => (await accountLocale(ctx.app.db, c.id, ctx.app.config.defaultLocale)).toUpperCase(),
    membership: async (c: CurrentUser, _args, ctx: Ctx) => {
      const status = await membershipStatus(ctx.app.db, c.id);
      return { active: status.active, endsAt: status.endsAt === null ? null : new Date(status.endsAt).toISOString() };
    },
    orders: async (c: CurrentUser, args: PageArgs, ctx: Ctx) => (await ordersPage(c, args, ctx)).nodes,
    orderConnection: async (c: CurrentUser, args: PageArgs, ctx: Ctx) => {
      const page = await ordersPage(c, args, ctx);
      const edges = page.nodes.map((node) => ({ cursor: node.cursor as string, node }));
      return {
        edges,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
        // Counted only when asked for.
        totalCount: () => countOrdersOfUser(ctx.app.db, c.id),
      };
    },
  },
  Order: {
    status: (o: OrderNode) => orderStatusEnumValue(o.status),
    placedAt: (o: OrderNode) => o.placedAt.toISOString(),
    shippingMethod: (o: OrderNode) => o.shippingMethodCode,
    // order(number) already limits orders to their customer and staff; this holds if an order is ever reached another way.
    shippingAddress: (o: OrderNode, _args, ctx: Ctx) => {
      const viewer = viewerOf(ctx);
      return viewer && (viewer.id === o.userId || viewerIsStaff(ctx)) ? o.shippingAddress : null;
    },
  },
  OrderLine: {
    name: (l: OrderLineView) => l.productName,
  },
};

// Batched: the lines of every order on the page in one query, the products of every line in a constant few.
export const accountLoaders: MercuriusLoaders = {
  Order: {
    lines: async (queries: { obj: OrderNode }[], ctx: Ctx) => {
      const missing = queries.filter((q) => !q.obj.lines && q.obj.id !== null).map((q) => q.obj.id as number);
      const lines = await linesOfOrders(ctx.app.db, missing);
      return queries.map(({ obj }) => obj.lines ?? lines.get(obj.id as number) ?? []);
    },
  },
  OrderLine: {
    product: async (queries: { obj: OrderLineView }[], ctx: Ctx) => {
      const ids = queries.map((q) => q.obj.productId).filter((id): id is number => id !== null);
      const products = await productNodesByIds(ctx.app.db, ids, audienceOfCtx(ctx));
      return queries.map(({ obj }) => (obj.productId === null ? null : products.get(obj.productId) ?? null));
    },
  },
};
