// The one way an address is printed (pages, emails, the PDF invoice): country spelled out, postcode where that country's post wants it.
import type { Locale } from '../i18n';
import { countryName } from '../lib/countries';
import { isCountry, type Country, type PostalAddress } from './addresses';


/**
 * The town line of each country we ship to. Continental Europe writes "75001 Paris" with any region on
 * its own line; British and Irish posts want "London SW1A 1AA"; North America puts the state or province
 * on the town line ("Springfield, IL 62704"). A Record over Country, so a new country must choose.
 */
type TownLine = 'postcode-city' | 'city-postcode' | 'city-region-postcode';
const TOWN_LINES: Record<Country, TownLine> = {
  AT: 'postcode-city',
  BE: 'postcode-city',
  CA: 'city-region-postcode',
  CH: 'postcode-city',
  DE: 'postcode-city',
  ES: 'postcode-city',
  FR: 'postcode-city',
  GB: 'city-postcode',
  IE: 'city-postcode',
  IT: 'postcode-city',
  LU: 'postcode-city',
  NL: 'postcode-city',
  PT: 'postcode-city',
  US: 'city-region-postcode',
};

function joined(parts: string[], separator = ' '): string {
  return parts.map((p) => p.trim()).filter((p) => p !== '').join(separator);
}

/** The town line, and the region when it needs a line of its own. */
function townAndRegion(a: PostalAddress): { town: string; region: string } {
  // An order placed before a country left the list still prints, the continental way.
  const style = isCountry(a.country) ? TOWN_LINES[a.country] : 'postcode-city';
  switch (style) {
    case 'city-postcode':
      return { town: joined([a.city, a.postalCode]), region: a.region };
    case 'city-region-postcode':
      return { town: joined([a.city, joined([a.region, a.postalCode])], ', '), region: '' };
    default:
      return { town: joined([a.postalCode, a.city]), region: a.region };
  }
}

/** The address as the lines of a label, phone last, the country's name in the reader's language. */
export function addressLines(locale: Locale, a: PostalAddress): string[] {
  const { town, region } = townAndRegion(a);
  return [a.name, a.line1, a.line2, town, region, a.country === '' ? '' : countryName(locale, a.country), a.phone].map((l) => l.trim()).filter((l) => l !== '');
}

/** The address on one line without the phone, where a label would not fit (a choice in a list, a summary). */
export function addressSummary(locale: Locale, a: PostalAddress): string {
  return addressLines(locale, { ...a, phone: '' }).join(', ');
}
