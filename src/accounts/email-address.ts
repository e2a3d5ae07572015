// Email addresses: the one canonical form every channel stores and looks up, and what is refused before storing.
import { domainToASCII, domainToUnicode } from 'node:url';
import type { MessageKey } from '../i18n';

export const EMAIL_MAX_LENGTH = 254;

// One @, no spaces or characters that need quoting, a dot in the domain and a top-level part of 2+ characters.
// Any script is fine in the local part (élise@exemple.fr); whether the mailbox exists only an email can tell.
const EMAIL_PATTERN = /^[^\s@"<>()[\]\\,;:]{1,64}@(?:[^\s@"<>()[\]\\,;:.]+\.)+[^\s@"<>()[\]\\,;:.]{2,}$/u;

/**
 * Characters that show nothing or steer the display: format characters (zero-width space and joiners
 * U+200B-U+200D, word joiner U+2060, BOM U+FEFF, bidi controls, soft hyphen) and control characters
 * other than the ordinary white space a paste may bring at either end.
 */
const INVISIBLE = /[\p{Cf}\u0000-\u0008\u000e-\u001f\u007f-\u009f]/u;

/**
 * The canonical form: NFKC (full-width ＠ and letters become ordinary ones), trimmed, lower-cased, the
 * domain in its ASCII (punycode) form. Invisible characters are kept, so emailProblem can refuse them:
 * an address is never silently changed into another one.
 */
export function normaliseEmail(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  const folded = raw.normalize('NFKC');
  // Before trimming: trim() would quietly drop a BOM at either end.
  if (INVISIBLE.test(folded)) return folded.toLowerCase();
  const email = folded.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return email;
  const domain = email.slice(at + 1);
  const ascii = /^[\x21-\x7e]+$/.test(domain) ? domain : domainToASCII(domain);
  // An impossible domain stays as typed and fails the pattern below.
  return ascii === '' ? email : `${email.slice(0, at)}@${ascii}`;
}

/** What is wrong with a normalised address, or null. */
export function emailProblem(email: string): MessageKey | null {
  if (email === '') return 'accounts.email.required';
  if (INVISIBLE.test(email)) return 'accounts.email.invisible';
  if (email.length > EMAIL_MAX_LENGTH) return 'accounts.email.tooLong';
  if (!EMAIL_PATTERN.test(email)) return 'accounts.email.invalid';
  if (looksLikeAnother(email)) return 'accounts.email.mixedScripts';
  return null;
}

/** The scripts whose letters are easily taken for each other or for Latin ones. */
const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Cherokee', 'Coptic', 'Georgian', 'Hebrew', 'Arabic', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo', 'Thai', 'Devanagari'] as const;
type Script = (typeof SCRIPTS)[number];
const SCRIPT_TESTS = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);

/** Combinations a real name is written in (Unicode's "highly restrictive" profile, UTS #39). */
const ALLOWED_MIXES: Script[][] = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
];

function scriptsOf(text: string): Set<string> {
  const found = new Set<string>();
  for (const char of text) {
    if (!/\p{L}/u.test(char)) continue;
    found.add(SCRIPT_TESTS.find(([, test]) => test.test(char))?.[0] ?? 'Other');
  }
  return found;
}

/** True when one part mixes scripts, as сustomer (a Cyrillic с) does: the local part, or a label of the domain. */
function mixesScripts(text: string): boolean {
  const scripts = scriptsOf(text);
  if (scripts.size <= 1) return false;
  return !ALLOWED_MIXES.some((allowed) => [...scripts].every((s) => (allowed as string[]).includes(s)));
}

function looksLikeAnother(email: string): boolean {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = domainToUnicode(email.slice(at + 1)) || email.slice(at + 1);
  return mixesScripts(local) || domain.split('.').some(mixesScripts);
}
