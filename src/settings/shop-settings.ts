// Shop-wide settings (one row of shop_settings): read by pricing, checkout and invoices, written by the back office
// and the demo seed. Read per use (one indexed row), so every instance sees a change at once.
import type { Knex } from 'knex';
import { toBool } from '../lib/rows';

export interface ShopSettings {
  /** Prices are entered and shown with VAT included (consumer shops); false: tax is added at checkout. */
  pricesIncludeTax: boolean;
}

export const DEFAULT_SHOP_SETTINGS: ShopSettings = { pricesIncludeTax: false };

export async function loadShopSettings(db: Knex): Promise<ShopSettings> {
  const row = await db('shop_settings').where('id', 1).first();
  if (!row) return { ...DEFAULT_SHOP_SETTINGS };
  return { pricesIncludeTax: toBool(row.prices_include_tax) };
}

export async function updateShopSettings(db: Knex, patch: Partial<ShopSettings>): Promise<void> {
  const values: Record<string, unknown> = { updated_at: new Date() };
  if (patch.pricesIncludeTax !== undefined) values.prices_include_tax = patch.pricesIncludeTax;
  const updated = await db('shop_settings').where('id', 1).update(values);
  if (updated === 0) await db('shop_settings').insert({ id: 1, prices_include_tax: patch.pricesIncludeTax ?? DEFAULT_SHOP_SETTINGS.pricesIncludeTax, updated_at: values.updated_at });
}
