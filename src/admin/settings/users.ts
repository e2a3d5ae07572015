// Back-office accounts (admins only): an account's details (with its language) and orders, its role, and Emporium Plus granted or ended by hand.
import type { Knex } from 'knex';
import { recordAudit, type Actor } from '../../audit/service';
import { endMembership, grantMembership, membershipStatus, type MembershipStatus } from '../../membership/service';
import { DomainError, NotFoundError, ValidationError } from '../../lib/errors';
import { toDate, toInt } from '../../lib/rows';
import type { Role } from '../../plugins/auth';
import type { Locale } from '../../i18n';
import { storedLocale } from '../../accounts/service';

export const ROLES: Role[] = ['customer', 'staff', 'admin'];

export interface AccountDetail {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** The language the shop writes to the customer in; null: none chosen, the shop's default. */
  locale: Locale | null;
  createdAt: Date;
  membership: MembershipStatus;
  orders: { number: string; totalCents: number; currency: string; status: string; createdAt: Date }[];
}

export async function accountDetail(db: Knex, id: number): Promise<AccountDetail> {
  const user = await db('users').where('id', id).first('id', 'email', 'name', 'role', 'locale', 'created_at');
  if (!user) throw new NotFoundError();
  const orders = await db('orders').where('user_id', id).orderBy('created_at', 'desc').limit(100).select('number', 'total_cents', 'currency', 'status', 'created_at');
  return {
    id: toInt(user.id),
    email: user.email,
    name: user.name,
    role: user.role as Role,
    locale: storedLocale(user.locale),
    createdAt: toDate(user.created_at),
    membership: await membershipStatus(db, id),
    orders: orders.map((o) => ({ number: o.number, totalCents: toInt(o.total_cents), currency: o.currency, status: o.status, createdAt: new Date(toInt(o.created_at)) })),
  };
}

export class SelfDemotionError extends DomainError {
  constructor() {
    super('adminSettings.users.selfDemotion', 422, {}, 'role');
  }
}

export async function changeRole(db: Knex, actor: Actor, userId: number, rawRole: string): Promise<void> {
  const role = rawRole as Role;
  if (!ROLES.includes(role)) throw new ValidationError({ role: 'adminSettings.users.roleInvalid' });
  // An admin taking away their own rights could leave the shop with nobody able to give them back.
  if (userId === actor.id && role !== 'admin') throw new SelfDemotionError();
  await db.transaction(async (trx) => {
    const before = await trx('users').where('id', userId).forUpdate().first('role');
    if (!before) throw new NotFoundError();
    if (before.role === role) return;
    await trx('users').where('id', userId).update({ role, updated_at: trx.fn.now() });
    await recordAudit(trx, actor, { action: 'user.role_change', entityType: 'user', entityId: userId, before: { role: before.role }, after: { role } });
  });
}

export const MAX_GRANT_DAYS = 3660;

export async function grantPlus(db: Knex, actor: Actor, userId: number, rawDays: string): Promise<void> {
  const days = /^\d{1,4}$/.test(rawDays.trim()) ? Number(rawDays.trim()) : 0;
  if (days < 1 || days > MAX_GRANT_DAYS) throw new ValidationError({ days: 'adminSettings.users.daysInvalid' });
  await db.transaction(async (trx) => {
    const user = await trx('users').where('id', userId).forUpdate().first('id');
    if (!user) throw new NotFoundError();
    const period = await grantMembership(trx, userId, { days, source: 'admin' });
    await recordAudit(trx, actor, { action: 'user.plus_grant', entityType: 'user', entityId: userId, after: { days, ...period } });
  });
}

export async function endPlus(db: Knex, actor: Actor, userId: number): Promise<void> {
  await db.transaction(async (trx) => {
    const user = await trx('users').where('id', userId).forUpdate().first('id');
    if (!user) throw new NotFoundError();
    const before = await membershipStatus(trx, userId);
    const ended = await endMembership(trx, userId);
    await recordAudit(trx, actor, { action: 'user.plus_end', entityType: 'user', entityId: userId, before, after: { periodsEnded: ended } });
  });
}
