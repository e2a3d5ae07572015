// Accounts: creating them, log in (rate-limited, one generic failure), profile and password changes.
import type { Knex } from 'knex';
import { isLocale, type Locale, type MessageKey } from '../i18n';
import { DomainError, NotFoundError, ValidationError } from '../lib/errors';
import { isUniqueViolation } from '../lib/db-errors';
import { toDate, toInt } from '../lib/rows';
import type { Role } from '../plugins/auth';
import { hashPassword, needsRehash, passwordProblem, verifyAgainstDummy, verifyPassword } from './passwords';
import { revokeAllApiTokens } from './api-tokens';
import { EMAIL_MAX_LENGTH, emailProblem, normaliseEmail } from './email-address';
import { LIMITS, accountKey, guardAttempt, ipKey } from './rate-limit';

// Other features (checkout contact, orders, discounts) validate emails through the accounts service.
export { EMAIL_MAX_LENGTH, emailProblem, normaliseEmail };

export const NAME_MAX_LENGTH = 120;
/** Longer than any password we accept; a login with more is refused without hashing megabytes. */
const LOGIN_PASSWORD_MAX_LENGTH = 1024;

export interface Account {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** The language the shop writes to the account in; null: the shop's default language. */
  locale: Locale | null;
  createdAt: Date;
}

/** The same answer for an unknown email and a wrong password: a login form must not tell who has an account. */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('accounts.login.failed', 401);
  }
}

/** Names keep their inside spacing and any script; only the ends are trimmed. */
export function normaliseName(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().replace(/[\u0000-\u001f\u007f]/g, '') : '';
}

export function nameProblem(name: string): MessageKey | null {
  if (name === '') return 'accounts.name.required';
  if ([...name].length > NAME_MAX_LENGTH) return 'accounts.name.tooLong';
  return null;
}

