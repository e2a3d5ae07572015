// A URL per language: the default language at "/", every other one under "/<locale>/" (e.g. /fr/cart).
// Pure helpers shared by the routing hook, the page context (links, alternates) and sitemap.xml.
import { LOCALES, type Locale } from './index';

/** Paths that are the same in every language: the back office, apps, files, the switch itself. */
const UNLOCALIZED = ['/admin', '/api', '/graphql', '/static', '/media', '/live', '/language', '/healthz', '/sitemap.xml', '/robots.txt', '/favicon'];

function startsWithSegment(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  const next = path.charAt(prefix.length);
  return next === '' || next === '/' || next === '?' || next === '#' || prefix.endsWith('.xml') || prefix.endsWith('.txt');
}

/** A storefront path that exists in every language (as opposed to the back office, the APIs and files). */
export function isLocalizedPath(path: string): boolean {
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return false;
  return !UNLOCALIZED.some((prefix) => startsWithSegment(path, prefix));
}

/** "/fr" for French when English is the default, "" for the default language. */
export function localePrefix(locale: Locale, defaultLocale: Locale): string {
  return locale === defaultLocale ? '' : `/${locale}`;
}

/** The address of an unprefixed site path in a language: /cart -> /fr/cart, / -> /fr/, /admin stays /admin. */
export function localizePath(path: string, locale: Locale, defaultLocale: Locale): string {
  const prefix = localePrefix(locale, defaultLocale);
  if (prefix === '' || !isLocalizedPath(path) || splitLocalePrefix(path, defaultLocale).locale !== null) return path;
  return path === '/' || path.startsWith('/?') ? `${prefix}/${path.slice(1)}` : `${prefix}${path}`;
}

/**
 * The language a URL names by its prefix and the URL without it: /fr/cart?x=1 -> fr, /cart?x=1.
 * Only storefront paths take a prefix; /fr/admin names no language (and is not found).
 */
export function splitLocalePrefix(url: string, defaultLocale: Locale): { locale: Locale | null; rest: string } {
  for (const locale of LOCALES) {
    const prefix = localePrefix(locale, defaultLocale);
    if (prefix === '' || !url.startsWith(prefix)) continue;
    const after = url.slice(prefix.length);
    if (after === '' || after.startsWith('?')) return { locale, rest: `/${after}` };
    if (after.startsWith('/') && !after.startsWith('//') && isLocalizedPath(after)) return { locale, rest: after };
  }
  return { locale: null, rest: url };
}
