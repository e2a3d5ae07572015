// Checkout settings: shipping methods and tax rates, read for pricing, and the defaults a new shop starts from.
import type { Knex } from 'knex';
import type { ShippingMethod } from '../pricing/order-totals';
import { toBool, toInt } from '../lib/rows';

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

/** The methods checkout offers, in display order. */
export async function activeShippingMethods(db: Knex): Promise<ShippingMethodOption[]> {
  const rows = await db('shipping_methods').where('active', true).orderBy([{ column: 'position' }, { column: 'id' }]);
  return rows.map(shippingMethodFromRow);
}

export async function activeShippingMethod(db: Knex, code: string): Promise<ShippingMethodOption | null> {
  const row = await db('shipping_methods').where({ code, active: true }).first();
  return row ? shippingMethodFromRow(row) : null;
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
  }
}
