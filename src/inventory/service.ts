// Stock changes go through here only: a conditional update (never below zero) and a ledger row, together.
import type { Knex } from 'knex';
import { DomainError } from '../lib/errors';
import { toInt } from '../lib/rows';
import { stockState } from '../lib/stock';
import { publishLive } from '../events/bus';

export type StockReason = 'initial' | 'received' | 'damaged' | 'correction' | 'order' | 'cancel' | 'refund';
/** The reasons a clerk may choose when adjusting stock by hand. */
export const MANUAL_REASONS = ['received', 'damaged', 'correction'] as const;

export class StockWouldGoNegativeError extends DomainError {
  constructor(readonly variantId: number) {
    super('inventory.negative', 409, {}, 'change');
  }
}

export interface StockChange {
  variantId: number;
  change: number;
  reason: StockReason;
  orderId?: number | null;
  actorUserId?: number | null;
  note?: string;
  now?: number;
}

/**
 * Applies one change inside the caller's transaction: `stock = stock + change` only where the result
 * stays at or above zero, then the ledger row with the stock after it. Returns the new stock.
 */
export async function changeStock(trx: Knex.Transaction, c: StockChange): Promise<number> {
  if (!Number.isInteger(c.change) || c.change === 0) throw new TypeError('a stock change is a non-zero whole number');
  const updated = await trx('variants')
    .where('id', c.variantId)
    .andWhere('stock', '>=', Math.max(0, -c.change))
    .update({ stock: trx.raw('stock + ?', [c.change]), updated_at: new Date(c.now ?? Date.now()) });
  if (updated === 0) throw new StockWouldGoNegativeError(c.variantId);
  // The product's slug comes along for the live stock event (one query for both).
  const row = await trx('variants as v').join('products as p', 'p.id', 'v.product_id').where('v.id', c.variantId).first('v.stock', 'p.slug');
  const stockAfter = toInt(row.stock);
  await trx('inventory_ledger').insert({
    variant_id: c.variantId,
    change: c.change,
    stock_after: stockAfter,
    reason: c.reason,
    order_id: c.orderId ?? null,
    actor_user_id: c.actorUserId ?? null,
    note: (c.note ?? '').slice(0, 300),
    created_at: c.now ?? Date.now(),
  });
  // Shoppers watching the product hear of it at commit; a change they cannot see (12 -> 11 in stock) is not news.
  const shown = stockState(stockAfter);
  if (JSON.stringify(shown) !== JSON.stringify(stockState(stockAfter - c.change))) {
    await publishLive(trx, { type: 'stock', slug: row.slug, variantId: c.variantId, stock: shown });
  }
  return stockAfter;
}

/** Gives variants that have stock but no ledger yet an 'initial' row (after seeding or import). */
export async function recordInitialStock(db: Knex, now = Date.now()): Promise<number> {
  const rows = await db('variants as v')
    .leftJoin('inventory_ledger as l', 'l.variant_id', 'v.id')
    .whereNull('l.id')
    .andWhere('v.stock', '<>', 0)
    .select('v.id', 'v.stock');
  for (let i = 0; i < rows.length; i += 200) {
    await db('inventory_ledger').insert(
      rows.slice(i, i + 200).map((r) => ({ variant_id: toInt(r.id), change: toInt(r.stock), stock_after: toInt(r.stock), reason: 'initial', note: '', created_at: now })),
    );
  }
  return rows.length;
}

export interface LedgerEntry {
  id: number;
  change: number;
  stockAfter: number;
  reason: StockReason;
  orderId: number | null;
  actorUserId: number | null;
  note: string;
  at: Date;
}

export async function ledgerOf(db: Knex, variantId: number, limit = 100): Promise<LedgerEntry[]> {
  const rows = await db('inventory_ledger').where('variant_id', variantId).orderBy('id', 'desc').limit(limit);
  return rows.map((r) => ({
    id: toInt(r.id),
    change: toInt(r.change),
    stockAfter: toInt(r.stock_after),
    reason: r.reason,
    orderId: r.order_id === null ? null : toInt(r.order_id),
    actorUserId: r.actor_user_id === null ? null : toInt(r.actor_user_id),
    note: r.note,
    at: new Date(toInt(r.created_at)),
  }));
}

/** The sum of a variant's ledger: equals its stock when every change went through changeStock. */
export async function ledgerTotal(db: Knex, variantId: number): Promise<number> {
  const row = await db('inventory_ledger').where('variant_id', variantId).sum({ n: 'change' }).first();
  return toInt(row?.n ?? 0);
}