function fail(errors: Record<string, MessageKey | null>): void {
  const fields = Object.fromEntries(Object.entries(errors).filter(([, key]) => key !== null)) as Record<string, MessageKey>;
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export interface SignUpInput {
  email: unknown;
  name: unknown;
  password: unknown;
}

export interface CheckedSignUp {
  email: string;
  name: string;
  password: string;
}

/** Normalises and checks a sign-up's fields; throws ValidationError. Says nothing about whether the email has an account. */
export function checkSignUp(input: SignUpInput): CheckedSignUp {
  const email = normaliseEmail(input.email);
  const name = normaliseName(input.name);
  const password = asString(input.password);
  fail({ name: nameProblem(name), email: emailProblem(email), password: passwordProblem(password, { email, name }) });
  return { email, name, password };
}

/**
 * Creates a confirmed customer account at once, for the back office and `user:create` (shoppers sign up
 * through an emailed link: signup.ts). Throws ValidationError (email taken, weak password, …). Returns the new id.
 */
export async function createAccount(db: Knex, input: SignUpInput): Promise<number> {
  const { email, name, password } = checkSignUp(input);
  // Checked first for the common case; the unique index still decides when two sign-ups race.
  if (await db('users').where({ email }).first('id')) throw new ValidationError({ email: 'accounts.email.taken' });
  return insertAccount(db, { email, name, passwordHash: await hashPassword(password) });
}

/** Inserts a customer account whose password is already hashed; a taken email is a ValidationError. No locale: the shop's default. */
export async function insertAccount(db: Knex, account: { email: string; name: string; passwordHash: string; locale?: Locale | null }): Promise<number> {
  try {
    const [row] = await db('users').insert({ email: account.email, name: account.name, password_hash: account.passwordHash, role: 'customer', locale: account.locale ?? null }).returning('id');
    return toInt(typeof row === 'object' ? row.id : row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError({ email: 'accounts.email.taken' });
    throw err;
  }
}

export interface LogInInput {
  email: unknown;
  password: unknown;
  /** The client's address, for the per-IP limit. */
  ip: string;
}

/**
 * Checks email and password and returns the account id. Only failures count against the per-IP and
 * per-email limits (see guardAttempt): a right password never uses up its owner's budget, not even when
 * several devices log in at the same moment.
 */
export async function logIn(db: Knex, input: LogInInput): Promise<number> {
  const email = normaliseEmail(input.email);
  const password = asString(input.password);
  // No account can have invisible characters in its address; anything else is looked up (older accounts too).
  const emailError = email === '' ? 'accounts.email.required' : emailProblem(email) === 'accounts.email.invisible' ? 'accounts.email.invisible' : null;
  fail({ email: emailError, password: password === '' ? 'accounts.login.passwordRequired' : null });
  const checks = [
    { key: ipKey('login', input.ip), limit: LIMITS.loginPerIp },
    { key: accountKey('login', email), limit: LIMITS.loginPerAccount },
  ];
  return guardAttempt(db, checks, () => authenticate(db, email, password), { isFailure: (err) => err instanceof InvalidCredentialsError });
}

/** The account id for this email and password, or InvalidCredentialsError; about the same time either way. */
export async function authenticate(db: Knex, email: string, password: string): Promise<number> {
  if (password.length > LOGIN_PASSWORD_MAX_LENGTH) throw new InvalidCredentialsError();
  const user = await db('users').where({ email: normaliseEmail(email) }).first('id', 'password_hash');
  if (!user) {
    await verifyAgainstDummy(password);
    throw new InvalidCredentialsError();
  }
  if (!(await verifyPassword(user.password_hash, password))) throw new InvalidCredentialsError();
  if (needsRehash(user.password_hash)) {
    await db('users').where({ id: user.id }).update({ password_hash: await hashPassword(password) });
  }
  return toInt(user.id);
}

export async function findAccount(db: Knex, userId: number): Promise<Account> {
  const row = await db('users').where({ id: userId }).first('id', 'email', 'name', 'role', 'locale', 'created_at');
  if (!row) throw new NotFoundError();
  return { id: toInt(row.id), email: row.email, name: row.name, role: row.role as Role, locale: storedLocale(row.locale), createdAt: toDate(row.created_at) };
}

/** A stored locale column as a Locale, or null (never set, or a language the shop no longer has). */
export function storedLocale(value: unknown): Locale | null {
  return isLocale(value) ? value : null;
}

/** The language to write to this account in: its own, else the shop's default (also for an unknown account). */
export async function accountLocale(db: Knex, userId: number, defaultLocale: Locale): Promise<Locale> {
  const row = await db('users').where({ id: userId }).first('locale');
  return storedLocale(row?.locale) ?? defaultLocale;
}

/**
 * Sets the language the shop writes to the account in (the account page's setting, the footer's language
 * switch). An unknown language is a ValidationError on the `locale` field; returns the language set.
 */
export async function setAccountLocale(db: Knex, userId: number, raw: unknown): Promise<Locale> {
  if (!isLocale(raw)) throw new ValidationError({ locale: 'accounts.language.invalid' });
  await db('users').where({ id: userId }).update({ locale: raw, updated_at: db.fn.now() });
  return raw;
}

/**
 * Checks the signed-in person's current password before a sensitive change. Limited like a login, so a
 * borrowed session cannot be used to guess the password; right answers give their attempt back.
 */
async function checkCurrentPassword(db: Knex, userId: number, password: string, field: string): Promise<string> {
  if (password === '') throw new ValidationError({ [field]: 'accounts.login.passwordRequired' });
  const checks = [{ key: accountKey('reauth', String(userId)), limit: LIMITS.loginPerAccount }];
  return guardAttempt(
    db,
    checks,
    async () => {
      const row = await db('users').where({ id: userId }).first('password_hash');
      if (!row || !(await verifyPassword(row.password_hash, password))) throw new ValidationError({ [field]: 'accounts.password.wrong' });
      return row.password_hash as string;
    },
    { isFailure: (err) => err instanceof ValidationError },
  );
}

export interface ProfileInput {
  name: unknown;
  email: unknown;
  /** Needed only when the email changes. */
  currentPassword: unknown;
}

/** Saves name and email; a new email needs the current password (it is where password reset links go). */
export async function updateProfile(db: Knex, userId: number, input: ProfileInput): Promise<void> {
  const account = await findAccount(db, userId);
  const name = normaliseName(input.name);
  const email = normaliseEmail(input.email);
  fail({ name: nameProblem(name), email: emailProblem(email) });
  if (email !== account.email) {
    const currentPassword = asString(input.currentPassword);
    if (currentPassword === '') throw new ValidationError({ currentPassword: 'accounts.profile.passwordForEmail' });
    await checkCurrentPassword(db, userId, currentPassword, 'currentPassword');
    if (await db('users').where({ email }).whereNot({ id: userId }).first('id')) throw new ValidationError({ email: 'accounts.email.taken' });
  }
  try {
    await db('users').where({ id: userId }).update({ name, email, updated_at: db.fn.now() });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError({ email: 'accounts.email.taken' });
    throw err;
  }
}

export interface PasswordChangeInput {
  currentPassword: unknown;
  newPassword: unknown;
}

/**
 * Replaces the password after checking the current one, and revokes the account's API tokens in the same
 * transaction (an app set up by whoever knew the old password stops working). The caller ends the
 * account's other sessions.
 */
export async function changePassword(db: Knex, userId: number, input: PasswordChangeInput, now = Date.now()): Promise<void> {
  const account = await findAccount(db, userId);
  const currentPassword = asString(input.currentPassword);
  const newPassword = asString(input.newPassword);
  const problem = passwordProblem(newPassword, { email: account.email, name: account.name });
  fail({ currentPassword: currentPassword === '' ? 'accounts.login.passwordRequired' : null, newPassword: problem });
  const oldHash = await checkCurrentPassword(db, userId, currentPassword, 'currentPassword');
  if (await verifyPassword(oldHash, newPassword)) throw new ValidationError({ newPassword: 'accounts.password.same' });
  // Hashed before the transaction: SQLite has one connection, and a transaction should not wait on argon2.
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (trx) => {
    await trx('users').where({ id: userId }).update({ password_hash: passwordHash, updated_at: trx.fn.now() });
    await revokeAllApiTokens(trx, userId, now);
  });
}
