// A local stand-in for the few Stripe API endpoints the adapter calls, in Stripe's documented shapes, for tests (no network reaches Stripe).
//
// Answers: POST /v1/checkout/sessions, GET /v1/checkout/sessions (list, created[gte]), GET
// /v1/checkout/sessions/:id (expand payment_intent, payment_intent.latest_charge), GET /v1/payment_intents/:id,
// POST /v1/refunds, GET /v1/refunds?payment_intent=. Idempotency-Key replays the first answer and refuses
// other parameters (idempotency_error), as Stripe does. The shopper's actions on the hosted page (pay,
// a refused card, expiry) are methods that change the state and return the event Stripe would send.
// What it does not model is listed in src/payments/README.md.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;

interface StandInEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  type: string;
  data: { object: Json };
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; code?: string; message: string; param?: string },
  ) {
    super(body.message);
  }
}

const id = (prefix: string) => prefix + randomBytes(12).toString('hex');
const unix = () => Math.floor(Date.now() / 1000);

/** Stripe's form encoding (a[b][0][c]=v) back into nested objects and arrays. */
export function parseStripeForm(body: string): Json {
  const out: Json = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = rawKey.replace(/\]/g, '').split('[');
    let node: Record<string, unknown> = out;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= /^\d+$/.test(path[i + 1]) ? [] : {}) as Record<string, unknown>;
    });
  }
  return out;
}

export class StripeStandIn {
  readonly sessions = new Map<string, Json>();
  readonly paymentIntents = new Map<string, Json>();
  readonly charges = new Map<string, Json>();
  readonly refunds = new Map<string, Json>();
  /** Every request, for tests that check what the adapter asked. */
  readonly requests: { method: string; path: string; idempotencyKey: string | null; params: Json }[] = [];
  /** The next requests to these paths get a 500 (a Stripe outage); consumed one by one. */
  readonly failNext: string[] = [];
  private readonly idempotent = new Map<string, { fingerprint: string; status: number; body: Json }>();
  private server: http.Server | null = null;
  private base = '';

  constructor(
    readonly secretKey = 'sk_test_stand_in',
    readonly apiVersion = '2026-10-28.endive',
  ) {}

  async start(): Promise<{ host: string; port: number; url: string }> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
    return { host: '127.0.0.1', port, url: this.base };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The shopper pays on the hosted page: a succeeded PaymentIntent and charge, the session complete. */
  pay(sessionId: string): StandInEvent {
    const session = this.mustSession(sessionId);
    const pi = this.paymentIntentFor(session);
    const charge: Json = { id: id('ch_'), object: 'charge', amount: session.amount_total, amount_refunded: 0, currency: session.currency, paid: true, refunded: false, status: 'succeeded', payment_intent: pi.id };
    this.charges.set(charge.id as string, charge);
    Object.assign(pi, { status: 'succeeded', amount_received: session.amount_total, latest_charge: charge.id, last_payment_error: null });
    Object.assign(session, { status: 'complete', payment_status: 'paid' });
    return this.event('checkout.session.completed', session);
  }

  /** A card is refused on the hosted page; the session stays open for another try. */
  refuseCard(sessionId: string, code = 'card_declined'): StandInEvent {
    const pi = this.paymentIntentFor(this.mustSession(sessionId));
    Object.assign(pi, { status: 'requires_payment_method', last_payment_error: { type: 'card_error', code, message: 'Your card was declined.' } });
    return this.event('payment_intent.payment_failed', pi);
  }

  /** The session expires unpaid. */
  expire(sessionId: string): StandInEvent {
    const session = this.mustSession(sessionId);
    Object.assign(session, { status: 'expired', url: null });
    return this.event('checkout.session.expired', session);
  }

  private mustSession(sessionId: string): Json {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    return session;
  }

  private paymentIntentFor(session: Json): Json {
    if (typeof session.payment_intent === 'string') return this.paymentIntents.get(session.payment_intent)!;
    const data = (session.payment_intent_data ?? {}) as Json;
    const pi: Json = {
      id: id('pi_'),
      object: 'payment_intent',
      amount: session.amount_total,
      amount_received: 0,
      currency: session.currency,
      status: 'requires_payment_method',
      latest_charge: null,
      last_payment_error: null,
      metadata: data.metadata ?? {},
      created: unix(),
      livemode: false,
    };
    this.paymentIntents.set(pi.id as string, pi);
    session.payment_intent = pi.id;
    return pi;
  }

