// Demo discount codes, so that the checkout's code step can be tried (and tested end to end) on the demo shop.
import type { Knex } from 'knex';

/** WELCOME10: 10 % off, no dates, no limits, for everyone. Idempotent. */
export async function seedDemoCodes(db: Knex): Promise<{ codes: number }> {
  // value is in basis points for percent codes: 1000 = 10 %.
  await db('discount_codes').insert({ code: 'WELCOME10', kind: 'percent', value: 1000, active: true, members_only: false }).onConflict('code').ignore();
  return { codes: 1 };
}
