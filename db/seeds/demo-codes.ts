// Demo discount codes, so that the checkout's code step can be tried (and tested end to end) on the demo shop.
import type { Knex } from 'knex';

/** WELCOME10: 10 % off, no dates, no limits, for everyone, described in English and French. Idempotent. */
export async function seedDemoCodes(db: Knex): Promise<{ codes: number }> {
  // value is in basis points for percent codes: 1000 = 10 %.
  await db('discount_codes')
    .insert({ code: 'WELCOME10', kind: 'percent', value: 1000, active: true, members_only: false, description: 'Welcome offer: 10% off your order' })
    .onConflict('code')
    .ignore();
  const code = await db('discount_codes').where('code', 'WELCOME10').first('id');
  await db('discount_code_translations')
    .insert({ discount_code_id: code.id, locale: 'fr', description: 'Offre de bienvenue\u00a0: −10\u00a0% sur votre commande' })
    .onConflict(['discount_code_id', 'locale'])
    .ignore();
  return { codes: 1 };
}
