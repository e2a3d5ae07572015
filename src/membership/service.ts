// Emporium Plus memberships: granting, ending and reading a customer's membership period.
import type { Knex } from 'knex';
import { toInt } from '../lib/rows';

export interface MembershipStatus {
  active: boolean;
  /** End of the latest membership period (ms since epoch), past or future; null when never a member. */
  endsAt: number | null;
}

export type MembershipSource = 'admin' | 'order';

/** Adds a period to the account: it starts now, or when the current membership ends, so renewals stack. */
export async function grantMembership(
  db: Knex,
  userId: number,
  options: { days: number; source: MembershipSource; now?: number },
): Promise<{ startsAt: number; endsAt: number }> {
  const now = options.now ?? Date.now();
  const current = await db('memberships').where('user_id', userId).andWhere('ends_at', '>', now).max({ ends_at: 'ends_at' }).first();
  const startsAt = current?.ends_at ? Math.max(now, toInt(current.ends_at)) : now;
  const endsAt = startsAt + options.days * 24 * 60 * 60 * 1000;
  await db('memberships').insert({ user_id: userId, starts_at: startsAt, ends_at: endsAt, source: options.source });
  return { startsAt, endsAt };
}

/** Ends every current or future period of the account now. */
export async function endMembership(db: Knex, userId: number, now = Date.now()): Promise<number> {
  await db('memberships').where('user_id', userId).andWhere('starts_at', '>', now).delete();
  return db('memberships').where('user_id', userId).andWhere('ends_at', '>', now).update({ ends_at: now });
}

export async function membershipStatus(db: Knex, userId: number, now = Date.now()): Promise<MembershipStatus> {
  const active = await db('memberships').where('user_id', userId).andWhere('starts_at', '<=', now).andWhere('ends_at', '>', now).max({ ends_at: 'ends_at' }).first();
  if (active?.ends_at) return { active: true, endsAt: toInt(active.ends_at) };
  const last = await db('memberships').where('user_id', userId).max({ ends_at: 'ends_at' }).first();
  return { active: false, endsAt: last?.ends_at ? toInt(last.ends_at) : null };
}
