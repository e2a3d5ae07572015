// /api/v1/checkout/quote and POST /api/v1/orders: checkout for apps, through the same quoteCheckout and placeOrder as the pages,
// with an Idempotency-Key so a retried request never orders or charges twice.
import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MessageKey } from '../i18n';
import { ValidationError } from '../lib/errors';
import { audienceOf } from '../plugins/auth';
import { currentCartId } from '../cart/current-cart';
import { afterOrderPlaced } from '../orders/after-placed';
import { discountCodeOfCart } from '../discounts/service';
import { discountDescription } from '../discounts/descriptions';
import { addressFromForm } from '../accounts/addresses';
import { rememberPlacedOrder, tokenHash } from '../orders/placed-order-access';
import { orderForViewer, placeOrder, quoteCheckout, type ShippingAddress } from '../orders/service';
import { CardPaymentsNotTakenError, EmptyCartError } from '../orders/errors';
import { claimIdempotencyKey, completeIdempotencyKey, idempotencyKeyOf, releaseIdempotencyKey } from './idempotency';
import { orderHref, orderJson, ORDERS_PATH, pricedLineJson } from './orders-routes';
import { placeOrderRoute, quoteRoute } from './rest-schemas';
import { API_V1, rejectInvalidInput } from './rest-support';

interface CheckoutBody {
  email?: string;
  shippingAddress: Record<string, unknown>;
  shippingMethod: string;
  discountCode?: string | null;
}

interface PlaceBody extends CheckoutBody {
  card: { number: string; expMonth: number; expYear: number; cvc: string };
  expectedTotalCents: number;
}

const ADDRESS_FIELDS = new Set(['name', 'line1', 'line2', 'postalCode', 'city', 'region', 'country', 'phone']);

/** The address as the pages take it (trimmed, single spaces, capitals where the post wants them). */
function addressOf(body: CheckoutBody): ShippingAddress {
  const { isDefault: _isDefault, ...address } = addressFromForm(body.shippingAddress);
  return address;
}

/** The services name address fields as the forms do; in the API they sit under shippingAddress. */
function withApiFieldNames(err: unknown): unknown {
  if (!(err instanceof ValidationError)) return err;
  const fields: Record<string, MessageKey> = {};
  for (const [name, key] of Object.entries(err.fields)) fields[ADDRESS_FIELDS.has(name) ? `shippingAddress.${name}` : name] = key;
  return new ValidationError(fields, err.status);
}

/** Guests check out with the email they give; accounts default to theirs. */
function emailOf(request: FastifyRequest, body: CheckoutBody): string {
  return body.email ?? request.user?.email ?? '';
}

