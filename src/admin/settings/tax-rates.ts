// Back-office tax rates: one rate per country (and optional region), edited through a form, every change audited.
import type { Knex } from 'knex';
import type { MessageKey } from '../../i18n';
import { recordAudit, type Actor } from '../../audit/service';
import { COUNTRIES } from '../../accounts/addresses';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { uniqueOr } from '../../lib/db-errors';
import type { Form } from '../../lib/forms';
import { basisPointsToInput, parsePercentInput, trimmedText } from '../../lib/form-input';
import { toInt } from '../../lib/rows';

type Errors = Record<string, MessageKey>;

export const TAX_COUNTRIES: readonly string[] = COUNTRIES;

export interface TaxRate {
  id: number;
  country: string;
  region: string;
  rateBp: number;
}

function taxFromRow(r: Record<string, unknown>): TaxRate {
  return { id: toInt(r.id), country: r.country as string, region: r.region as string, rateBp: toInt(r.rate_bp) };
}

export async function listTaxRates(db: Knex): Promise<TaxRate[]> {
  return (await db('tax_rates').orderBy([{ column: 'country' }, { column: 'region' }])).map(taxFromRow);
}

export async function getTaxRate(db: Knex, id: number): Promise<TaxRate> {
  const row = await db('tax_rates').where('id', id).first();
  if (!row) throw new NotFoundError();
  return taxFromRow(row);
}

export function taxRateToForm(r: TaxRate): Record<string, string> {
  return { country: r.country, region: r.region, rate: basisPointsToInput(r.rateBp) };
}

export function parseTaxRateForm(form: Form): Omit<TaxRate, 'id'> {
  const errors: Errors = {};
  const country = trimmedText(form, 'country').toUpperCase();
  if (!TAX_COUNTRIES.includes(country)) errors.country = 'adminSettings.tax.countryInvalid';
  const region = trimmedText(form, 'region').replace(/\s+/g, ' ');
  if (region.length > 100) errors.region = 'adminSettings.tax.regionInvalid';
  const rateBp = parsePercentInput(trimmedText(form, 'rate'));
  if (rateBp === null) errors.rate = 'adminSettings.tax.rateInvalid';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { country, region, rateBp: rateBp as number };
}

const taxRow = (t: Omit<TaxRate, 'id'>) => ({ country: t.country, region: t.region, rate_bp: t.rateBp });

export async function createTaxRate(db: Knex, actor: Actor, form: Form): Promise<number> {
  const input = parseTaxRateForm(form);
  return uniqueOr('country', 'adminSettings.tax.duplicate', () =>
    db.transaction(async (trx) => {
      const [row] = await trx('tax_rates').insert(taxRow(input)).returning('id');
      const id = toInt(typeof row === 'object' ? row.id : row);
      await recordAudit(trx, actor, { action: 'tax_rate.create', entityType: 'tax_rate', entityId: id, after: input });
      return id;
    }),
  );
}

export async function updateTaxRate(db: Knex, actor: Actor, id: number, form: Form): Promise<void> {
  const input = parseTaxRateForm(form);
  await uniqueOr('country', 'adminSettings.tax.duplicate', () =>
    db.transaction(async (trx) => {
      const before = await trx('tax_rates').where('id', id).forUpdate().first();
      if (!before) throw new NotFoundError();
      await trx('tax_rates').where('id', id).update(taxRow(input));
      await recordAudit(trx, actor, { action: 'tax_rate.update', entityType: 'tax_rate', entityId: id, before: taxFromRow(before), after: { id, ...input } });
    }),
  );
}

export async function deleteTaxRate(db: Knex, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await trx('tax_rates').where('id', id).forUpdate().first();
    if (!before) throw new NotFoundError();
    await trx('tax_rates').where('id', id).delete();
    await recordAudit(trx, actor, { action: 'tax_rate.delete', entityType: 'tax_rate', entityId: id, before: taxFromRow(before) });
  });
}
