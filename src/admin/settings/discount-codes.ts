// Back-office discount codes: the list (with the codes still missing French), the form (what a clerk types into a
// stored code and back, its description in English and French side by side) and audited changes.
import type { Knex } from 'knex';
import type { DiscountKind } from '../../discounts/rules';
import { storedDiscountCodeFromRow, type StoredDiscountCode } from '../../discounts/service';
import { descriptionTranslations, normaliseDescription, saveDescriptionTranslation } from '../../discounts/descriptions';
import type { MessageKey } from '../../i18n';
import { recordAudit, type Actor } from '../../audit/service';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { uniqueOr } from '../../lib/db-errors';
import type { Form } from '../../lib/forms';
import { DAY_MS, basisPointsToInput, checked, dayToInput, parseDayInput, parseOptionalCount, parsePercentInput, trimmedText } from '../../lib/form-input';
import { centsToInput, parseMoneyInput } from '../../lib/money';
import { toInt } from '../../lib/rows';

type Errors = Record<string, MessageKey>;

export type { DiscountKind };
export const DISCOUNT_KINDS: DiscountKind[] = ['percent', 'fixed', 'free_shipping'];

export interface DiscountCode extends StoredDiscountCode {
  /** The description French shoppers read ('' for none: they read `description`). */
  descriptionFr: string;
}

function discountFromRow(r: Record<string, unknown>): DiscountCode {
  return { ...storedDiscountCodeFromRow(r), descriptionFr: (r.description_fr as string | null | undefined) ?? '' };
}

export interface DiscountListQuery {
  /** Only codes with an English description and none in this language. */
  missing?: 'fr' | '';
}

function discountRow(d: Omit<DiscountCode, 'id' | 'timesUsed'>): Record<string, unknown> {
  return {
    code: d.code,
    description: d.description,
    kind: d.kind,
    value: d.value,
    min_subtotal_cents: d.minSubtotalCents,
    starts_at: d.startsAt,
    ends_at: d.endsAt,
    usage_limit: d.usageLimit,
    per_customer_limit: d.perCustomerLimit,
    members_only: d.membersOnly,
    active: d.active,
  };
}

export async function listDiscounts(db: Knex, query: DiscountListQuery = {}): Promise<DiscountCode[]> {
  const rows = db('discount_codes as d')
    .leftJoin('discount_code_translations as fr', function () {
      this.on('fr.discount_code_id', '=', 'd.id').andOn('fr.locale', '=', db.raw('?', ['fr']));
    })
    .select('d.*', 'fr.description as description_fr')
    .orderBy([{ column: 'd.active', order: 'desc' }, { column: 'd.code' }]);
  if (query.missing) {
    rows.whereRaw("trim(d.description) <> ''").whereNotExists(
      db('discount_code_translations as mt')
        .select(db.raw('1'))
        .whereRaw('mt.discount_code_id = d.id')
        .andWhere('mt.locale', query.missing)
        .andWhereRaw("trim(mt.description) <> ''"),
    );
  }
  return (await rows).map(discountFromRow);
}

export async function getDiscount(db: Knex, id: number): Promise<DiscountCode> {
  const row = await db('discount_codes').where('id', id).first();
  if (!row) throw new NotFoundError();
  return { ...discountFromRow(row), descriptionFr: (await descriptionTranslations(db, id)).fr };
}

/** The form fields of a code as the edit form shows them (the last day is ends_at minus one day: ends_at is exclusive). */
export function discountToForm(d: DiscountCode): Record<string, string | boolean> {
  return {
    code: d.code,
    description: d.description,
    descriptionFr: d.descriptionFr,
    kind: d.kind,
    value: d.kind === 'percent' ? basisPointsToInput(d.value) : d.kind === 'fixed' ? centsToInput(d.value) : '',
    minSubtotal: d.minSubtotalCents === null ? '' : centsToInput(d.minSubtotalCents),
    startsOn: d.startsAt === null ? '' : dayToInput(d.startsAt),
    endsOn: d.endsAt === null ? '' : dayToInput(d.endsAt - DAY_MS),
    usageLimit: d.usageLimit === null ? '' : String(d.usageLimit),
    perCustomerLimit: d.perCustomerLimit === null ? '' : String(d.perCustomerLimit),
    membersOnly: d.membersOnly,
    active: d.active,
  };
}

