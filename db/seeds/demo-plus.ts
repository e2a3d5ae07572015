// Demo Emporium Plus content: member prices on some variants and a few early-access products.
import type { Knex } from 'knex';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Every third active product (by id) gets member prices about 15% below the regular price, and the
 * three newest active products are members-only for 30 days. Deterministic for a given catalog.
 */
export async function seedDemoPlus(db: Knex, now = Date.now()): Promise<{ memberPriced: number; earlyAccess: number }> {
  const already = await db('variants').whereNotNull('member_price_cents').first('id');
  if (already) return { memberPriced: 0, earlyAccess: 0 };
  const products = await db('products').where('status', 'active').orderBy('id').select('id');
  const priced = products.filter((_p, i) => i % 3 === 1).map((p) => Number(p.id));
  const newest = await db('products').where('status', 'active').orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(3).select('id');
  await db.transaction(async (trx) => {
    for (let i = 0; i < priced.length; i += 200) {
      // Rounded down to a whole ten cents, e.g. 29.95 -> 25.40.
      await trx('variants')
        .whereIn('product_id', priced.slice(i, i + 200))
        .update({ member_price_cents: trx.raw('(price_cents * 85 / 100) - ((price_cents * 85 / 100) % 10)') });
    }
    await trx('products').whereIn('id', newest.map((p) => Number(p.id))).update({ members_only_until: now + 30 * DAY });
  });
  return { memberPriced: priced.length, earlyAccess: newest.length };
}
