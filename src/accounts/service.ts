// Accounts: sign up, log in (rate-limited, one generic failure), profile and password changes.
import type { Knex } from 'knex';
import type { MessageKey } from '../i18n';
import { DomainError, NotFoundError, ValidationError } from '../lib/errors';
import { isUniqueViolation } from '../lib/db-errors';
import { toDate, toInt } from '../lib/rows';
import type { Role } from '../plugins/auth';
import { hashPassword, needsRehash, passwordProblem, verifyAgainstDummy, verifyPassword } from './passwords';
import { LIMITS, accountKey, hitAll, ipKey, refund } from './rate-limit';

export const EMAIL_MAX_LENGTH = 254;
export const NAME_MAX_LENGTH = 120;
/** Longer than any password we accept; a login with more is refused without hashing megabytes. */
const LOGIN_PASSWORD_MAX_LENGTH = 1024;

// One @, no spaces or characters that need quoting, a dot in the domain and a top-level part of 2+ characters.
// Any script is fine (élise@exemple.fr); whether the mailbox exists only an email can tell.
const EMAIL_PATTERN = /^[^\s@"<>()[\]\\,;:]{1,64}@(?:[^\s@"<>()[\]\\,;:.]+\.)+[^\s@"<>()[\]\\,;:.]{2,}$/u;

export interface Account {
  id: number;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

/** The same answer for an unknown email and a wrong password: a login form must not tell who has an account. */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('accounts.login.failed', 401);
  }
}

/** Emails are compared trimmed and lower-cased; the users table stores them that way. */
export function normaliseEmail(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().toLowerCase() : '';
}

export function emailProblem(email: string): MessageKey | null {
  if (email === '') return 'accounts.email.required';
  if (email.length > EMAIL_MAX_LENGTH) return 'accounts.email.tooLong';
  if (!EMAIL_PATTERN.test(email)) return 'accounts.email.invalid';
  return null;
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

/** Creates a customer account; throws ValidationError (email taken, weak password, …). Returns the new id. */
export async function signUp(db: Knex, input: SignUpInput): Promise<number> {
  const email = normaliseEmail(input.email);
  const name = normaliseName(input.name);
  const password = asString(input.password);
  fail({ name: nameProblem(name), email: emailProblem(email), password: passwordProblem(password, { email, name }) });
  // Checked first for the common case; the unique index still decides when two sign-ups race.
  if (await db('users').where({ email }).first('id')) throw new ValidationError({ email: 'accounts.email.taken' });
  const passwordHash = await hashPassword(password);
  try {
    const [row] = await db('users').insert({ email, name, password_hash: passwordHash, role: 'customer' }).returning('id');
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
 * Checks email and password and returns the account id. Every attempt counts against a per-IP and a
 * per-email limit before any password is checked (so a burst cannot slip through), and a successful
 * login gives its attempt back: only failures use up the budget.
 */
export async function logIn(db: Knex, input: LogInInput, now = Date.now()): Promise<number> {
  const email = normaliseEmail(input.email);
  const password = asString(input.password);
  fail({ email: email === '' ? 'accounts.email.required' : null, password: password === '' ? 'accounts.login.passwordRequired' : null });
  const keys = [ipKey('login', input.ip), accountKey('login', email)];
  await hitAll(db, [{ key: keys[0], limit: LIMITS.loginPerIp }, { key: keys[1], limit: LIMITS.loginPerAccount }], now);
  const userId = await authenticate(db, email, password);
  await refund(db, keys, now);
  return userId;
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
  const row = await db('users').where({ id: userId }).first('id', 'email', 'name', 'role', 'created_at');
  if (!row) throw new NotFoundError();
  return { id: toInt(row.id), email: row.email, name: row.name, role: row.role as Role, createdAt: toDate(row.created_at) };
}

/**
 * Checks the signed-in person's current password before a sensitive change. Limited like a login, so a
 * borrowed session cannot be used to guess the password; right answers give their attempt back.
 */
async function checkCurrentPassword(db: Knex, userId: number, password: string, field: string, now: number): Promise<string> {
  if (password === '') throw new ValidationError({ [field]: 'accounts.login.passwordRequired' });
  const key = accountKey('reauth', String(userId));
  await hitAll(db, [{ key, limit: LIMITS.loginPerAccount }], now);
  const row = await db('users').where({ id: userId }).first('password_hash');
  if (!row || !(await verifyPassword(row.password_hash, password))) throw new ValidationError({ [field]: 'accounts.password.wrong' });
  await refund(db, [key], now);
  return row.password_hash;
}

export interface ProfileInput {
  name: unknown;
  email: unknown;
  /** Needed only when the email changes. */
  currentPassword: unknown;
}

/** Saves name and email; a new email needs the current password (it is where password reset links go). */
export async function updateProfile(db: Knex, userId: number, input: ProfileInput, now = Date.now()): Promise<void> {
  const account = await findAccount(db, userId);
  const name = normaliseName(input.name);
  const email = normaliseEmail(input.email);
  fail({ name: nameProblem(name), email: emailProblem(email) });
  if (email !== account.email) {
    const currentPassword = asString(input.currentPassword);
    if (currentPassword === '') throw new ValidationError({ currentPassword: 'accounts.profile.passwordForEmail' });
    await checkCurrentPassword(db, userId, currentPassword, 'currentPassword', now);
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

/** Replaces the password after checking the current one. The caller ends the account's other sessions. */
export async function changePassword(db: Knex, userId: number, input: PasswordChangeInput, now = Date.now()): Promise<void> {
  const account = await findAccount(db, userId);
  const currentPassword = asString(input.currentPassword);
  const newPassword = asString(input.newPassword);
  const problem = passwordProblem(newPassword, { email: account.email, name: account.name });
  fail({ currentPassword: currentPassword === '' ? 'accounts.login.passwordRequired' : null, newPassword: problem });
  const oldHash = await checkCurrentPassword(db, userId, currentPassword, 'currentPassword', now);
  if (await verifyPassword(oldHash, newPassword)) throw new ValidationError({ newPassword: 'accounts.password.same' });
  await db('users').where({ id: userId }).update({ password_hash: await hashPassword(newPassword), updated_at: db.fn.now() });
}
