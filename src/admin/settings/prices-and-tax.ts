// Back-office "Prices and tax": whether the shop's prices include VAT (shop_settings.prices_include_tax), audited.
import type { Knex } from 'knex';
import type { MessageKey } from '../../i18n';
import { recordAudit, type Actor } from '../../audit/service';
import { ValidationError } from '../../lib/errors';
import type { Form } from '../../lib/forms';
import { loadShopSettings, updateShopSettings } from '../../settings/shop-settings';

/** The form's two choices: "included" (consumer shops, VAT shown in every price) or "excluded" (tax added at checkout). */
export const PRICE_MODES = ['included', 'excluded'] as const;
export type PriceMode = (typeof PRICE_MODES)[number];

export async function pricesAndTaxToForm(db: Knex): Promise<Record<string, string>> {
  const settings = await loadShopSettings(db);
  return { pricesIncludeTax: settings.pricesIncludeTax ? 'included' : 'excluded' };
}

export function parsePricesAndTaxForm(form: Form): { pricesIncludeTax: boolean } {
  const raw = typeof form.pricesIncludeTax === 'string' ? form.pricesIncludeTax : '';
  if (!(PRICE_MODES as readonly string[]).includes(raw)) {
    throw new ValidationError({ pricesIncludeTax: 'adminSettings.prices.modeInvalid' satisfies MessageKey });
  }
  return { pricesIncludeTax: raw === 'included' };
}

export async function updatePricesAndTax(db: Knex, actor: Actor, form: Form): Promise<void> {
  const input = parsePricesAndTaxForm(form);
  await db.transaction(async (trx) => {
    const before = await loadShopSettings(trx);
    await updateShopSettings(trx, input);
    await recordAudit(trx, actor, { action: 'shop_settings.update', entityType: 'shop_settings', entityId: 1, before: { pricesIncludeTax: before.pricesIncludeTax }, after: input });
  });
}
