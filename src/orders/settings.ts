// Checkout settings: shipping methods and tax rates, read for pricing, and the defaults a new shop starts from.
import type { Knex } from 'knex';
import type { ShippingMethod } from '../pricing/order-totals';
import { toBool, toInt } from '../lib/rows';
import type { Locale } from '../i18n';
import { BASE_LOCALE, shippingMethodNames } from '../catalog/translations';

export interface ShippingMethodOption extends ShippingMethod {
  name: string;
  position: number;
}

function shippingMethodFromRow(r: Record<string, unknown>): ShippingMethodOption {
  return {
    code: r.code as string,
    name: r.name as string,
    priceCents: toInt(r.price_cents),
    freeAboveCents: r.free_above_cents === null ? null : toInt(r.free_above_cents),
    freeForMembers: toBool(r.free_for_members),
    position: toInt(r.position),
  };
}

/** Method names in the shopper's language (the stored name when there is no translation). */
async function inLocale(db: Knex, rows: Record<string, unknown>[], locale: Locale): Promise<ShippingMethodOption[]> {
  const names = rows.length === 0 ? new Map<number, string>() : await shippingMethodNames(db, locale);
  return rows.map((r) => ({ ...shippingMethodFromRow(r), name: names.get(toInt(r.id)) ?? (r.name as string) }));
}

/** The methods checkout offers, in display order, named in `locale`. */
export async function activeShippingMethods(db: Knex, locale: Locale = BASE_LOCALE): Promise<ShippingMethodOption[]> {
  const rows = await db('shipping_methods').where('active', true).orderBy([{ column: 'position' }, { column: 'id' }]);
  return inLocale(db, rows, locale);
}

export async function activeShippingMethod(db: Knex, code: string, locale: Locale = BASE_LOCALE): Promise<ShippingMethodOption | null> {
  const row = await db('shipping_methods').where({ code, active: true }).first();
  return row ? (await inLocale(db, [row], locale))[0]! : null;
}

/** The rate for a destination in basis points: the region's own when it has one, else the country's; null when we do not ship there. */
export async function taxRateFor(db: Knex, country: string, region: string): Promise<number | null> {
  const regions = region === '' ? [''] : [region, ''];
  const rows = await db('tax_rates').where('country', country.toUpperCase()).whereIn('region', regions).select('region', 'rate_bp');
  const row = rows.find((r) => r.region !== '') ?? rows[0];
  return row ? toInt(row.rate_bp) : null;
}

/**
 * The shop's home country: where its VAT is due on the prices it shows. With tax-inclusive prices its rate is
 * the VAT inside every shown price, taken out for destinations without VAT (pricing/order-totals.ts). The shop
 * sells from France; the rate itself is the tax_rates row of that country, edited in the back office.
 */
export const HOME_COUNTRY = 'FR';

/** The home country's rate in basis points; 0 when the shop has no rate row for it. */
export async function homeTaxRate(db: Knex): Promise<number> {
  return (await taxRateFor(db, HOME_COUNTRY, '')) ?? 0;
}

const DEFAULT_SHIPPING_METHODS = [
  { code: 'standard', name: 'Standard delivery', price_cents: 490, free_above_cents: 5000, free_for_members: true, position: 0 },
  { code: 'express', name: 'Express delivery', price_cents: 1290, free_above_cents: null, free_for_members: false, position: 1 },
];

// Standard VAT or sales tax per country we ship to (accounts/addresses.ts COUNTRIES); US sales tax is left to a region row.
const DEFAULT_TAX_RATES: Record<string, number> = {
  FR: 2000, BE: 2100, DE: 1900, ES: 2100, IT: 2200, NL: 2100, GB: 2000,
  US: 0, CA: 500, CH: 810, LU: 1700, IE: 2300, PT: 2300, AT: 2000,
};

/** Seeds the standard and express methods and the tax rates, each table only when it is empty; safe to run at every start. */
export async function ensureDefaultCheckoutSettings(db: Knex): Promise<void> {
  const [methods, rates] = await Promise.all([
    db('shipping_methods').count({ n: '*' }).first(),
    db('tax_rates').count({ n: '*' }).first(),
  ]);
  // onConflict().ignore(): two processes starting together must not fail on each other's rows.
  if (toInt(methods?.n) === 0) await db('shipping_methods').insert(DEFAULT_SHIPPING_METHODS).onConflict('code').ignore();
  if (toInt(rates?.n) === 0) {
    const rows = Object.entries(DEFAULT_TAX_RATES).map(([country, rate_bp]) => ({ country, region: '', rate_bp }));
    await db('tax_rates').insert(rows).onConflict(['country', 'region']).ignore();
  }  await ensureDefaultMethodTranslations(db);
}

/** French names of the default methods, for shops whose methods still carry the default English names. */
const DEFAULT_METHOD_NAMES_FR: Record<string, string> = { standard: 'Livraison standard', express: 'Livraison express' };

async function ensureDefaultMethodTranslations(db: Knex): Promise<void> {
  const defaults = DEFAULT_SHIPPING_METHODS.map((m) => ({ code: m.code, name: m.name }));
  const rows = await db('shipping_methods as m')
    .leftJoin('shipping_method_translations as t', (j) => j.on('t.shipping_method_id', 'm.id').andOnVal('t.locale', 'fr'))
    .whereNull('t.shipping_method_id')
    .whereIn('m.code', defaults.map((d) => d.code))
    .select('m.id', 'm.code', 'm.name');
  const missing = rows.filter((r: { code: string; name: string }) => defaults.some((d) => d.code === r.code && d.name === r.name));
  if (missing.length === 0) return;
  await db('shipping_method_translations')
    .insert(missing.map((r: { id: unknown; code: string }) => ({ shipping_method_id: toInt(r.id), locale: 'fr', name: DEFAULT_METHOD_NAMES_FR[r.code]! })))
    .onConflict(['shipping_method_id', 'locale'])
    .ignore();
}
