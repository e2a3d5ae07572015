// Forgotten passwords: a single-use link, valid for one hour, whose token is stored only as a SHA-256 hash.
import type { Knex } from 'knex';
import type { Locale } from '../i18n';
import { DomainError, ValidationError } from '../lib/errors';
import { toInt } from '../lib/rows';
import type { Mailer } from '../mail/mailer';
import { endSessionsOfUser } from '../plugins/auth';
import { revokeAllApiTokens } from './api-tokens';
import { linkTokenHash, newLinkToken, plausibleLinkToken } from './email-link';
import { hashPassword, passwordProblem } from './passwords';
import { LIMITS, accountKey, hitAll, ipKey } from './rate-limit';
import { emailProblem, normaliseEmail, storedLocale } from './service';

export const RESET_TTL_MS = 60 * 60 * 1000;
export const RESET_PATH = '/account/reset-password';

/** The link is unknown, expired or used: the page says so and offers a new one. */
export class InvalidResetLinkError extends DomainError {
  constructor() {
    super('accounts.reset.invalid', 410);
  }
}

/**
 * Validates the email and counts the request against the per-IP and per-email limits. Both answers (422,
 * 429) are the same whether or not an account uses the email, so they reveal nothing.
 */
export async function admitResetRequest(db: Knex, rawEmail: unknown, ip: string, now = Date.now()): Promise<string> {
  const email = normaliseEmail(rawEmail);
  const problem = emailProblem(email);
  if (problem) throw new ValidationError({ email: problem });
  await hitAll(db, [{ key: ipKey('reset', ip), limit: LIMITS.resetPerIp }, { key: accountKey('reset', email), limit: LIMITS.resetPerAccount }], now);
  return email;
}

export interface ResetMailContext {
  /** The shop's default language: for an account that has none of its own. */
  defaultLocale: Locale;
  publicUrl: string;
}

/**
 * Emails a reset link when an account uses this email, and does nothing otherwise. Routes run it after
 * answering, so the answer's timing does not depend on whether the account exists either. The email (and
 * the page its link opens) is in the account's language, whichever page asked for it.
 */
export async function sendPasswordReset(db: Knex, mailer: Mailer, email: string, context: ResetMailContext, now = Date.now()): Promise<boolean> {
  const user = await db('users').where({ email: normaliseEmail(email) }).first('id', 'email', 'name', 'locale');
  if (!user) return false;
  const locale = storedLocale(user.locale) ?? context.defaultLocale;
  const { token, hash } = newLinkToken();
  await db('password_resets').insert({ user_id: user.id, token_hash: hash, expires_at: now + RESET_TTL_MS });
  const link = `${context.publicUrl}${RESET_PATH}?token=${token}`;
  await mailer.sendTemplate({
    to: { email: user.email, name: user.name },
    locale,
    template: 'password-reset',
    subjectKey: 'mail.reset.subject',
    model: { name: user.name, link, publicUrl: context.publicUrl },
  });
  return true;
}

export interface ResetTarget {
  resetId: number;
  userId: number;
  email: string;
  name: string;
}

/** The account a reset link is for, while it is unused and unexpired; otherwise InvalidResetLinkError. */
export async function findResetTarget(db: Knex, token: unknown, now = Date.now()): Promise<ResetTarget> {
  if (!plausibleLinkToken(token)) throw new InvalidResetLinkError();
  const row = await db('password_resets as r')
    .join('users as u', 'u.id', 'r.user_id')
    .where('r.token_hash', linkTokenHash(token))
    .whereNull('r.used_at')
    .andWhere('r.expires_at', '>', now)
    .first('r.id', 'r.user_id', 'u.email', 'u.name');
  if (!row) throw new InvalidResetLinkError();
  return { resetId: toInt(row.id), userId: toInt(row.user_id), email: row.email, name: row.name };
}

/**
 * Sets the new password and uses the link up. Every other open link of the account dies with it, every
 * session of the account ends and every API token is revoked: whoever knew the old password is locked out.
 */
export async function completePasswordReset(db: Knex, token: unknown, newPassword: unknown, now = Date.now()): Promise<number> {
  const target = await findResetTarget(db, token, now);
  const password = typeof newPassword === 'string' ? newPassword : '';
  const problem = passwordProblem(password, { email: target.email, name: target.name });
  if (problem) throw new ValidationError({ password: problem });
  // Hashed before the transaction: SQLite has one connection, and a transaction should not wait on argon2.
  const passwordHash = await hashPassword(password);
  await db.transaction(async (trx) => {
    // The conditional update is what makes the link single-use when two submissions race.
    const claimed = await trx('password_resets').where({ id: target.resetId }).whereNull('used_at').andWhere('expires_at', '>', now).update({ used_at: now });
    if (claimed !== 1) throw new InvalidResetLinkError();
    await trx('users').where({ id: target.userId }).update({ password_hash: passwordHash, updated_at: trx.fn.now() });
    await trx('password_resets').where({ user_id: target.userId }).whereNull('used_at').update({ used_at: now });
    await endSessionsOfUser(trx, target.userId);
    await revokeAllApiTokens(trx, target.userId, now);
  });
  return target.userId;
}

/** Deletes links that can no longer be used (a day after expiry, so recent ones still explain themselves). */
export async function prunePasswordResets(db: Knex, now = Date.now()): Promise<number> {
  return db('password_resets').where('expires_at', '<=', now - 24 * RESET_TTL_MS).delete();
}
