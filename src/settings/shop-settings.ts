// Shop-wide settings (one row of shop_settings): read by pricing, checkout and invoices, written by the back office
// and the demo seed. Read per use (one indexed row), so every instance sees a change at once.
import type { Knex } from 'knex';
import { toBool } from '../lib/rows';

export interface ShopSettings {
  /** Prices are entered and shown with VAT included (consumer shops); false: tax is added at checkout. */
  pricesIncludeTax: boolean;
  /** The seller's legal name on invoices ("Emporium SAS"); empty: not set yet. */
  sellerName: string;
  /** The seller's postal address, one entry per printed line. */
  sellerAddressLines: string[];
  /** ISO 3166 code of the seller's country; empty: not set. */
  sellerCountry: string;
  /** Intra-EU VAT number, normalised (invoices/vat-number.ts); empty: none. */
  sellerVatNumber: string;
  /** Company registration (SIREN, SIRET, RCS ...), as written; empty: none. */
  sellerRegistration: string;
  /** Legal mentions printed at the foot of invoices and credit notes; empty: none. */
  invoiceFooter: string;
}

export const DEFAULT_SHOP_SETTINGS: ShopSettings = {
  pricesIncludeTax: false,
  sellerName: '',
  sellerAddressLines: [],
  sellerCountry: '',
  sellerVatNumber: '',
  sellerRegistration: '',
  invoiceFooter: '',
};

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export async function loadShopSettings(db: Knex): Promise<ShopSettings> {
  const row = await db('shop_settings').where('id', 1).first();
  if (!row) return { ...DEFAULT_SHOP_SETTINGS, sellerAddressLines: [] };
  return {
    pricesIncludeTax: toBool(row.prices_include_tax),
    sellerName: str(row.seller_name),
    sellerAddressLines: str(row.seller_address).split('\n').filter((l) => l.trim() !== ''),
    sellerCountry: str(row.seller_country),
    sellerVatNumber: str(row.seller_vat_number),
    sellerRegistration: str(row.seller_registration),
    invoiceFooter: str(row.invoice_footer),
  };
}

export async function updateShopSettings(db: Knex, patch: Partial<ShopSettings>): Promise<void> {
  const values: Record<string, unknown> = { updated_at: new Date() };
  if (patch.pricesIncludeTax !== undefined) values.prices_include_tax = patch.pricesIncludeTax;
  if (patch.sellerName !== undefined) values.seller_name = patch.sellerName;
  if (patch.sellerAddressLines !== undefined) values.seller_address = patch.sellerAddressLines.join('\n');
  if (patch.sellerCountry !== undefined) values.seller_country = patch.sellerCountry;
  if (patch.sellerVatNumber !== undefined) values.seller_vat_number = patch.sellerVatNumber;
  if (patch.sellerRegistration !== undefined) values.seller_registration = patch.sellerRegistration;
  if (patch.invoiceFooter !== undefined) values.invoice_footer = patch.invoiceFooter;
  const updated = await db('shop_settings').where('id', 1).update(values);
  if (updated === 0) await db('shop_settings').insert({ id: 1, prices_include_tax: patch.pricesIncludeTax ?? DEFAULT_SHOP_SETTINGS.pricesIncludeTax, ...values });
}
