// Back-office settings: discount codes, tax rates, shipping methods and accounts; every change audited in its transaction.
import type { DiscountKind } from '../../checkout/pricing';
import { storedDiscountCodeFromRow, type StoredDiscountCode } from '../../orders/service';
import type { Knex } from 'knex';
import type { MessageKey } from '../../i18n';
import { recordAudit, type Actor } from '../../audit/service';
import { COUNTRIES } from '../../accounts/addresses';
import { endMembership, grantMembership, membershipStatus, type MembershipStatus } from '../../membership/service';
import { DomainError, NotFoundError, ValidationError } from '../../lib/errors';
import { isUniqueViolation } from '../../lib/db-errors';
import { centsToInput, parseMoneyInput } from '../../lib/money';
import { toBool, toDate, toInt } from '../../lib/rows';
import type { Role } from '../../plugins/auth';

export type Form = Record<string, unknown>;
type Errors = Record<string, MessageKey>;

const DAY_MS = 24 * 60 * 60 * 1000;

function str(form: Form, name: string): string {
  const v = form[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** A ticked checkbox; the forms also send a hidden empty field of the same name, so an unticked box reads as false. */
export function checked(form: Form, name: string): boolean {
  const v = form[name];
  return (Array.isArray(v) ? v : [v]).some((x) => x === 'on' || x === '1' || x === 'true');
}

/** "12", "12.5", "12,25" percent (0..100, at most two decimals) into basis points; null when not such a number. */
export function parsePercentInput(raw: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(raw.trim().replace(/\s*%$/, ''));
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  return bp <= 10000 ? bp : null;
}

export function basisPointsToInput(bp: number): string {
  return bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2).replace(/0$/, '');
}

/** YYYY-MM-DD (a real calendar day) into ms at UTC midnight; null otherwise. */
export function parseDateInput(raw: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return null;
  const ms = Date.parse(`${raw}T00:00:00Z`);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== raw) return null;
  return ms;
}

function dateToInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Optional whole number 1..1e9; undefined when invalid. */
function optionalCount(raw: string): number | null | undefined {
  if (raw === '') return null;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) return undefined;
  return Number(raw);
}

// ---------- Discount codes ----------

export type { DiscountKind };
export const DISCOUNT_KINDS: DiscountKind[] = ['percent', 'fixed', 'free_shipping'];

export type DiscountCode = StoredDiscountCode;
const discountFromRow = storedDiscountCodeFromRow;

