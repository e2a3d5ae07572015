// Country names in the visitor's language (Intl), for address forms and address display.
import type { Locale } from '../i18n';

const displayNames = new Map<Locale, Intl.DisplayNames>();

export function countryName(locale: Locale, code: string): string {
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region' });
    displayNames.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    // Not a region code (a value stored before codes were checked): print it as stored.
    return code;
  }
}

/** Select options for the given country codes, sorted by name in the visitor's language. */
export function countryOptions(locale: Locale, codes: readonly string[]): { value: string; label: string }[] {
  return codes.map((code) => ({ value: code, label: countryName(locale, code) })).sort((a, b) => a.label.localeCompare(b.label, locale));
}
