// A cookie-keeping client over app.inject for integration tests: follows the site like a browser without JavaScript.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export type Response = LightMyRequestResponse;

/** The _csrf value of the first form on a page (or of the form posting to action). */
export function csrfTokenIn(html: string, action?: string): string {
  let scope = html;
  if (action) {
    const start = html.indexOf(`action="${action}"`);
    if (start === -1) throw new Error(`no form posting to ${action}`);
    scope = html.slice(start);
  }
  const match = /name="_csrf" value="([^"]+)"/.exec(scope);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

export class TestBrowser {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: FastifyInstance,
    /** The client address the app sees (rate limits are per IP). */
    readonly ip = '127.0.0.1',
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
    const res = await this.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { ...headers, cookie: this.cookieHeader() } });
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
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers, cookie: this.cookieHeader() },
    });
    this.remember(res);
    return res;
  }

  /** Opens the page, then submits its form (the one posting to action, default the page itself) with its CSRF token. */
  async submit(pageUrl: string, fields: Record<string, string>, action?: string): Promise<Response> {
    const page = await this.get(pageUrl);
    const target = action ?? pageUrl.split('?')[0];
    return this.post(target, { _csrf: csrfTokenIn(page.body, target), ...fields });
  }
}
