// A shopper over real HTTP (fetch with a cookie jar): the checkout pages and the REST API, for tests against a server process.
import { randomBytes } from 'node:crypto';

export const PAGE_ADDRESS = { name: 'Camille Martin', line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' };
export const GOOD_CARD = { number: '4242 4242 4242 4242', expiry: '12/34', expMonth: 12, expYear: 2034, cvc: '123' };

export interface Answer {
  status: number;
  location: string;
  body: string;
}

/** What one checkout ended as: an order number, a refusal the shop explained (status + body), or a broken connection. */
export type CheckoutOutcome = { kind: 'order'; number: string } | { kind: 'refused'; status: number; body: string } | { kind: 'broken'; error: string };

function field(html: string, name: string): string | null {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? null;
}

export class HttpShopper {
  private cookie = '';
  /** Every status this shopper was answered with, to assert that none was a 500. */
  readonly statuses: number[] = [];

  constructor(
    private base: string,
    readonly bearer: string | null = null,
  ) {}

  /** A restarted server listens elsewhere; the cookie (a database session) stays valid. */
  moveTo(base: string): void {
    this.base = base;
  }

  async send(method: string, url: string, body?: Record<string, string> | object, headers: Record<string, string> = {}): Promise<Answer> {
    const form = body !== undefined && !(headers['content-type'] ?? '').includes('json');
    const res = await fetch(this.base + url, {
      method,
      redirect: 'manual',
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0];
      if (pair.startsWith('emporium.sid=') && pair.length > 'emporium.sid='.length) this.cookie = pair;
    }
    this.statuses.push(res.status);
    return { status: res.status, location: res.headers.get('location') ?? '', body: await res.text() };
  }

  /** GET a form page, then POST it back with its CSRF token and `fields`. */
  private async step(url: string, fields: Record<string, string>): Promise<Answer> {
    const page = await this.send('GET', url);
    return this.send('POST', url, { _csrf: field(page.body, '_csrf') ?? '', ...fields });
  }

  /** The whole guest checkout through the pages, as a browser without JavaScript does it. */
  async checkoutThroughPages(variantId: number, quantity: number, productSlug: string): Promise<CheckoutOutcome> {
    try {
      const added = await this.send('POST', '/cart/add', { product: productSlug, variant: String(variantId), quantity: String(quantity) });
      if (added.status >= 400) return { kind: 'refused', status: added.status, body: added.body };
      await this.step('/checkout/contact', { email: `crash-${randomBytes(3).toString('hex')}@example.test` });
      await this.step('/checkout/shipping', { ...PAGE_ADDRESS, shippingMethod: 'standard' });
      const review = await this.send('GET', '/checkout/review');
      const token = field(review.body, 'token');
      if (!token) return { kind: 'refused', status: review.status, body: review.body };
      const pay = await this.send('POST', '/checkout/pay', {
        _csrf: field(review.body, '_csrf') ?? '',
        token,
        expectedTotal: field(review.body, 'expectedTotal') ?? '',
        cardNumber: GOOD_CARD.number,
        expiry: GOOD_CARD.expiry,
        cvc: GOOD_CARD.cvc,
      });
      const placed = /^\/orders\/(EMP-[0-9A-Z]+)/.exec(pay.location);
      if (pay.status === 303 && placed) return { kind: 'order', number: placed[1] };
      return { kind: 'refused', status: pay.status, body: pay.body };
    } catch (err) {
      return { kind: 'broken', error: String(err) };
    }
  }

  /** An app's checkout over REST with this shopper's token: add a line, quote, order with an Idempotency-Key. */
  async checkoutThroughApi(variantId: number, quantity: number): Promise<CheckoutOutcome> {
    const json = { 'content-type': 'application/json' };
    try {
      const added = await this.send('POST', '/api/v1/cart/lines', { variantId, quantity }, json);
      if (added.status >= 400) return { kind: 'refused', status: added.status, body: added.body };
      const address = { shippingAddress: PAGE_ADDRESS, shippingMethod: 'standard' };
      const quote = await this.send('POST', '/api/v1/checkout/quote', address, json);
      if (quote.status !== 200) return { kind: 'refused', status: quote.status, body: quote.body };
      const { totalCents } = JSON.parse(quote.body) as { totalCents: number };
      const card = { number: GOOD_CARD.number, expMonth: GOOD_CARD.expMonth, expYear: GOOD_CARD.expYear, cvc: GOOD_CARD.cvc };
      const order = await this.send('POST', '/api/v1/orders', { ...address, card, expectedTotalCents: totalCents }, { ...json, 'idempotency-key': `crash-${randomBytes(12).toString('hex')}` });
      if (order.status === 201 || order.status === 200) return { kind: 'order', number: (JSON.parse(order.body) as { number: string }).number };
      return { kind: 'refused', status: order.status, body: order.body };
    } catch (err) {
      return { kind: 'broken', error: String(err) };
    }
  }
}
