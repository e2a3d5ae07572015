// The address book: each customer's delivery addresses, one of them the default, always scoped to its owner.
import type { Knex } from 'knex';
import type { MessageKey } from '../i18n';
import { DomainError, NotFoundError, ValidationError } from '../lib/errors';
import { toBool, toInt } from '../lib/rows';

/** Countries we ship to (ISO 3166-1 alpha-2). */
export const COUNTRIES = ['AT', 'BE', 'CA', 'CH', 'DE', 'ES', 'FR', 'GB', 'IE', 'IT', 'LU', 'NL', 'PT', 'US'] as const;
export type Country = (typeof COUNTRIES)[number];

export const MAX_ADDRESSES = 20;

// What each country's post accepts, after upper-casing and single spaces.
const POSTAL_CODES: Record<Country, RegExp> = {
  AT: /^\d{4}$/,
  BE: /^\d{4}$/,
  CA: /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/,
  CH: /^\d{4}$/,
  DE: /^\d{5}$/,
  ES: /^\d{5}$/,
  FR: /^\d{5}$/,
  GB: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/,
  IE: /^[A-Z]\d[\dW] ?[A-Z\d]{4}$/,
  IT: /^\d{5}$/,
  LU: /^(L-)?\d{4}$/,
  NL: /^\d{4} ?[A-Z]{2}$/,
  PT: /^\d{4}-\d{3}$/,
  US: /^\d{5}(-\d{4})?$/,
};

const MAX_LENGTHS = { name: 120, line1: 200, line2: 200, postalCode: 20, city: 100, region: 100, phone: 40 } as const;

/** What every stored address has: an address-book entry, a checkout address and an order's shipping address alike. */
export interface PostalAddress {
  name: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  region: string;
  country: string;
  phone: string;
}

export interface AddressInput extends PostalAddress {
  isDefault: boolean;
}

export interface Address extends AddressInput {
  id: number;
}

export class AddressLimitError extends DomainError {
  constructor() {
    super('accounts.addresses.limit', 409, { max: MAX_ADDRESSES });
  }
}