export function parseDiscountForm(form: Form): Omit<DiscountCode, 'id' | 'timesUsed'> {
  const errors: Errors = {};
  const code = trimmedText(form, 'code').toUpperCase();
  if (!/^[A-Z0-9-]{3,30}$/.test(code)) errors.code = 'adminSettings.discount.codeInvalid';
  const description = normaliseDescription(trimmedText(form, 'description'));
  if (description === null) errors.description = 'adminSettings.discount.descriptionInvalid';
  const descriptionFr = normaliseDescription(trimmedText(form, 'descriptionFr'));
  if (descriptionFr === null) errors.descriptionFr = 'adminSettings.discount.descriptionInvalid';
  const kind = trimmedText(form, 'kind') as DiscountKind;
  if (!DISCOUNT_KINDS.includes(kind)) errors.kind = 'adminSettings.discount.kindInvalid';
  let value = 0;
  if (kind === 'percent') {
    const bp = parsePercentInput(trimmedText(form, 'value'));
    if (bp === null || bp < 100) errors.value = 'adminSettings.discount.percentInvalid';
    else value = bp;
  } else if (kind === 'fixed') {
    const cents = parseMoneyInput(trimmedText(form, 'value'));
    if (cents === null || cents <= 0) errors.value = 'adminSettings.discount.amountInvalid';
    else value = cents;
  }
  let minSubtotalCents: number | null = null;
  if (trimmedText(form, 'minSubtotal') !== '') {
    minSubtotalCents = parseMoneyInput(trimmedText(form, 'minSubtotal'));
    if (minSubtotalCents === null) errors.minSubtotal = 'adminSettings.amountInvalid';
  }
  let startsAt: number | null = null;
  if (trimmedText(form, 'startsOn') !== '') {
    startsAt = parseDayInput(trimmedText(form, 'startsOn'));
    if (startsAt === null) errors.startsOn = 'adminSettings.dateInvalid';
  }
  let endsAt: number | null = null;
  if (trimmedText(form, 'endsOn') !== '') {
    const last = parseDayInput(trimmedText(form, 'endsOn'));
    if (last === null) errors.endsOn = 'adminSettings.dateInvalid';
    else endsAt = last + DAY_MS;
  }
  if (startsAt !== null && endsAt !== null && endsAt <= startsAt) errors.endsOn = 'adminSettings.discount.endsBeforeStart';
  const usageLimit = parseOptionalCount(trimmedText(form, 'usageLimit'));
  if (usageLimit === undefined) errors.usageLimit = 'adminSettings.countInvalid';
  const perCustomerLimit = parseOptionalCount(trimmedText(form, 'perCustomerLimit'));
  if (perCustomerLimit === undefined) errors.perCustomerLimit = 'adminSettings.countInvalid';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {
    code,
    description: description as string,
    descriptionFr: descriptionFr as string,
    kind,
    value,
    minSubtotalCents,
    startsAt,
    endsAt,
    usageLimit: usageLimit ?? null,
    perCustomerLimit: perCustomerLimit ?? null,
    membersOnly: checked(form, 'membersOnly'),
    active: form.active === undefined ? true : checked(form, 'active'),
  };
}

export async function createDiscount(db: Knex, actor: Actor, form: Form): Promise<number> {
  const input = parseDiscountForm(form);
  return uniqueOr('code', 'adminSettings.discount.codeTaken', () =>
    db.transaction(async (trx) => {
      const [row] = await trx('discount_codes').insert(discountRow(input)).returning('id');
      const id = toInt(typeof row === 'object' ? row.id : row);
      await saveDescriptionTranslation(trx, id, 'fr', input.descriptionFr);
      await recordAudit(trx, actor, { action: 'discount.create', entityType: 'discount_code', entityId: id, after: input });
      return id;
    }),
  );
}

export async function updateDiscount(db: Knex, actor: Actor, id: number, form: Form): Promise<void> {
  const input = parseDiscountForm(form);
  await uniqueOr('code', 'adminSettings.discount.codeTaken', () =>
    db.transaction(async (trx) => {
      const before = await trx('discount_codes').where('id', id).forUpdate().first();
      if (!before) throw new NotFoundError();
      const current: DiscountCode = { ...discountFromRow(before), descriptionFr: (await descriptionTranslations(trx, id)).fr };
      if (input.usageLimit !== null && input.usageLimit < current.timesUsed) {
        throw new ValidationError({ usageLimit: 'adminSettings.discount.limitBelowUsed' });
      }
      await trx('discount_codes').where('id', id).update(discountRow(input));
      await saveDescriptionTranslation(trx, id, 'fr', input.descriptionFr);
      await recordAudit(trx, actor, { action: 'discount.update', entityType: 'discount_code', entityId: id, before: current, after: { ...input, id, timesUsed: current.timesUsed } });
    }),
  );
}

export async function deactivateDiscount(db: Knex, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await trx('discount_codes').where('id', id).forUpdate().first();
    if (!before) throw new NotFoundError();
    await trx('discount_codes').where('id', id).update({ active: false });
    const current: DiscountCode = { ...discountFromRow(before), descriptionFr: (await descriptionTranslations(trx, id)).fr };
    await recordAudit(trx, actor, { action: 'discount.deactivate', entityType: 'discount_code', entityId: id, before: current, after: { ...current, active: false } });
  });
}
