// Passwords: the policy (8–128 characters of any script, not a common one) and argon2id hashing.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { hash, verify, parseOptions, type Algorithm, type Options } from '@node-rs/argon2';
import type { MessageKey } from '../i18n';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * OWASP's recommended argon2id floor (19 MiB, 2 passes, 1 lane): 15–20 ms a hash on the 2-core
 * machines we run on, so a login stays fast while an offline guess costs 19 MiB of memory each.
 */
export const ARGON2_OPTIONS: Options = {
  // Argon2id is 2 in the binding's const enum, which isolatedModules cannot reference by name.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

const COMMON = new Set(
  fs
    .readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#')),
);

/** The same password typed on a Mac (decomposed accents) and on Windows (composed) must match. */
function normalise(password: string): string {
  return password.normalize('NFC');
}

/** Length in characters as a person counts them (code points), not UTF-16 units. */
export function passwordLength(password: string): number {
  return [...normalise(password)].length;
}

export function isCommonPassword(password: string): boolean {
  return COMMON.has(normalise(password).toLowerCase());
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): MessageKey | null {
  const length = passwordLength(password);
  if (length === 0) return 'accounts.password.required';
  if (length < PASSWORD_MIN_LENGTH) return 'accounts.password.tooShort';
  if (length > PASSWORD_MAX_LENGTH) return 'accounts.password.tooLong';
  if (isCommonPassword(password)) return 'accounts.password.common';
  const lower = normalise(password).toLowerCase();
  const localPart = context.email?.split('@')[0]?.toLowerCase();
  if (lower === context.email?.toLowerCase() || (localPart && localPart.length >= 4 && lower === localPart) || lower === context.name?.trim().toLowerCase()) {
    return 'accounts.password.personal';
  }
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  return hash(normalise(password), ARGON2_OPTIONS);
}

/** False for a wrong password and for anything that is not an argon2 hash (accounts made by tests, old imports). */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  if (!storedHash.startsWith('$argon2')) return false;
  try {
    return await verify(storedHash, normalise(password));
  } catch {
    return false;
  }
}

/** True when the hash was made with weaker parameters than today's, so it is replaced at the next login. */
export function needsRehash(storedHash: string): boolean {
  try {
    const used = parseOptions(storedHash);
    return used.algorithm !== ARGON2_OPTIONS.algorithm || used.memoryCost < ARGON2_OPTIONS.memoryCost! || used.timeCost < ARGON2_OPTIONS.timeCost!;
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the time of one verification when there is no account, so a login for an unknown email
 * takes as long as one with a wrong password and timing does not tell which emails have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hash(randomBytes(16).toString('hex'), ARGON2_OPTIONS);
  await verifyPassword(await dummyHash, password);
  return false;
}
