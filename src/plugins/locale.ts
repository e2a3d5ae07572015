// The visitor's language: the footer switch's cookie, else Accept-Language, else the shop default.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { isLocale, negotiateLocale, type Locale } from '../i18n';
import { safeReturnPath } from '../lib/safe-redirect';

export const LOCALE_COOKIE = 'lang';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
  }
}

export async function registerLocale(app: FastifyInstance, config: Config): Promise<void> {
  app.decorateRequest('locale', config.defaultLocale);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const fromCookie = request.cookies[LOCALE_COOKIE];
    request.locale = isLocale(fromCookie) ? fromCookie : negotiateLocale(request.headers['accept-language'], config.defaultLocale);
  });

  // A link, not a form: choosing a language changes nothing on the server, only a preference cookie.
  app.get<{ Params: { locale: string }; Querystring: { return?: string } }>('/language/:locale', async (request, reply) => {
    const target = safeReturnPath(request.query.return);
    if (!isLocale(request.params.locale)) return reply.redirect(target, 303);
    reply.setCookie(LOCALE_COOKIE, request.params.locale, {
      path: '/',
      maxAge: 365 * 24 * 60 * 60,
      sameSite: 'lax',
      httpOnly: true,
      secure: request.protocol === 'https',
    });
    return reply.redirect(target, 303);
  });
}
