// The one translation function, language negotiation and locale-aware formatting.
import { en, type MessageKey } from './en';
import { fr } from './fr';
import { formatMoney } from '../lib/money';

export type { MessageKey };
export type Locale = 'en' | 'fr';
export const LOCALES: readonly Locale[] = ['en', 'fr'];

/**
 * French typography, applied once to every French string: a no-break space before ":" and inside « », a narrow
 * no-break space before ";", "!" and "?" (where the text has an ordinary space or none after a letter-free
 * spot). Written once here, so translators type ordinary spaces and every channel (pages, email, PDF) gets it.
 */
export function frenchTypography(text: string): string {
  return text
    .replace(/[ \u00a0\u202f]+:(?=\s|$)/g, '\u00a0:')
    .replace(/[ \u00a0\u202f]+([;!?])/g, '\u202f$1')
    .replace(/«[ \u00a0\u202f]*/g, '«\u00a0')
    .replace(/[ \u00a0\u202f]*»/g, '\u00a0»');
}

const frTypeset = Object.fromEntries(Object.entries(fr).map(([k, v]) => [k, frenchTypography(v)])) as Record<MessageKey, string>;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, fr: frTypeset };

/** What follows a label before its value: ":" in English, a no-break space and ":" in French. */
export function colonOf(locale: Locale): string {
  return locale === 'fr' ? '\u00a0:' : ':';
}

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'fr';
}

export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = dictionaries[locale][key] ?? en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Picks the best supported language from an Accept-Language header, honouring q-values. */
export function negotiateLocale(header: string | undefined, fallback: Locale): Locale {
  if (!header) return fallback;
  let best: Locale | null = null;
  let bestQ = 0;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag, ...params] = part.trim().split(';');
    const lang = tag.trim().slice(0, 2).toLowerCase();
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (isLocale(lang) && Number.isFinite(q) && q > bestQ) {
      best = lang;
      bestQ = q;
    }
  }
  return best ?? fallback;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The helpers every template receives: t() and formatting for the visitor's language. */
export interface Formatters {
  locale: Locale;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  money: (cents: number) => string;
  date: (value: Date) => string;
  /** ":" after a label, as the language writes it ("Réf. :" in French). */
  colon: string;
}

const formatterCache = new Map<string, Formatters>();

export function formattersFor(locale: Locale, currency: string): Formatters {
  const key = `${locale}|${currency}`;
  let f = formatterCache.get(key);
  if (!f) {
    const intlLocale = locale === 'fr' ? 'fr-FR' : 'en-GB';
    let df = dateFormats.get(intlLocale);
    if (!df) {
      df = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'long' });
      dateFormats.set(intlLocale, df);
    }
    const dateFormat = df;
    f = {
      locale,
      t: (k, params) => translate(locale, k, params),
      money: (cents) => formatMoney(cents, currency, intlLocale),
      date: (value) => dateFormat.format(value),
      colon: colonOf(locale),
    };
    formatterCache.set(key, f);
  }
  return f;
}
