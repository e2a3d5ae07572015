// Tokens of the links the shop emails (password reset, sign-up confirmation): random, single-use, stored only as a SHA-256 hash.
import { createHash, randomBytes } from 'node:crypto';

/** A new token for a link, and the hash to store in its place. */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: linkTokenHash(token) };
}

export function linkTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token looks like ours (43 base64url characters) before it costs a query. */
export function plausibleLinkToken(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}
