// Rewrites stored emails into the canonical form logins now look up (NFKC, domain in punycode); the rest were already trimmed and lower-cased.
import { domainToASCII } from 'node:url';
import type { Knex } from 'knex';

/** A frozen copy of the rule at the time of this migration (src/accounts/email-address.ts may move on). */
function canonical(email: string): string {
  const folded = email.normalize('NFKC').trim().toLowerCase();
  const at = folded.lastIndexOf('@');
  if (at <= 0 || /[\p{Cf}\p{Cc}]/u.test(folded)) return folded;
  const domain = folded.slice(at + 1);
  const ascii = /^[\x21-\x7e]+$/.test(domain) ? domain : domainToASCII(domain);
  return ascii === '' ? folded : `${folded.slice(0, at)}@${ascii}`;
}

export async function up(knex: Knex): Promise<void> {
  // Only addresses with something beyond printable ASCII can change; there are few, so row by row is fine.
  const rows: { id: number; email: string }[] = await knex('users').select('id', 'email');
  for (const row of rows) {
    if (/^[\x21-\x7e]*$/.test(row.email)) continue;
    const email = canonical(row.email);
    if (email === row.email) continue;
    // Two accounts that only differed in such details keep their addresses: an admin must choose.
    if (await knex('users').where({ email }).first('id')) continue;
    await knex('users').where({ id: row.id }).update({ email });
  }
}