function discountRow(d: Omit<DiscountCode, 'id' | 'timesUsed'>): Record<string, unknown> {
  return {
    code: d.code,
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

export async function listDiscounts(db: Knex): Promise<DiscountCode[]> {
  const rows = await db('discount_codes').orderBy([{ column: 'active', order: 'desc' }, { column: 'code' }]);
  return rows.map(discountFromRow);
}

export async function getDiscount(db: Knex, id: number): Promise<DiscountCode> {
  const row = await db('discount_codes').where('id', id).first();
  if (!row) throw new NotFoundError();
  return discountFromRow(row);
}

/** The form fields of a code as the edit form shows them (the last day is ends_at minus one day: ends_at is exclusive). */
export function discountToForm(d: DiscountCode): Record<string, string | boolean> {
  return {
    code: d.code,
    kind: d.kind,
    value: d.kind === 'percent' ? basisPointsToInput(d.value) : d.kind === 'fixed' ? centsToInput(d.value) : '',
    minSubtotal: d.minSubtotalCents === null ? '' : centsToInput(d.minSubtotalCents),
    startsOn: d.startsAt === null ? '' : dateToInput(d.startsAt),
    endsOn: d.endsAt === null ? '' : dateToInput(d.endsAt - DAY_MS),
    usageLimit: d.usageLimit === null ? '' : String(d.usageLimit),
    perCustomerLimit: d.perCustomerLimit === null ? '' : String(d.perCustomerLimit),
    membersOnly: d.membersOnly,
    active: d.active,
  };
}

export function parseDiscountForm(form: Form): Omit<DiscountCode, 'id' | 'timesUsed'> {
  const errors: Errors = {};
  const code = str(form, 'code').toUpperCase();
  if (!/^[A-Z0-9-]{3,30}$/.test(code)) errors.code = 'adminSettings.discount.codeInvalid';
  const kind = str(form, 'kind') as DiscountKind;
  if (!DISCOUNT_KINDS.includes(kind)) errors.kind = 'adminSettings.discount.kindInvalid';
  let value = 0;
  if (kind === 'percent') {
    const bp = parsePercentInput(str(form, 'value'));
    if (bp === null || bp < 100) errors.value = 'adminSettings.discount.percentInvalid';
    else value = bp;
  } else if (kind === 'fixed') {
    const cents = parseMoneyInput(str(form, 'value'));
    if (cents === null || cents <= 0) errors.value = 'adminSettings.discount.amountInvalid';
    else value = cents;
  }
  let minSubtotalCents: number | null = null;
  if (str(form, 'minSubtotal') !== '') {
    minSubtotalCents = parseMoneyInput(str(form, 'minSubtotal'));
    if (minSubtotalCents === null) errors.minSubtotal = 'adminSettings.amountInvalid';
  }
  let startsAt: number | null = null;
  if (str(form, 'startsOn') !== '') {
    startsAt = parseDateInput(str(form, 'startsOn'));
    if (startsAt === null) errors.startsOn = 'adminSettings.dateInvalid';
  }
  let endsAt: number | null = null;
  if (str(form, 'endsOn') !== '') {
    const last = parseDateInput(str(form, 'endsOn'));
    if (last === null) errors.endsOn = 'adminSettings.dateInvalid';
    else endsAt = last + DAY_MS;
  }
  if (startsAt !== null && endsAt !== null && endsAt <= startsAt) errors.endsOn = 'adminSettings.discount.endsBeforeStart';
  const usageLimit = optionalCount(str(form, 'usageLimit'));
  if (usageLimit === undefined) errors.usageLimit = 'adminSettings.countInvalid';
  const perCustomerLimit = optionalCount(str(form, 'perCustomerLimit'));
  if (perCustomerLimit === undefined) errors.perCustomerLimit = 'adminSettings.countInvalid';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {
    code,
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

/** Runs a change; a unique index refusing the row becomes a message beside the field that must be unique. */
async function uniqueOr<T>(field: string, key: MessageKey, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError({ [field]: key });
    throw err;
  }
}

export async function createDiscount(db: Knex, actor: Actor, form: Form): Promise<number> {
  const input = parseDiscountForm(form);
  return uniqueOr('code', 'adminSettings.discount.codeTaken', () =>
    db.transaction(async (trx) => {
      const [row] = await trx('discount_codes').insert(discountRow(input)).returning('id');
      const id = toInt(typeof row === 'object' ? row.id : row);
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
      const current = discountFromRow(before);
      if (input.usageLimit !== null && input.usageLimit < current.timesUsed) {
        throw new ValidationError({ usageLimit: 'adminSettings.discount.limitBelowUsed' });
      }
      await trx('discount_codes').where('id', id).update(discountRow(input));
      await recordAudit(trx, actor, { action: 'discount.update', entityType: 'discount_code', entityId: id, before: current, after: { ...input, id, timesUsed: current.timesUsed } });
    }),
  );
}

export async function deactivateDiscount(db: Knex, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await trx('discount_codes').where('id', id).forUpdate().first();
    if (!before) throw new NotFoundError();
    await trx('discount_codes').where('id', id).update({ active: false });
    await recordAudit(trx, actor, { action: 'discount.deactivate', entityType: 'discount_code', entityId: id, before: discountFromRow(before), after: { ...discountFromRow(before), active: false } });
  });
}

// ---------- Tax rates ----------

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
  const country = str(form, 'country').toUpperCase();
  if (!TAX_COUNTRIES.includes(country)) errors.country = 'adminSettings.tax.countryInvalid';
  const region = str(form, 'region').replace(/\s+/g, ' ');
  if (region.length > 100) errors.region = 'adminSettings.tax.regionInvalid';
  const rateBp = parsePercentInput(str(form, 'rate'));
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

// ---------- Shipping methods ----------

export interface ShippingMethodSetting {
  id: number;
  code: string;
  name: string;
  priceCents: number;
  freeAboveCents: number | null;
  freeForMembers: boolean;
  position: number;
  active: boolean;
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
  return shippingFromRow(row);
}

export function shippingToForm(m: ShippingMethodSetting): Record<string, string | boolean> {
  return {
    code: m.code,
    name: m.name,
    price: centsToInput(m.priceCents),
    freeAbove: m.freeAboveCents === null ? '' : centsToInput(m.freeAboveCents),
    freeForMembers: m.freeForMembers,
    position: String(m.position),
    active: m.active,
  };
}

export function parseShippingForm(form: Form): Omit<ShippingMethodSetting, 'id'> {
  const errors: Errors = {};
  const code = str(form, 'code').toLowerCase();
  if (!/^[a-z0-9-]{1,32}$/.test(code)) errors.code = 'adminSettings.shipping.codeInvalid';
  const name = str(form, 'name').replace(/\s+/g, ' ');
  if (name === '' || name.length > 120) errors.name = 'adminSettings.shipping.nameInvalid';
  const priceCents = parseMoneyInput(str(form, 'price'));
  if (priceCents === null) errors.price = 'adminSettings.amountInvalid';
  let freeAboveCents: number | null = null;
  if (str(form, 'freeAbove') !== '') {
    freeAboveCents = parseMoneyInput(str(form, 'freeAbove'));
    if (freeAboveCents === null) errors.freeAbove = 'adminSettings.amountInvalid';
  }
  const positionText = str(form, 'position') || '0';
  if (!/^\d{1,6}$/.test(positionText)) errors.position = 'adminSettings.shipping.positionInvalid';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {
    code,
    name,
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

export async function createShippingMethod(db: Knex, actor: Actor, form: Form): Promise<number> {
  const input = parseShippingForm(form);
  return uniqueOr('code', 'adminSettings.shipping.codeTaken', () =>
    db.transaction(async (trx) => {
      const [row] = await trx('shipping_methods').insert(shippingRow(input)).returning('id');
      const id = toInt(typeof row === 'object' ? row.id : row);
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

// ---------- Accounts ----------

export const ROLES: Role[] = ['customer', 'staff', 'admin'];

export interface AccountDetail {
  id: number;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  membership: MembershipStatus;
  orders: { number: string; totalCents: number; currency: string; status: string; createdAt: Date }[];
}

export async function accountDetail(db: Knex, id: number): Promise<AccountDetail> {
  const user = await db('users').where('id', id).first('id', 'email', 'name', 'role', 'created_at');
  if (!user) throw new NotFoundError();
  const orders = await db('orders').where('user_id', id).orderBy('created_at', 'desc').limit(100).select('number', 'total_cents', 'currency', 'status', 'created_at');
  return {
    id: toInt(user.id),
    email: user.email,
    name: user.name,
    role: user.role as Role,
    createdAt: toDate(user.created_at),
    membership: await membershipStatus(db, id),
    orders: orders.map((o) => ({ number: o.number, totalCents: toInt(o.total_cents), currency: o.currency, status: o.status, createdAt: new Date(toInt(o.created_at)) })),
  };
}

export class SelfDemotionError extends DomainError {
  constructor() {
    super('adminSettings.users.selfDemotion', 422, {}, 'role');
  }
}

export async function changeRole(db: Knex, actor: Actor, userId: number, rawRole: string): Promise<void> {
  const role = rawRole as Role;
  if (!ROLES.includes(role)) throw new ValidationError({ role: 'adminSettings.users.roleInvalid' });
  // An admin taking away their own rights could leave the shop with nobody able to give them back.
  if (userId === actor.id && role !== 'admin') throw new SelfDemotionError();
  await db.transaction(async (trx) => {
    const before = await trx('users').where('id', userId).forUpdate().first('role');
    if (!before) throw new NotFoundError();
    if (before.role === role) return;
    await trx('users').where('id', userId).update({ role, updated_at: trx.fn.now() });
    await recordAudit(trx, actor, { action: 'user.role_change', entityType: 'user', entityId: userId, before: { role: before.role }, after: { role } });
  });
}

export const MAX_GRANT_DAYS = 3660;

export async function grantPlus(db: Knex, actor: Actor, userId: number, rawDays: string): Promise<void> {
  const days = /^\d{1,4}$/.test(rawDays.trim()) ? Number(rawDays.trim()) : 0;
  if (days < 1 || days > MAX_GRANT_DAYS) throw new ValidationError({ days: 'adminSettings.users.daysInvalid' });
  await db.transaction(async (trx) => {
    const user = await trx('users').where('id', userId).forUpdate().first('id');
    if (!user) throw new NotFoundError();
    const period = await grantMembership(trx, userId, { days, source: 'admin' });
    await recordAudit(trx, actor, { action: 'user.plus_grant', entityType: 'user', entityId: userId, after: { days, ...period } });
  });
}

export async function endPlus(db: Knex, actor: Actor, userId: number): Promise<void> {
  await db.transaction(async (trx) => {
    const user = await trx('users').where('id', userId).forUpdate().first('id');
    if (!user) throw new NotFoundError();
    const before = await membershipStatus(trx, userId);
    const ended = await endMembership(trx, userId);
    await recordAudit(trx, actor, { action: 'user.plus_end', entityType: 'user', entityId: userId, before, after: { periodsEnded: ended } });
  });
}