export function isCountry(value: string): value is Country {
  return (COUNTRIES as readonly string[]).includes(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim() : '';
}

/** A form body as typed (trimmed, single spaces), for validation and for showing it again. */
export function addressFromForm(body: Record<string, unknown>): AddressInput {
  return {
    name: text(body.name),
    line1: text(body.line1),
    line2: text(body.line2),
    postalCode: text(body.postalCode).toUpperCase(),
    city: text(body.city),
    region: text(body.region),
    country: text(body.country).toUpperCase(),
    phone: text(body.phone),
    isDefault: body.isDefault === '1' || body.isDefault === 'on',
  };
}

export function addressProblems(input: AddressInput): Record<string, MessageKey> {
  const errors: Record<string, MessageKey> = {};
  const required: [keyof typeof MAX_LENGTHS, MessageKey][] = [
    ['name', 'accounts.address.nameRequired'],
    ['line1', 'accounts.address.line1Required'],
    ['postalCode', 'accounts.address.postalCodeRequired'],
    ['city', 'accounts.address.cityRequired'],
  ];
  for (const [field, key] of required) if (input[field] === '') errors[field] = key;
  for (const [field, max] of Object.entries(MAX_LENGTHS) as [keyof typeof MAX_LENGTHS, number][]) {
    if ([...input[field]].length > max) errors[field] = 'accounts.address.tooLong';
  }
  if (!isCountry(input.country)) errors.country = 'accounts.address.countryInvalid';
  else if (!errors.postalCode && !POSTAL_CODES[input.country].test(input.postalCode)) errors.postalCode = 'accounts.address.postalCodeInvalid';
  const phoneOk = /^\+?[0-9 ().-]+$/.test(input.phone) && input.phone.replace(/\D/g, '').length >= 4;
  if (input.phone !== '' && !errors.phone && !phoneOk) errors.phone = 'accounts.address.phoneInvalid';
  return errors;
}

function validated(input: AddressInput): AddressInput {
  const errors = addressProblems(input);
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return input;
}

function columns(input: AddressInput) {
  return {
    name: input.name,
    line1: input.line1,
    line2: input.line2,
    postal_code: input.postalCode,
    city: input.city,
    region: input.region,
    country: input.country,
    phone: input.phone,
  };
}

interface AddressRow {
  id: number | string;
  name: string;
  line1: string;
  line2: string;
  postal_code: string;
  city: string;
  region: string;
  country: string;
  phone: string;
  is_default: unknown;
}

function fromRow(row: AddressRow): Address {
  return {
    id: toInt(row.id),
    name: row.name,
    line1: row.line1,
    line2: row.line2,
    postalCode: row.postal_code,
    city: row.city,
    region: row.region,
    country: row.country,
    phone: row.phone,
    isDefault: toBool(row.is_default),
  };
}

/** The default address first, then in the order they were added. */
export async function listAddresses(db: Knex, userId: number): Promise<Address[]> {
  const rows = await db('addresses').where({ user_id: userId }).orderBy([{ column: 'is_default', order: 'desc' }, { column: 'id', order: 'asc' }]);
  return rows.map(fromRow);
}

/** One of this customer's addresses; someone else's is NotFound, exactly like one that does not exist. */
export async function getAddress(db: Knex, userId: number, addressId: number): Promise<Address> {
  const row = Number.isSafeInteger(addressId) ? await db('addresses').where({ id: addressId, user_id: userId }).first() : undefined;
  if (!row) throw new NotFoundError();
  return fromRow(row);
}

export async function addAddress(db: Knex, userId: number, input: AddressInput): Promise<number> {
  const address = validated(input);
  return db.transaction(async (trx) => {
    const count = toInt((await trx('addresses').where({ user_id: userId }).count({ n: '*' }).first())?.n);
    if (count >= MAX_ADDRESSES) throw new AddressLimitError();
    // The first address is the default whatever the box says: checkout needs one to start from.
    const isDefault = address.isDefault || count === 0;
    if (isDefault) await trx('addresses').where({ user_id: userId }).update({ is_default: false });
    const [row] = await trx('addresses').insert({ ...columns(address), user_id: userId, is_default: isDefault }).returning('id');
    return toInt(typeof row === 'object' ? row.id : row);
  });
}

/** Saves changes; ticking "default" makes it the default, unticking never leaves the book without one. */
export async function updateAddress(db: Knex, userId: number, addressId: number, input: AddressInput): Promise<void> {
  const address = validated(input);
  await getAddress(db, userId, addressId);
  await db.transaction(async (trx) => {
    if (address.isDefault) await trx('addresses').where({ user_id: userId }).whereNot({ id: addressId }).update({ is_default: false });
    const changes: Record<string, unknown> = { ...columns(address), updated_at: trx.fn.now() };
    if (address.isDefault) changes.is_default = true;
    await trx('addresses').where({ id: addressId, user_id: userId }).update(changes);
  });
}

/** Deletes an address; when it was the default, the oldest remaining one takes its place. */
export async function deleteAddress(db: Knex, userId: number, addressId: number): Promise<void> {
  const address = await getAddress(db, userId, addressId);
  await db.transaction(async (trx) => {
    await trx('addresses').where({ id: addressId, user_id: userId }).delete();
    if (!address.isDefault) return;
    const next = await trx('addresses').where({ user_id: userId }).orderBy('id').first('id');
    if (next) await trx('addresses').where({ id: next.id }).update({ is_default: true });
  });
}

export async function setDefaultAddress(db: Knex, userId: number, addressId: number): Promise<void> {
  await getAddress(db, userId, addressId);
  await db.transaction(async (trx) => {
    await trx('addresses').where({ user_id: userId }).whereNot({ id: addressId }).update({ is_default: false });
    await trx('addresses').where({ id: addressId, user_id: userId }).update({ is_default: true, updated_at: trx.fn.now() });
  });
}

/** The default address, or null when the book is empty (for the account overview and, later, checkout). */
export async function defaultAddress(db: Knex, userId: number): Promise<Address | null> {
  const row = await db('addresses').where({ user_id: userId }).orderBy([{ column: 'is_default', order: 'desc' }, { column: 'id', order: 'asc' }]).first();
  return row ? fromRow(row) : null;
}
