// The demo shop's seller on invoices: a plausible French company (a made-up SIREN whose VAT key is right).
import type { Knex } from 'knex';
import { loadShopSettings, updateShopSettings } from '../../src/settings/shop-settings';

export const DEMO_SELLER = {
  sellerName: 'Emporium SAS',
  sellerAddressLines: ['18 rue des Petites Écuries', '75010 Paris'],
  sellerCountry: 'FR',
  sellerVatNumber: 'FR74912345678',
  sellerRegistration: 'SIREN 912 345 678 · RCS Paris',
  invoiceFooter: 'SAS au capital de 10 000 €. Pénalités de retard\u00a0: trois fois le taux d’intérêt légal. Indemnité forfaitaire pour frais de recouvrement\u00a0: 40 €.',
};

/** Fills the seller only when none is set, so a shop's own identity is never replaced. */
export async function seedDemoSeller(db: Knex): Promise<boolean> {
  if ((await loadShopSettings(db)).sellerName !== '') return false;
  await updateShopSettings(db, DEMO_SELLER);
  return true;
}
