// The one test shopper over app.inject: keeps cookies like a browser without JavaScript, logs in, fills the cart and walks the checkout.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export type Response = LightMyRequestResponse;

/**
 * The _csrf value of the form posting to action, or of the first form on the page when no form posts
 * there (every form of a session carries a valid token; the action only picks one when there are several).
 */
export function csrfTokenIn(html: string, action?: string): string {
  const start = action ? html.indexOf(`action="${action}"`) : -1;
  const match = /name="_csrf" value="([^"]+)"/.exec(start === -1 ? html : html.slice(start));
  if (!match) throw new Error(`no CSRF token on the page${action ? ` for ${action}` : ''}`);
  return match[1];
}

/** The value of a hidden field (the checkout's one-time token, the expected total). */
export function hiddenValue(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no ${name} on the page`);
  return m[1];
}

export interface CheckoutChoices {
  email: string;
  address: Record<string, string>;
  shippingMethod?: string;
  discountCode?: string;
}

export class Shopper {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: FastifyInstance,
    /** The client address the app sees (rate limits are per IP). */
    readonly ip = '127.0.0.1',
    /** Sent with every request (e.g. the X-Forwarded-For a proxy adds). */
    readonly headers: Record<string, string> = {},
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** The session cookie as a Cookie header value, to replay it later from elsewhere. */
  get sessionCookie(): string | undefined {
    const value = this.cookies.get('emporium.sid');
    return value === undefined ? undefined : `emporium.sid=${value}`;
  }

  private remember(res: Response): void {
    const raw = res.headers['set-cookie'];
    for (const line of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]).getTime() <= Date.now()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { ...this.headers, ...headers, cookie: this.cookieHeader() } });
    this.remember(res);
    return res;
  }

  /** Posts a urlencoded form as it is (no token added). */
  async post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      payload: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.headers, ...headers, cookie: this.cookieHeader() },
    });
    this.remember(res);
    return res;
  }

  /** Posts a urlencoded form with a CSRF token taken earlier (a page already loaded, a double click). */
  async postWithToken(url: string, fields: Record<string, string>, csrf: string): Promise<Response> {
    return this.post(url, { _csrf: csrf, ...fields });
  }

  /** Loads tokenPage for a CSRF token, then posts the form to url (also to URLs whose page has no such form: refusals). */
  async postWithTokenFrom(url: string, fields: Record<string, string>, tokenPage: string): Promise<Response> {
    const page = await this.get(tokenPage);
    return this.postWithToken(url, fields, csrfTokenIn(page.body));
  }

  /** Carries on a session signed in elsewhere (a Cookie header value such as sign-in.ts's signIn answers). */
  useSession(cookie: string): this {
    const eq = cookie.indexOf('=');
    if (eq > 0) this.cookies.set(cookie.slice(0, eq), cookie.slice(eq + 1));
    return this;
  }

  /** Signs in as the user through the test route (the app needs sign-in.ts's addTestSignIn); a guest cart is merged as at log in. */
  async signInAs(userId: number): Promise<this> {
    const res = await this.app.inject({ method: 'POST', url: `/test/sign-in/${userId}`, remoteAddress: this.ip, headers: { cookie: this.cookieHeader() } });
    if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
    this.remember(res);
    return this;
  }

  /** Logs in through the login form, as a person would. */
  async logIn(email: string, password: string): Promise<Response> {
    return this.submit('/account/login', { email, password });
  }

  /** Adds a variant from its product page's form. */
  async addToCart(productSlug: string, variantId: number, quantity = 1): Promise<Response> {
    return this.submit(`/products/${productSlug}`, { product: productSlug, variant: String(variantId), quantity: String(quantity) }, '/cart/add');
  }

  /** Walks contact and delivery to the review page, applying the code there when given; each form must answer with its redirect. */
  async checkoutToReview(choices: CheckoutChoices): Promise<Response> {
    const steps: [string, Record<string, string>, string?][] = [
      ['/checkout/contact', { email: choices.email }],
      ['/checkout/shipping', { ...choices.address, shippingMethod: choices.shippingMethod ?? 'standard' }],
    ];
    if (choices.discountCode) steps.push(['/checkout/review', { discountCode: choices.discountCode }, '/checkout/discount']);
    for (const [step, fields, action] of steps) {
      const res = await this.submit(step, fields, action);
      if (res.statusCode !== 303) throw new Error(`${step}: ${res.statusCode} ${res.body.slice(0, 500)}`);
    }
    return this.get('/checkout/review');
  }

  /** The pay form of a review page: its token and the total it promises, with the CSRF token. */
  static payForm(reviewHtml: string): { csrf: string; token: string; expectedTotal: string } {
    return { csrf: csrfTokenIn(reviewHtml, '/checkout/pay'), token: hiddenValue(reviewHtml, 'token'), expectedTotal: hiddenValue(reviewHtml, 'expectedTotal') };
  }

  /** Opens the page, then submits its form (the one posting to action, default the page itself) with its CSRF token. */
  async submit(pageUrl: string, fields: Record<string, string>, action?: string): Promise<Response> {
    const page = await this.get(pageUrl);
    const target = action ?? pageUrl.split('?')[0];
    return this.post(target, { _csrf: csrfTokenIn(page.body, target), ...fields });
  }
}
