// The visitor's language. The URL decides for pages: /fr/... is French, an unprefixed page the default
// language (i18n/locale-paths.ts). The footer switch's cookie, else Accept-Language, only suggests the other
// language on an unprefixed page and chooses the language of the back office; for a signed-in shopper it is also
// the account's language (emails). Apps (REST, GraphQL) ask with Accept-Language and are told Content-Language.
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { isLocale, negotiateLocale, type Locale } from '../i18n';
import { isLocalizedPath, localePrefix, localizePath, splitLocalePrefix } from '../i18n/locale-paths';
import { safeReturnPath } from '../lib/safe-redirect';
import { setAccountLocale } from '../accounts/service';

export const LOCALE_COOKIE = 'lang';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    /** "/fr" when the URL named French (and was routed without it), "" otherwise. */
    localePrefix: string;
    /** On an unprefixed page: the language the visitor seems to prefer when it is not the page's, else null. */
    suggestedLocale: Locale | null;
  }
}

const urlLocales = new WeakMap<IncomingMessage, Locale>();

/**
 * Fastify's rewriteUrl: /fr/cart is routed as /cart and remembered as French, so route files know one path per page.
 * Unprefixed and unlocalized URLs pass unchanged.
 */
export function localeRewriteUrl(defaultLocale: Locale): (req: IncomingMessage) => string {
  return (req) => {
    const url = req.url ?? '/';
    const { locale, rest } = splitLocalePrefix(url, defaultLocale);
    if (locale === null) return url;
    urlLocales.set(req, locale);
    return rest;
  };
}

function isAppUrl(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/graphql');
}

function appendVary(current: unknown, field: string): string {
  const list = typeof current === 'string' && current !== '' ? current.split(',').map((s) => s.trim()) : [];
  if (!list.some((f) => f.toLowerCase() === field.toLowerCase() || f === '*')) list.push(field);
  return list.join(', ');
}

export async function registerLocale(app: FastifyInstance, config: Config): Promise<void> {
  const defaultLocale = config.defaultLocale;
  app.decorateRequest('locale', defaultLocale);
  app.decorateRequest('localePrefix', '');
  app.decorateRequest('suggestedLocale', null);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const fromUrl = urlLocales.get(request.raw);
    if (fromUrl) {
      request.locale = fromUrl;
      request.localePrefix = localePrefix(fromUrl, defaultLocale);
      return;
    }
    const fromHeader = negotiateLocale(request.headers['accept-language'], defaultLocale);
    if (isAppUrl(request.url)) {
      request.locale = fromHeader;
      return;
    }
    const fromCookie = request.cookies[LOCALE_COOKIE];
    const preferred = isLocale(fromCookie) ? fromCookie : fromHeader;
    if (isLocalizedPath(request.url)) {
      request.locale = defaultLocale;
      request.suggestedLocale = preferred === defaultLocale ? null : preferred;
    } else {
      // The back office and other pages that have one URL for every language.
      request.locale = preferred;
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // A redirect from a French page stays French: routes redirect to unprefixed paths, this one place adds the prefix.
    const location = reply.getHeader('location');
    if (request.localePrefix !== '' && typeof location === 'string') {
      reply.header('location', localizePath(location, request.locale, defaultLocale));
    }
    const url = request.url;
    if (url.startsWith('/static/') || url.startsWith('/media/')) return payload;
    reply.header('content-language', request.locale);
    // What an unprefixed page or an app's answer says depends on the visitor's language preference.
    if (request.localePrefix === '' && (isAppUrl(url) || isLocalizedPath(url))) {
      reply.header('vary', appendVary(reply.getHeader('vary'), 'Accept-Language'));
    }
    return payload;
  });

  // A link, not a form: choosing a language sets a preference cookie and, for a signed-in shopper, the account's
  // language (what the shop's emails are written in; merely browsing /fr/ pages changes neither); then the same
  // page (and query) in that language.
  app.get<{ Params: { locale: string }; Querystring: { return?: string } }>('/language/:locale', async (request, reply) => {
    const target = safeReturnPath(request.query.return);
    const chosen = request.params.locale;
    if (!isLocale(chosen)) return reply.redirect(target, 303);
    // Only the shop's own links count: another site sending the browser here cannot change the account (a GET
    // carries no CSRF token; browsers say where a navigation came from in Sec-Fetch-Site).
    if (request.user && request.authMethod === 'session' && request.headers['sec-fetch-site'] !== 'cross-site') {
      await setAccountLocale(app.db, request.user.id, chosen);
    }
    reply.setCookie(LOCALE_COOKIE, chosen, {
      path: '/',
      maxAge: 365 * 24 * 60 * 60,
      sameSite: 'lax',
      httpOnly: true,
      secure: request.protocol === 'https',
    });
    return reply.redirect(localizePath(splitLocalePrefix(target, defaultLocale).rest, chosen, defaultLocale), 303);
  });
}
