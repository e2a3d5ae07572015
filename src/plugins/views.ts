// Eta templates through @fastify/view: reply.render() adds what every page needs (t, money, assets, nav).
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import view from '@fastify/view';
import { Eta } from 'eta';
import type { Config } from '../config';
import { formattersFor, LOCALES, translate, type Formatters, type Locale } from '../i18n';
import { isLocalizedPath, localizePath } from '../i18n/locale-paths';
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
  /** The footer switch: the same page and query in each other language, through /language/ (which remembers the choice). */
  otherLocales: { locale: Locale; label: string; href: string }[];
  /** A site path in this page's language: href('/cart') is '/fr/cart' on a French page. */
  href: (path: string) => string;
  /** The canonical URL and the hreflang alternates (en, fr, x-default) of an indexable page; null otherwise. */
  localeLinks: LocaleLinks | null;
  /** "Cette page existe en français" on an unprefixed page for a visitor who prefers the other language. */
  languageOffer: LanguageOffer | null;
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

export interface LocaleLinks {
  canonical: string;
  alternates: { hreflang: string; href: string }[];
}

export interface LanguageOffer {
  locale: Locale;
  text: string;
  linkLabel: string;
  href: string;
  dismissLabel: string;
  dismissHref: string;
}

/** What a page's model may say about its addresses; everything else about a page is its own. */
interface PageAddresses {
  currentPath?: string;
  /** The absolute canonical URL in the default language's form (publicUrl + unprefixed path), or null for none. */
  canonical?: string | null;
  /** The unprefixed path of this page in each language when it differs (translated slugs); default: the same path. */
  alternatePaths?: Partial<Record<Locale, string>>;
  noindex?: boolean;
}

function splitQuery(path: string): { pathname: string; query: string } {
  const at = path.indexOf('?');
  return at < 0 ? { pathname: path, query: '' } : { pathname: path.slice(0, at), query: path.slice(at) };
}

export type NavProvider = (locale: Locale) => Promise<NavCategory[]>;
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
    pageContext(page?: PageAddresses, status?: number): Promise<PageContext>;
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

  const defaultLocale = config.defaultLocale;
  app.decorateRequest('pageContext', async function pageContext(this: FastifyRequest, page: PageAddresses = {}, status = 200): Promise<PageContext> {
    const f = formattersFor(this.locale, config.currency);
    let nav: NavCategory[] = [];
    let cartCount = 0;
    const hasSession = this.cookies[SESSION_COOKIE] !== undefined;
    try {
      if (!this.databaseDown) {
        nav = await navProvider(this.locale);
        if (hasSession) cartCount = await cartCountProvider(this);
      }
    } catch (err) {
      // An error page must render even when the database is the thing that failed.
      this.log.error({ err }, 'navigation unavailable');
    }
    // this.url is already without the language prefix (plugins/locale.ts).
    const currentPath = page.currentPath ?? this.url;
    const locale = this.locale;
    // The same page in another language: its path there, with this page's query (the page's own currentPath, as
    // the route normalised it: a page from the public cache serves every request that shares its key).
    const requestQuery = splitQuery(currentPath).query;
    const ownPath = splitQuery(currentPath).pathname;
    const pathIn = (l: Locale) => splitQuery(page.alternatePaths?.[l] ?? ownPath).pathname;
    const localized = isLocalizedPath(ownPath);
    let localeLinks: LocaleLinks | null = null;
    if (localized && status === 200 && !page.noindex && page.canonical !== null) {
      const canonicalPath = page.canonical ? page.canonical.slice(config.publicUrl.length) || '/' : currentPath;
      const { pathname, query } = splitQuery(canonicalPath);
      // The canonical's path in each language (translated slugs when the page names them), with the canonical's query.
      const urlIn = (l: Locale) => `${config.publicUrl}${localizePath(`${splitQuery(page.alternatePaths?.[l] ?? pathname).pathname}${query}`, l, defaultLocale)}`;
      localeLinks = {
        canonical: urlIn(locale),
        alternates: [...LOCALES.map((l) => ({ hreflang: l, href: urlIn(l) })), { hreflang: 'x-default', href: urlIn(defaultLocale) }],
      };
    }
    const switchTarget = (l: Locale) => (localized ? `${pathIn(l)}${requestQuery}` : currentPath);
    const suggested = this.suggestedLocale;
    const languageOffer: LanguageOffer | null =
      suggested && localized && status === 200
        ? {
            locale: suggested,
            text: translate(suggested, 'language.offer'),
            linkLabel: translate(suggested, 'language.offerLink'),
            href: localizePath(switchTarget(suggested), suggested, defaultLocale),
            dismissLabel: translate(suggested, 'language.offerDismiss'),
            dismissHref: `/language/${locale}?return=${encodeURIComponent(currentPath)}`,
          }
        : null;
    return {
      ...f,
      asset,
      currentPath,
      otherLocales: LOCALES.filter((l) => l !== locale).map((l) => ({
        locale: l,
        label: f.t(`language.${l}`),
        href: `/language/${l}?return=${encodeURIComponent(switchTarget(l))}`,
      })),
      href: (p: string) => localizePath(p, locale, defaultLocale),
      localeLinks,
      languageOffer,
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

  async function renderHtml(request: FastifyRequest, reply: FastifyReply, template: string, model: object, status = 200): Promise<{ html: string; personal: boolean }> {
    const context = await request.pageContext(model as PageAddresses, status);
    let personal = false;
    let token: string | undefined;
    context.csrfToken = () => {
      personal = true;
      token ??= reply.generateCsrf();
      return token;
    };
    const html = await reply.viewAsync(template, { ...context, ...model });
    return { html: localizeLinks(html, request.locale), personal };
  }

  /**
   * Every site link of a page in another language than the default carries its prefix: href="/cart" and
   * action="/cart/add" become /fr/cart and /fr/cart/add, whether the template wrote the path or a service
   * computed it (category and product hrefs, pagination, filters). Back-office, API and file links stay as they are.
   */
  function localizeLinks(html: string, locale: Locale): string {
    if (locale === defaultLocale) return html;
    return html.replace(/(\s(?:href|action|formaction)=")(\/[^"]*)"/g, (whole, attr: string, path: string) => {
      const localized = localizePath(path, locale, defaultLocale);
      return localized === path ? whole : `${attr}${localized}"`;
    });
  }

  app.decorateReply('render', async function render(this: FastifyReply, template: string, model: object, status = 200) {
    const { html } = await renderHtml(this.request, this, template, model, status);
    return this.code(status).type('text/html; charset=utf-8').send(html);
  });

  app.decorateReply('renderPublic', async function renderPublic(this: FastifyReply, key: string, template: string, model: () => Promise<object>) {
    const isPublic = this.request.cookies[SESSION_COOKIE] === undefined;
    const cacheKey = `${this.request.locale}|${this.request.suggestedLocale ?? ''}|${key}`;
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