export async function checkoutApiRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const currency = app.config.currency;
  const csrf = 'unless-sessionless' as const;

  /** The key placeOrder gets: the caller's key bound to its scope, keyed by the server's secret so nobody can derive the guest order link from it. */
  const orderKeyFor = (scope: string, key: string) => `api:${createHmac('sha256', app.config.sessionSecret).update(`${scope}\n${key}`).digest('base64url')}`;

  // Requests whose Idempotency-Key this process holds: their answer is stored before it is sent.
  const claims = new WeakMap<FastifyRequest, number>();
  app.addHook('preSerialization', async (request, reply, payload) => {
    const id = claims.get(request);
    if (id === undefined) return payload;
    claims.delete(request);
    // A server failure is not an answer to keep: the key is given back and a retry runs again (placeOrder stays idempotent).
    if (reply.statusCode >= 500) await releaseIdempotencyKey(db, id);
    else await completeIdempotencyKey(db, id, reply.statusCode, payload);
    return payload;
  });
  // Safety net for an answer that never went through preSerialization: do not leave the key held until the lock expires.
  app.addHook('onResponse', async (request) => {
    const id = claims.get(request);
    if (id === undefined) return;
    claims.delete(request);
    await releaseIdempotencyKey(db, id).catch((err) => request.log.error({ err }, 'could not release an idempotency key'));
  });

  /** Left out of the body: the code kept on the cart (applied on the checkout pages or through GraphQL); null or "": none. */
  async function discountCodeFor(cartId: number, body: CheckoutBody): Promise<string | null> {
    return body.discountCode === undefined ? discountCodeOfCart(db, cartId) : body.discountCode;
  }

  app.post<{ Body: CheckoutBody }>(`${API_V1}/checkout/quote`, { schema: quoteRoute, attachValidation: true, config: { csrf } }, async (request) => {
    rejectInvalidInput(request);
    const body = request.body;
    const cartId = await currentCartId(request, false);
    if (cartId === null) throw new EmptyCartError();
    const address = addressOf(body);
    const quote = await quoteCheckout(db, {
      cartId,
      audience: audienceOf(request),
      userId: request.user?.id ?? null,
      email: emailOf(request, body),
      shippingMethodCode: body.shippingMethod,
      country: address.country,
      region: address.region,
      discountCode: await discountCodeFor(cartId, body),
      now: Date.now(),
    });
    const { totals } = quote;
    return {
      currency,
      lines: quote.lines.map(pricedLineJson),
      subtotalCents: totals.subtotalCents,
      discountCents: totals.discountCents,
      shippingCents: totals.shippingCents,
      shippingFullPriceCents: totals.shippingFullPriceCents,
      freeShipping: totals.freeShipping,
      taxCents: totals.taxCents,
      taxRateBasisPoints: totals.taxRateBasisPoints,
      totalCents: totals.totalCents,
      pricesIncludeTax: totals.pricesIncludeTax,
      shippingMethod: { code: quote.shippingMethod.code, name: quote.shippingMethod.name },
      discountCode: quote.discountCode,
      // Accept-Language (or the language cookie): the description's language, the shop's own where it has no translation.
      discountDescription: quote.discountCode ? ((await discountDescription(db, quote.discountCode, request.locale))?.text ?? null) : null,
    };
  });

  app.post<{ Body: PlaceBody }>(ORDERS_PATH, { schema: placeOrderRoute, attachValidation: true, config: { csrf } }, async (request, reply) => {
    // The key first: a missing or malformed key gets its own code, whatever else is wrong.
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    rejectInvalidInput(request);
    if (app.redirectPayments) throw new CardPaymentsNotTakenError();
    const body = request.body;
    const user = request.user;
    const cartId = await currentCartId(request, false);
    if (cartId === null) throw new EmptyCartError();
    // Keys belong to their caller: the account, or for a guest the session's cart.
    const scope = user ? `user:${user.id}` : `cart:${cartId}`;

    const claim = await claimIdempotencyKey(db, scope, key, body);
    if (claim.kind === 'replay') {
      reply.code(claim.status).header('idempotent-replayed', 'true');
      const number = (claim.body as { number?: unknown } | null)?.number;
      if (claim.status === 201 && typeof number === 'string') reply.header('location', orderHref(number));
      return reply.type(claim.status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8').send(claim.body);
    }
    claims.set(request, claim.id);

    const orderKey = orderKeyFor(scope, key);
    let placed;
    try {
      placed = await placeOrder(db, app.payments, {
        idempotencyKey: orderKey,
        cartId,
        audience: audienceOf(request),
        userId: user?.id ?? null,
        email: emailOf(request, body),
        shippingAddress: addressOf(body),
        shippingMethodCode: body.shippingMethod,
        discountCode: await discountCodeFor(cartId, body),
        card: { number: body.card.number, expMonth: body.card.expMonth, expYear: body.card.expYear, cvc: body.card.cvc.trim() },
        expectedTotalCents: body.expectedTotalCents,
        currency,
        now: Date.now(),
        // Accept-Language (or the language cookie): the invoice's language.
        locale: request.locale,
      });
    } catch (err) {
      throw withApiFieldNames(err);
    }
    afterOrderPlaced(request, placed);
    // A guest's session may open the order afterwards (here and on the order page), as after the checkout pages.
    if (!user) rememberPlacedOrder(request, { number: placed.number, accessToken: placed.accessToken, tokenHash: tokenHash(orderKey) });
    const order = await orderForViewer(db, placed.number, { userId: user?.id ?? null, accessToken: placed.accessToken, isStaff: false });
    if (!order) throw new Error(`order ${placed.number} cannot be read with its own access token`);
    return reply.code(201).header('location', orderHref(order.number)).send(orderJson(order));
  });
}
