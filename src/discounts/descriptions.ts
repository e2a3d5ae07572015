// A discount code's description per language: the base text (discount_codes.description, the shop's default
// language) and translation rows for the others, read with the catalogue's fallback (a translation wins when not
// empty), for the cart, checkout, REST and GraphQL alike, and written by the back office.
import type { Knex } from 'knex';
import type { Locale } from '../i18n';
import { BASE_LOCALE } from '../catalog/translations';

/** As long as discount_codes.description and discount_code_translations.description. */
export const MAX_DISCOUNT_DESCRIPTION_LENGTH = 200;

/** The languages other than the base one that descriptions are translated into. */
export const DESCRIPTION_LOCALES = ['fr'] as const;
export type DescriptionLocale = (typeof DESCRIPTION_LOCALES)[number];

/** What a shopper reads beside the code, and the language it is written in (the base one when it stands in for a missing translation). */
export interface DiscountDescription {
  text: string;
  locale: Locale;
}

/** The text as stored: trimmed, on one line; null when it cannot be a description (too long, control characters). */
export function normaliseDescription(raw: string): string | null {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (text.length > MAX_DISCOUNT_DESCRIPTION_LENGTH || /[\u0000-\u001f\u007f]/.test(text)) return null;
  return text;
}

/** The description of a code (as stored, capitals) in this language, else in the base one; null when it has none or the code is unknown. */
export async function discountDescription(db: Knex | Knex.Transaction, code: string, locale: Locale = BASE_LOCALE): Promise<DiscountDescription | null> {
  const row = await db('discount_codes').where('code', code).first('id', 'description');
  if (!row) return null;
  if (locale !== BASE_LOCALE) {
    const translated = await db('discount_code_translations').where({ discount_code_id: row.id, locale }).first('description');
    const text = ((translated?.description as string | undefined) ?? '').trim();
    if (text !== '') return { text, locale };
  }
  const base = ((row.description as string | null) ?? '').trim();
  return base === '' ? null : { text: base, locale: BASE_LOCALE };
}

/** The translated descriptions of one code, by locale ('' where there is none). */
export async function descriptionTranslations(db: Knex | Knex.Transaction, discountCodeId: number): Promise<Record<DescriptionLocale, string>> {
  const rows = await db('discount_code_translations').where('discount_code_id', discountCodeId).select('locale', 'description');
  const out: Record<DescriptionLocale, string> = { fr: '' };
  for (const r of rows as { locale: string; description: string }[]) if ((DESCRIPTION_LOCALES as readonly string[]).includes(r.locale)) out[r.locale as DescriptionLocale] = r.description;
  return out;
}

/** A code's description in one translated language: written when given, removed when emptied (the base text then shows). */
export async function saveDescriptionTranslation(trx: Knex.Transaction, discountCodeId: number, locale: DescriptionLocale, text: string): Promise<void> {
  await trx('discount_code_translations').where({ discount_code_id: discountCodeId, locale }).delete();
  if (text !== '') await trx('discount_code_translations').insert({ discount_code_id: discountCodeId, locale, description: text });
}
