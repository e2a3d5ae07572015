// Back-office "Seller and invoices": the seller identity printed on invoices and credit notes (legal name,
// address, country, intra-EU VAT number, company registration, legal mentions), one form, every change audited.
import type { Knex } from 'knex';
import type { MessageKey } from '../../i18n';
import { recordAudit, type Actor } from '../../audit/service';
import { COUNTRIES } from '../../accounts/addresses';
import { ValidationError } from '../../lib/errors';
import type { Form } from '../../lib/forms';
import { trimmedText } from '../../lib/form-input';
import { text } from '../../lib/forms';
import { isValidVatNumber, normaliseVatNumber } from '../../invoices/vat-number';
import { loadShopSettings, updateShopSettings, type ShopSettings } from '../../settings/shop-settings';

export const SELLER_COUNTRIES: readonly string[] = COUNTRIES;
export const MAX_ADDRESS_LINES = 5;

export type SellerIdentity = Pick<ShopSettings, 'sellerName' | 'sellerAddressLines' | 'sellerCountry' | 'sellerVatNumber' | 'sellerRegistration' | 'invoiceFooter'>;

export function sellerToForm(s: SellerIdentity): Record<string, string> {
  return {
    name: s.sellerName,
    address: s.sellerAddressLines.join('\n'),
    country: s.sellerCountry,
    vatNumber: s.sellerVatNumber,
    registration: s.sellerRegistration,
    footer: s.invoiceFooter,
  };
}

/** The form's values checked: a message key per wrong field (ValidationError), or the identity to store. */
export function parseSellerForm(form: Form): SellerIdentity {
  const errors: Record<string, MessageKey> = {};
  const sellerName = trimmedText(form, 'name').replace(/\s+/g, ' ');
  if (sellerName === '' || sellerName.length > 200) errors.name = 'adminSettings.seller.nameInvalid';
  const sellerAddressLines = text(form, 'address')
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter((l) => l !== '');
  if (sellerAddressLines.length === 0 || sellerAddressLines.length > MAX_ADDRESS_LINES || sellerAddressLines.some((l) => l.length > 100)) errors.address = 'adminSettings.seller.addressInvalid';
  const sellerCountry = trimmedText(form, 'country').toUpperCase();
  if (!SELLER_COUNTRIES.includes(sellerCountry)) errors.country = 'adminSettings.seller.countryInvalid';
  const sellerVatNumber = normaliseVatNumber(trimmedText(form, 'vatNumber'));
  if (sellerVatNumber !== '' && !isValidVatNumber(sellerVatNumber)) errors.vatNumber = 'adminSettings.seller.vatInvalid';
  const sellerRegistration = trimmedText(form, 'registration').replace(/\s+/g, ' ');
  if (sellerRegistration.length > 80) errors.registration = 'adminSettings.seller.registrationInvalid';
  const invoiceFooter = text(form, 'footer').trim().replace(/\r\n/g, '\n');
  if (invoiceFooter.length > 1000) errors.footer = 'adminSettings.seller.footerInvalid';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { sellerName, sellerAddressLines, sellerCountry, sellerVatNumber, sellerRegistration, invoiceFooter };
}

export async function loadSeller(db: Knex): Promise<SellerIdentity> {
  const { sellerName, sellerAddressLines, sellerCountry, sellerVatNumber, sellerRegistration, invoiceFooter } = await loadShopSettings(db);
  return { sellerName, sellerAddressLines, sellerCountry, sellerVatNumber, sellerRegistration, invoiceFooter };
}

export async function updateSeller(db: Knex, actor: Actor, form: Form): Promise<void> {
  const input = parseSellerForm(form);
  await db.transaction(async (trx) => {
    const before = await loadSeller(trx);
    await updateShopSettings(trx, input);
    await recordAudit(trx, actor, { action: 'shop_settings.seller', entityType: 'shop_settings', entityId: 1, before, after: input });
  });
}
