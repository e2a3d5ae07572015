// Back-office reads: the shop at a glance and the list of accounts (the rest of the back office builds on these).
import type { Knex } from 'knex';
import { parseJsonObject, toDate, toInt } from '../lib/rows';
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

export interface SalesFigures {
  orders: number;
  /** What the orders brought in: totals less refunds. */
  salesCents: number;
  /** Average order value, rounded to the cent; 0 without orders. */
  averageCents: number;
}

export interface LowStockVariant {
  variantId: number;
  productId: number;
  productName: string;
  sku: string;
  /** "Colour: Blue, Size: M", or '' for a product's only variant. */
  options: string;
  stock: number;
}

export interface LatestOrder {
  number: string;
  email: string;
  name: string;
  status: string;
  totalCents: number;
  placedAt: Date;
}

export interface SalesDashboard {
  today: SalesFigures;
  last30Days: SalesFigures;
  /** One entry per UTC day, oldest first, the last being today. */
  days: { date: string; cents: number }[];
  lowStock: LowStockVariant[];
  latestOrders: LatestOrder[];
}

export const DASHBOARD_DAYS = 30;
export const DASHBOARD_LATEST_ORDERS = 10;
export const DASHBOARD_LOW_STOCK_ROWS = 20;
const DAY_MS = 86_400_000;

function figures(orders: number, salesCents: number): SalesFigures {
  return { orders, salesCents, averageCents: orders > 0 ? Math.round(salesCents / orders) : 0 };
}

/**
 * Sales of today and of the last 30 days (today included), with a total per day.
 * Days are UTC days whatever the shop's or the clerk's time zone, so every instance and both dialects agree;
 * the rows of the window are bucketed here rather than with SQL date functions, which differ between dialects.
 * Cancelled orders do not count; every other order counts once, for its total less what was refunded.
 */
export async function salesDashboard(db: Knex, now = Date.now()): Promise<SalesDashboard> {
  const todayStart = Math.floor(now / DAY_MS) * DAY_MS;
  const windowStart = todayStart - (DASHBOARD_DAYS - 1) * DAY_MS;
  const windowEnd = todayStart + DAY_MS;

  const [rows, lowStockRows, latestRows] = await Promise.all([
    db('orders')
      .where('created_at', '>=', windowStart)
      .andWhere('created_at', '<', windowEnd)
      .andWhereNot('status', 'cancelled')
      .select('created_at', 'total_cents', 'refunded_cents'),
    db('variants as v')
      .join('products as p', 'p.id', 'v.product_id')
      .where('v.stock', '>', 0)
      .andWhere('v.stock', '<=', LOW_STOCK_THRESHOLD)
      .select('v.id', 'v.sku', 'v.options', 'v.stock', 'p.id as product_id', 'p.name')
      .orderBy([{ column: 'v.stock', order: 'asc' }, { column: 'p.name', order: 'asc' }, { column: 'v.id', order: 'asc' }])
      .limit(DASHBOARD_LOW_STOCK_ROWS),
    db('orders')
      .select('number', 'email', 'ship_name', 'status', 'total_cents', 'created_at')
      .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(DASHBOARD_LATEST_ORDERS),
  ]);

  const dayCents = new Array<number>(DASHBOARD_DAYS).fill(0);
  let monthOrders = 0;
  let todayOrders = 0;
  for (const r of rows as Record<string, unknown>[]) {
    const at = toInt(r.created_at);
    const cents = toInt(r.total_cents) - toInt(r.refunded_cents);
    dayCents[Math.floor((at - windowStart) / DAY_MS)] += cents;
    monthOrders += 1;
    if (at >= todayStart) todayOrders += 1;
  }
  const days = dayCents.map((cents, i) => ({ date: new Date(windowStart + i * DAY_MS).toISOString().slice(0, 10), cents }));

  return {
    today: figures(todayOrders, dayCents[DASHBOARD_DAYS - 1]),
    last30Days: figures(monthOrders, dayCents.reduce((a, b) => a + b, 0)),
    days,
    lowStock: (lowStockRows as Record<string, unknown>[]).map((r) => ({
      variantId: toInt(r.id),
      productId: toInt(r.product_id),
      productName: r.name as string,
      sku: r.sku as string,
      options: Object.entries(parseJsonObject(r.options)).map(([name, value]) => `${name}: ${value}`).join(', '),
      stock: toInt(r.stock),
    })),
    latestOrders: (latestRows as Record<string, unknown>[]).map((r) => ({
      number: r.number as string,
      email: r.email as string,
      name: r.ship_name as string,
      status: r.status as string,
      totalCents: toInt(r.total_cents),
      placedAt: new Date(toInt(r.created_at)),
    })),
  };
}

/** An order placed while the dashboard was open, as its row shows it: marked new, with its item count. */
export interface NewOrderRow {
  number: string;
  status: string;
  totalCents: number;
  placedAt: Date;
  itemCount: number;
}

/** The dashboard's row for one order, or null when there is no such order. */
export async function newOrderRow(db: Knex, number: string): Promise<NewOrderRow | null> {
  const row = await db('orders as o')
    .leftJoin('order_lines as l', 'l.order_id', 'o.id')
    .where('o.number', number)
    .groupBy('o.id', 'o.number', 'o.status', 'o.total_cents', 'o.created_at')
    .select('o.number', 'o.status', 'o.total_cents', 'o.created_at')
    .sum({ items: 'l.quantity' })
    .first();
  if (!row) return null;
  const r = row as Record<string, unknown>;
  return { number: r.number as string, status: r.status as string, totalCents: toInt(r.total_cents), placedAt: new Date(toInt(r.created_at)), itemCount: toInt(r.items) };
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
