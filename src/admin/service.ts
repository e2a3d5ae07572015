// Back-office reads: the shop at a glance and the list of accounts (the rest of the back office builds on these).
import type { Knex } from 'knex';
import { toDate, toInt } from '../lib/rows';
import { LOW_STOCK_THRESHOLD } from '../lib/stock';

export interface ShopOverview {
  activeProducts: number;
  draftProducts: number;
  lowStockVariants: number;
  soldOutVariants: number;
  customers: number;
  members: number;
}

async function count(q: Knex.QueryBuilder): Promise<number> {
  const row = await q.count({ n: '*' }).first();
  return toInt(row?.n);
}

export async function shopOverview(db: Knex, now = Date.now()): Promise<ShopOverview> {
  const [activeProducts, draftProducts, lowStockVariants, soldOutVariants, customers, members] = await Promise.all([
    count(db('products').where('status', 'active')),
    count(db('products').where('status', 'draft')),
    count(db('variants').where('stock', '>', 0).andWhere('stock', '<=', LOW_STOCK_THRESHOLD)),
    count(db('variants').where('stock', '<=', 0)),
    count(db('users').where('role', 'customer')),
    db('memberships').where('starts_at', '<=', now).andWhere('ends_at', '>', now).countDistinct({ n: 'user_id' }).first().then((r) => toInt(r?.n)),
  ]);
  return { activeProducts, draftProducts, lowStockVariants, soldOutVariants, customers, members };
}

export interface AccountRow {
  id: number;
  email: string;
  name: string;
  role: string;
  memberUntil: Date | null;
  createdAt: Date;
}

export const ACCOUNTS_PAGE_SIZE = 50;

/** Accounts, newest first, optionally those whose email or name contains the search text. */
export async function listAccounts(db: Knex, search: string, page: number, now = Date.now()): Promise<{ rows: AccountRow[]; total: number }> {
  const filtered = () => {
    const q = db('users as u');
    const text = search.trim().toLowerCase().slice(0, 100);
    if (text) q.where((w) => w.whereRaw('lower(u.email) like ?', [`%${text}%`]).orWhereRaw('lower(u.name) like ?', [`%${text}%`]));
    return q;
  };
  const total = await count(filtered());
  const rows = await filtered()
    .leftJoin(db('memberships').select('user_id').max({ ends_at: 'ends_at' }).where('starts_at', '<=', now).andWhere('ends_at', '>', now).groupBy('user_id').as('m'), 'm.user_id', 'u.id')
    .select('u.id', 'u.email', 'u.name', 'u.role', 'u.created_at', 'm.ends_at')
    .orderBy('u.id', 'desc')
    .limit(ACCOUNTS_PAGE_SIZE)
    .offset((page - 1) * ACCOUNTS_PAGE_SIZE);
  return {
    total,
    rows: rows.map((r: Record<string, unknown>) => ({
      id: toInt(r.id),
      email: r.email as string,
      name: r.name as string,
      role: r.role as string,
      memberUntil: r.ends_at === null || r.ends_at === undefined ? null : new Date(toInt(r.ends_at)),
      createdAt: toDate(r.created_at),
    })),
  };
}
