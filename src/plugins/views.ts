// Eta templates through @fastify/view: reply.render() adds what every page needs (t, money, assets, nav).
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import view from '@fastify/view';
import { Eta } from 'eta';
import type { Config } from '../config';
import { formattersFor, type Formatters, type Locale } from '../i18n';
import type { AssetUrl } from './assets';
import { TtlCache } from '../lib/ttl-cache';
import { PrecompressedBody, preferredEncoding } from '../lib/precompressed';
import { SESSION_COOKIE } from './sessions';

export interface NavCategory {
  name: string;
  href: string;
}

/** What layout.eta and the partials receive besides the page's own view model. */
export interface PageContext extends Formatters {
  asset: AssetUrl;
  /** The path and query of this request, for canonical-less links and "return to" targets. */
  currentPath: string;
  otherLocales: { locale: Locale; label: string; href: string }[];
  nav: NavCategory[];
  year: number;
  publicUrl: string;
  /** The visitor sent a session cookie: forms may carry a CSRF token without making a cacheable page personal. */
  hasSession: boolean;
  /** Items in the visitor's cart, for the header. */
  cartCount: number;
  /** The signed-in account, or null. */
  user: import('./auth').CurrentUser | null;
  /** A CSRF token for a form on this page; calling it makes the page personal (never cached). */
  csrfToken: () => string;
}

export type NavProvider = () => Promise<NavCategory[]>;
export type CartCountProvider = (request: FastifyRequest) => Promise<number>;

declare module 'fastify' {
  interface FastifyReply {
    /** Renders views/<template>.eta with the page context; statuses other than 200 for re-rendered forms and errors. */
    render(template: string, model: object, status?: number): Promise<FastifyReply>;
    /**
     * Like render, but visitors without a session (whose pages are all alike) get the page from memory;
     * key must name everything the page depends on besides the language.
     */
    renderPublic(key: string, template: string, model: () => Promise<object>): Promise<FastifyReply>;
  }
  interface FastifyRequest {
    pageContext(currentPath?: string): Promise<PageContext>;
  }
  interface FastifyInstance {
    publicPages: TtlCache<PrecompressedBody>;
  }
}

export async function registerViews(
  app: FastifyInstance,
  config: Config,
  asset: AssetUrl,
  navProvider: NavProvider,
  cartCountProvider: CartCountProvider,
): Promise<void> {
  const production = config.env !== 'development';
  const eta = new Eta({
    views: path.join(config.rootDir, 'views'),
    cache: production,
    autoEscape: true,
    autoTrim: [false, 'nl'],
  });
  await app.register(view, {
    engine: { eta },
    root: path.join(config.rootDir, 'views'),
    production,
  });

  app.decorate('publicPages', new TtlCache<PrecompressedBody>(2000, config.catalogCacheTtlMs));

  app.decorateRequest('pageContext', async function pageContext(this: FastifyRequest, path?: string): Promise<PageContext> {
    const f = formattersFor(this.locale, config.currency);
    let nav: NavCategory[] = [];
    let cartCount = 0;
    const hasSession = this.cookies[SESSION_COOKIE] !== undefined;
    try {
      if (!this.databaseDown) {
        nav = await navProvider();
        if (hasSession) cartCount = await cartCountProvider(this);
      }
    } catch (err) {
      // An error page must render even when the database is the thing that failed.
      this.log.error({ err }, 'navigation unavailable');
    }
    const currentPath = path ?? this.url;
    const returnTo = encodeURIComponent(currentPath);
    return {
      ...f,
      asset,
      currentPath,
      otherLocales: (['en', 'fr'] as const)
        .filter((l) => l !== this.locale)
        .map((l) => ({ locale: l, label: f.t(`language.${l}`), href: `/language/${l}?return=${returnTo}` })),
      nav,
      year: new Date().getFullYear(),
      publicUrl: config.publicUrl,
      user: this.user ?? null,
      hasSession,
      cartCount,
      csrfToken: () => {
        throw new Error('csrfToken is only available while rendering through reply.render');
      },
    };
  });

  async function renderHtml(request: FastifyRequest, reply: FastifyReply, template: string, model: object): Promise<{ html: string; personal: boolean }> {
    const currentPath = (model as { currentPath?: string }).currentPath;
    const context = await request.pageContext(currentPath);
    let personal = false;
    let token: string | undefined;
    context.csrfToken = () => {
      personal = true;
      token ??= reply.generateCsrf();
      return token;
    };
    const html = await reply.viewAsync(template, { ...context, ...model });
    return { html, personal };
  }

  app.decorateReply('render', async function render(this: FastifyReply, template: string, model: object, status = 200) {
    const { html } = await renderHtml(this.request, this, template, model);
    return this.code(status).type('text/html; charset=utf-8').send(html);
  });

  app.decorateReply('renderPublic', async function renderPublic(this: FastifyReply, key: string, template: string, model: () => Promise<object>) {
    const isPublic = this.request.cookies[SESSION_COOKIE] === undefined;
    const cacheKey = `${this.request.locale}|${key}`;
    const cached = isPublic ? app.publicPages.get(cacheKey) : undefined;
    if (cached) {
      // Served as stored: compressed once per page, not once per request.
      const encoding = preferredEncoding(this.request.headers['accept-encoding']);
      const body = await cached.encoded(encoding);
      this.header('vary', 'accept-encoding');
      if (encoding !== 'identity') this.header('content-encoding', encoding);
      return this.code(200).type('text/html; charset=utf-8').send(body);
    }
    const rendered = await renderHtml(this.request, this, template, await model());
    // A page that holds a CSRF token or names someone belongs to that visitor only.
    if (isPublic && !rendered.personal && !this.request.user) app.publicPages.set(cacheKey, new PrecompressedBody(rendered.html));
    return this.code(200).type('text/html; charset=utf-8').send(rendered.html);
  });
}