  private event(type: string, object: Json): StandInEvent {
    return { id: id('evt_'), object: 'event', api_version: this.apiVersion, created: unix(), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object: structuredClone(this.publicView(object)) } };
  }

  /** What the API shows of an object (internal fields stripped). */
  private publicView(object: Json): Json {
    const { payment_intent_data: _data, ...rest } = object;
    return rest;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url ?? '/', this.base);
    const params = req.method === 'GET' ? parseStripeForm(url.search.slice(1)) : parseStripeForm(body);
    const idempotencyKey = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    this.requests.push({ method: req.method ?? '', path: url.pathname, idempotencyKey, params });
    const reply = (status: number, json: Json) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req_') });
      res.end(JSON.stringify(json));
    };
    try {
      if (req.headers.authorization !== `Bearer ${this.secretKey}`) {
        throw new ApiError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided.' });
      }
      const failAt = this.failNext.indexOf(url.pathname);
      if (failAt >= 0) {
        this.failNext.splice(failAt, 1);
        throw new ApiError(500, { type: 'api_error', message: 'An unknown error occurred.' });
      }
      if (req.method === 'POST' && idempotencyKey) {
        const fingerprint = `${url.pathname}|${body}`;
        const seen = this.idempotent.get(idempotencyKey);
        if (seen) {
          if (seen.fingerprint !== fingerprint) {
            throw new ApiError(400, { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with.` });
          }
          res.setHeader('idempotent-replayed', 'true');
          return reply(seen.status, seen.body);
        }
        const answer = this.route(req.method, url.pathname, params);
        this.idempotent.set(idempotencyKey, { fingerprint, status: 200, body: answer });
        return reply(200, answer);
      }
      return reply(200, this.route(req.method ?? 'GET', url.pathname, params));
    } catch (err) {
      if (err instanceof ApiError) return reply(err.status, { error: err.body });
      return reply(500, { error: { type: 'api_error', message: (err as Error).message } });
    }
  }

  private route(method: string, path: string, params: Json): Json {
    const expand = ((params.expand as string[] | undefined) ?? []).map(String);
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/v1/checkout/sessions') return this.createSession(params);
    if (method === 'GET' && path === '/v1/checkout/sessions') return this.listSessions(params);
    if (method === 'GET' && (match = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path))) {
      const session = this.sessions.get(match[1]);
      if (!session) throw missing('session', match[1]);
      const view = this.publicView(session);
      if (expand.some((e) => e === 'payment_intent' || e.startsWith('payment_intent.')) && typeof session.payment_intent === 'string') {
        view.payment_intent = this.paymentIntentView(session.payment_intent, expand.includes('payment_intent.latest_charge'));
      }
      return view;
    }
    if (method === 'GET' && (match = /^\/v1\/payment_intents\/([^/]+)$/.exec(path))) {
      if (!this.paymentIntents.has(match[1])) throw missing('payment_intent', match[1]);
      return this.paymentIntentView(match[1], expand.includes('latest_charge'));
    }
    if (method === 'POST' && path === '/v1/refunds') return this.createRefund(params);
    if (method === 'GET' && path === '/v1/refunds') {
      const data = [...this.refunds.values()].filter((r) => !params.payment_intent || r.payment_intent === params.payment_intent).reverse();
      return { object: 'list', url: '/v1/refunds', has_more: false, data };
    }
    throw new ApiError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` });
  }

  private createSession(params: Json): Json {
    const lineItems = (params.line_items as Json[] | undefined) ?? [];
    if (params.mode !== 'payment') throw invalid('mode', 'Missing required param: mode.');
    if (!params.success_url) throw invalid('success_url', 'Missing required param: success_url.');
    if (lineItems.length === 0) throw invalid('line_items', 'Missing required param: line_items.');
    let amount = 0;
    let currency = '';
    for (const item of lineItems) {
      const price = (item.price_data ?? {}) as Json;
      const unitAmount = Number(price.unit_amount);
      const quantity = Number(item.quantity ?? 1);
      if (!Number.isInteger(unitAmount) || unitAmount < 0) throw invalid('line_items[0][price_data][unit_amount]', 'Invalid integer.');
      if (!/^[a-z]{3}$/.test(String(price.currency))) throw invalid('line_items[0][price_data][currency]', 'Invalid currency.');
      amount += unitAmount * quantity;
      currency = String(price.currency);
    }
    const created = unix();
    const expiresAt = params.expires_at === undefined ? created + 86_400 : Number(params.expires_at);
    if (expiresAt < created + 1_800 - 5 || expiresAt > created + 86_400) throw invalid('expires_at', 'The `expires_at` timestamp must be between 30 minutes and 24 hours from now.');
    const sessionId = id('cs_test_');
    const session: Json = {
      id: sessionId,
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: amount,
      amount_total: amount,
      currency,
      client_reference_id: params.client_reference_id ?? null,
      customer_email: params.customer_email ?? null,
      locale: params.locale ?? null,
      metadata: params.metadata ?? {},
      payment_intent: null,
      payment_intent_data: params.payment_intent_data ?? {},
      success_url: params.success_url,
      cancel_url: params.cancel_url ?? null,
      url: `${this.base}/c/pay/${sessionId}`,
      created,
      expires_at: expiresAt,
      livemode: false,
    };
    this.sessions.set(sessionId, session);
    return this.publicView(session);
  }

  private listSessions(params: Json): Json {
    const created = params.created as Json | undefined;
    const gte = created && typeof created === 'object' && created.gte !== undefined ? Number(created.gte) : -Infinity;
    const limit = Math.min(100, Number(params.limit ?? 10));
    // Newest first, as Stripe lists; starting_after pages on.
    let all = [...this.sessions.values()].filter((s) => Number(s.created) >= gte).reverse();
    if (params.starting_after) all = all.slice(all.findIndex((s) => s.id === params.starting_after) + 1);
    return { object: 'list', url: '/v1/checkout/sessions', has_more: all.length > limit, data: all.slice(0, limit).map((s) => this.publicView(s)) };
  }

  private paymentIntentView(piId: string, expandCharge: boolean): Json {
    const pi = { ...this.paymentIntents.get(piId)! };
    if (expandCharge && typeof pi.latest_charge === 'string') pi.latest_charge = { ...this.charges.get(pi.latest_charge) };
    return pi;
  }

  private createRefund(params: Json): Json {
    const pi = this.paymentIntents.get(String(params.payment_intent ?? ''));
    if (!pi) throw missing('payment_intent', String(params.payment_intent ?? ''));
    const charge = typeof pi.latest_charge === 'string' ? this.charges.get(pi.latest_charge) : undefined;
    if (!charge) throw new ApiError(400, { type: 'invalid_request_error', code: 'charge_not_refundable', message: 'This PaymentIntent does not have a successful charge to refund.' });
    const remaining = Number(charge.amount) - Number(charge.amount_refunded);
    const amount = params.amount === undefined ? remaining : Number(params.amount);
    if (remaining === 0) throw new ApiError(400, { type: 'invalid_request_error', code: 'charge_already_refunded', message: `Charge ${charge.id} has already been refunded.` });
    if (!Number.isInteger(amount) || amount <= 0) throw invalid('amount', 'Invalid positive integer.');
    if (amount > remaining) throw new ApiError(400, { type: 'invalid_request_error', code: 'amount_too_large', param: 'amount', message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining}).` });
    charge.amount_refunded = Number(charge.amount_refunded) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    const refund: Json = { id: id('re_'), object: 'refund', amount, currency: charge.currency, charge: charge.id, payment_intent: pi.id, status: 'succeeded', metadata: params.metadata ?? {}, created: unix() };
    this.refunds.set(refund.id as string, refund);
    return refund;
  }
}

function missing(kind: string, value: string): ApiError {
  return new ApiError(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such ${kind}: '${value}'` });
}

function invalid(param: string, message: string): ApiError {
  return new ApiError(400, { type: 'invalid_request_error', code: 'parameter_invalid', param, message });
}
