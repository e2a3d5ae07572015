// Signing up by email: the answer is the same whether or not the address has an account; a single-use link creates it.
import type { Knex } from 'knex';
import type { Locale } from '../i18n';
import { DomainError, ValidationError } from '../lib/errors';
import { toInt } from '../lib/rows';
import type { Mailer } from '../mail/mailer';
import { linkTokenHash, newLinkToken, plausibleLinkToken } from './email-link';
import { hashPassword } from './passwords';
import { LIMITS, accountKey, hitAll, ipKey } from './rate-limit';
import { checkSignUp, insertAccount, storedLocale, type CheckedSignUp, type SignUpInput } from './service';

/** A day: long enough to find the email the next morning, short enough that a forgotten link dies. */
export const SIGNUP_TTL_MS = 24 * 60 * 60 * 1000;
export const CONFIRM_PATH = '/account/confirm';
const RETURN_TO_MAX_LENGTH = 500;

/** The link is unknown, expired or used (or its address got an account meanwhile): the page says so. */
export class InvalidSignUpLinkError extends DomainError {
  constructor() {
    super('accounts.confirm.invalid', 410);
  }
}

export interface AdmittedSignUp extends CheckedSignUp {
  returnTo: string;
}

/**
 * Checks the fields and counts the sign-up against the per-IP and per-email limits. Every answer (422 for a
 * wrong field, 429, or the "check your inbox" page) is the same whether or not an account uses the email.
 */
export async function admitSignUp(db: Knex, input: SignUpInput, returnTo: string, ip: string, now = Date.now()): Promise<AdmittedSignUp> {
  const checked = checkSignUp(input);
  await hitAll(db, [{ key: ipKey('signup', ip), limit: LIMITS.signupPerIp }, { key: accountKey('signup', checked.email), limit: LIMITS.signupPerAccount }], now);
  return { ...checked, returnTo: returnTo.length > RETURN_TO_MAX_LENGTH ? '/account' : returnTo };
}

export interface SignUpMailContext {
  /** The language the sign-up was asked in: the confirmation's, and the new account's. */
  locale: Locale;
  /** The shop's default language: for an existing account that has none of its own. */
  defaultLocale: Locale;
  publicUrl: string;
}

/**
 * Emails the confirmation link for a new address, or tells the owner of an existing account that someone
 * tried to sign up with it. Routes run it after answering, so the answer's timing reveals nothing either.
 * Returns what was sent.
 */
export async function sendSignUpMail(db: Knex, mailer: Mailer, signUp: AdmittedSignUp, context: SignUpMailContext, now = Date.now()): Promise<'confirm' | 'existing'> {
  const existing = await db('users').where({ email: signUp.email }).first('email', 'name', 'locale');
  if (existing) {
    // Written to the account's owner, who may not be whoever filled in the form: in the account's language.
    const locale = storedLocale(existing.locale) ?? context.defaultLocale;
    await mailer.sendTemplate({
      to: { email: existing.email, name: existing.name },
      locale,
      template: 'signup-existing',
      subjectKey: 'mail.signupExisting.subject',
      model: { name: existing.name, loginLink: `${context.publicUrl}/account/login`, resetLink: `${context.publicUrl}/account/forgot-password`, publicUrl: context.publicUrl },
    });
    return 'existing';
  }
  const { token, hash } = newLinkToken();
  await db('signup_requests').insert({
    email: signUp.email,
    name: signUp.name,
    password_hash: await hashPassword(signUp.password),
    token_hash: hash,
    return_to: signUp.returnTo,
    locale: context.locale,
    expires_at: now + SIGNUP_TTL_MS,
  });
  await mailer.sendTemplate({
    to: { email: signUp.email, name: signUp.name },
    locale: context.locale,
    template: 'signup-confirm',
    subjectKey: 'mail.signup.subject',
    model: { name: signUp.name, link: `${context.publicUrl}${CONFIRM_PATH}?token=${token}`, publicUrl: context.publicUrl },
  });
  return 'confirm';
}

export interface PendingSignUp {
  id: number;
  email: string;
  name: string;
  passwordHash: string;
  returnTo: string;
  /** The language the sign-up was asked in; null for requests from before it was kept. */
  locale: Locale | null;
}

/** The sign-up a link is for, while it is unused and unexpired; otherwise InvalidSignUpLinkError. */
export async function findSignUpRequest(db: Knex, token: unknown, now = Date.now()): Promise<PendingSignUp> {
  if (!plausibleLinkToken(token)) throw new InvalidSignUpLinkError();
  const row = await db('signup_requests').where('token_hash', linkTokenHash(token)).whereNull('used_at').andWhere('expires_at', '>', now).first('id', 'email', 'name', 'password_hash', 'return_to', 'locale');
  if (!row) throw new InvalidSignUpLinkError();
  return { id: toInt(row.id), email: row.email, name: row.name, passwordHash: row.password_hash, returnTo: row.return_to, locale: storedLocale(row.locale) };
}

/**
 * Confirms the address: uses the link up and creates the account, in one transaction. Other open links for
 * the same address die with it. The account speaks the language the sign-up was asked in, whatever language
 * the link is opened in. Returns the new account and where the shopper was going.
 */
export async function confirmSignUp(db: Knex, token: unknown, now = Date.now()): Promise<{ userId: number; name: string; returnTo: string }> {
  const pending = await findSignUpRequest(db, token, now);
  try {
    const userId = await db.transaction(async (trx) => {
      // The conditional update makes the link single-use when two clicks race.
      const claimed = await trx('signup_requests').where({ id: pending.id }).whereNull('used_at').andWhere('expires_at', '>', now).update({ used_at: now });
      if (claimed !== 1) throw new InvalidSignUpLinkError();
      const id = await insertAccount(trx, { email: pending.email, name: pending.name, passwordHash: pending.passwordHash, locale: pending.locale });
      await trx('signup_requests').where({ email: pending.email }).whereNull('used_at').update({ used_at: now });
      return id;
    });
    return { userId, name: pending.name, returnTo: pending.returnTo };
  } catch (err) {
    // The address got an account since the link was sent (another link, the back office): this one is void.
    if (err instanceof ValidationError) throw new InvalidSignUpLinkError();
    throw err;
  }
}

/** Deletes requests that can no longer be used (a day after expiry, so recent ones still explain themselves). */
export async function pruneSignUpRequests(db: Knex, now = Date.now()): Promise<number> {
  return db('signup_requests').where('expires_at', '<=', now - SIGNUP_TTL_MS).delete();
}
