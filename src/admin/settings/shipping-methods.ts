// Back-office shipping methods: price, free-above threshold, free for members, order and activity, every change audited.
import type { Knex } from 'knex';
import type { MessageKey } from '../../i18n';
import { recordAudit, type Actor } from '../../audit/service';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { uniqueOr } from '../../lib/db-errors';
import type { Form } from '../../lib/forms';
import { checked, trimmedText } from '../../lib/form-input';
import { centsToInput, parseMoneyInput } from '../../lib/money';
import { toBool, toInt } from '../../lib/rows';

type Errors = Record<string, MessageKey>;

export interface ShippingMethodSetting {
  id: number;
  code: string;
  name: string;
  priceCents: number;
  freeAboveCents: number | null;
  freeForMembers: boolean;
  position: number;
  active: boolean;
  /** The name French shoppers read ('' for none: they read `name`). */
  nameFr?: string;
}

function shippingFromRow(r: Record<string, unknown>): ShippingMethodSetting {
  return {
    id: toInt(r.id),
    code: r.code as string,
    name: r.name as string,
    priceCents: toInt(r.price_cents),
    freeAboveCents: r.free_above_cents === null || r.free_above_cents === undefined ? null : toInt(r.free_above_cents),
    freeForMembers: toBool(r.free_for_members),
    position: toInt(r.position),
    active: toBool(r.active),
  };
}

export async function listShippingMethods(db: Knex): Promise<ShippingMethodSetting[]> {
  return (await db('shipping_methods').orderBy([{ column: 'position' }, { column: 'id' }])).map(shippingFromRow);
}

export async function getShippingMethod(db: Knex, id: number): Promise<ShippingMethodSetting> {
  const row = await db('shipping_methods').where('id', id).first();
  if (!row) throw new NotFoundError();
  const fr = await db('shipping_method_translations').where({ shipping_method_id: id, locale: 'fr' }).first('name');
  return { ...shippingFromRow(row), nameFr: fr?.name ?? '' };
}

export function shippingToForm(m: ShippingMethodSetting): Record<string, string | boolean> {
  return {
    code: m.code,
    name: m.name,
    nameFr: m.nameFr ?? '',
    price: centsToInput(m.priceCents),
    freeAbove: m.freeAboveCents === null ? '' : centsToInput(m.freeAboveCents),
    freeForMembers: m.freeForMembers,
    position: String(m.position),
    active: m.active,
  };
}

export function parseShippingForm(form: Form): Omit<ShippingMethodSetting, 'id'> {
  const errors: Errors = {};
  const code = trimmedText(form, 'code').toLowerCase();
  if (!/^[a-z0-9-]{1,32}$/.test(code)) errors.code = 'adminSettings.shipping.codeInvalid';
  const name = trimmedText(form, 'name').replace(/\s+/g, ' ');
  if (name === '' || name.length > 120) errors.name = 'adminSettings.shipping.nameInvalid';
  const nameFr = trimmedText(form, 'nameFr').replace(/\s+/g, ' ');
  if (nameFr.length > 120) errors.nameFr = 'adminSettings.shipping.nameInvalid';
  const priceCents = parseMoneyInput(trimmedText(form, 'price'));
  if (priceCents === null) errors.price = 'adminSettings.amountInvalid';
  let freeAboveCents: number | null = null;
  if (trimmedText(form, 'freeAbove') !== '') {
    freeAboveCents = parseMoneyInput(trimmedText(form, 'freeAbove'));
    if (freeAboveCents === null) errors.freeAbove = 'adminSettings.amountInvalid';
  }
  const positionText = trimmedText(form, 'position') || '0';
  if (!/^\d{1,6}$/.test(positionText)) errors.position = 'adminSettings.shipping.positionInvalid';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {
    code,
    name,
    nameFr,
    priceCents: priceCents as number,
    freeAboveCents,
    freeForMembers: checked(form, 'freeForMembers'),
    position: Number(positionText),
    active: form.active === undefined ? true : checked(form, 'active'),
  };
}

const shippingRow = (m: Omit<ShippingMethodSetting, 'id'>) => ({
  code: m.code,
  name: m.name,
  price_cents: m.priceCents,
  free_above_cents: m.freeAboveCents,
  free_for_members: m.freeForMembers,
  position: m.position,
  active: m.active,
});

/** The method's French name: written when given, removed when emptied. */
async function saveFrenchName(trx: Knex.Transaction, id: number, nameFr: string): Promise<void> {
  await trx('shipping_method_translations').where({ shipping_method_id: id, locale: 'fr' }).delete();
  if (nameFr) await trx('shipping_method_translations').insert({ shipping_method_id: id, locale: 'fr', name: nameFr });
}

export async function createShippingMethod(db: Knex, actor: Actor, form: Form): Promise<number> {
  const input = parseShippingForm(form);
  return uniqueOr('code', 'adminSettings.shipping.codeTaken', () =>
    db.transaction(async (trx) => {
      const [row] = await trx('shipping_methods').insert(shippingRow(input)).returning('id');
      const id = toInt(typeof row === 'object' ? row.id : row);
      await saveFrenchName(trx, id, input.nameFr ?? '');
      await recordAudit(trx, actor, { action: 'shipping_method.create', entityType: 'shipping_method', entityId: id, after: input });
      return id;
    }),
  );
}

export async function updateShippingMethod(db: Knex, actor: Actor, id: number, form: Form): Promise<void> {
  const input = parseShippingForm(form);
  await uniqueOr('code', 'adminSettings.shipping.codeTaken', () =>
    db.transaction(async (trx) => {
      const before = await trx('shipping_methods').where('id', id).forUpdate().first();
      if (!before) throw new NotFoundError();
      await trx('shipping_methods').where('id', id).update(shippingRow(input));
      await saveFrenchName(trx, id, input.nameFr ?? '');
      await recordAudit(trx, actor, { action: 'shipping_method.update', entityType: 'shipping_method', entityId: id, before: shippingFromRow(before), after: { id, ...input } });
    }),
  );
}

export async function deleteShippingMethod(db: Knex, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await trx('shipping_methods').where('id', id).forUpdate().first();
    if (!before) throw new NotFoundError();
    await trx('shipping_methods').where('id', id).delete();
    await recordAudit(trx, actor, { action: 'shipping_method.delete', entityType: 'shipping_method', entityId: id, before: shippingFromRow(before) });
  });
}
