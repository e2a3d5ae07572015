// Demo accounts, one per kind of person the shop serves (passwords are in the README).
import type { Knex } from 'knex';
import { createAccount } from '../../src/accounts/service';
import { grantMembership } from '../../src/membership/service';

export const DEMO_USERS = [
  { email: 'customer@emporium.test', name: 'Camille Martin', password: 'demo-customer-pass', role: 'customer', plus: false },
  { email: 'member@emporium.test', name: 'Maxime Plus', password: 'demo-member-pass', role: 'customer', plus: true },
  { email: 'staff@emporium.test', name: 'Sam Staff', password: 'demo-staff-pass', role: 'staff', plus: false },
  { email: 'admin@emporium.test', name: 'Alex Admin', password: 'demo-admin-pass', role: 'admin', plus: false },
] as const;

export async function seedDemoUsers(db: Knex): Promise<number> {
  if (await db('users').first('id')) return 0;
  for (const user of DEMO_USERS) {
    const id = await createAccount(db, user);
    if (user.role !== 'customer') await db('users').where({ id }).update({ role: user.role });
    if (user.plus) await grantMembership(db, id, { days: 365, source: 'admin' });
  }
  return DEMO_USERS.length;
}
