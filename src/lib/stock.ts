// What a shopper is told about stock on hand: one rule for cards, product pages and (later) live updates.

export const LOW_STOCK_THRESHOLD = 3;

export type StockState = { kind: 'in_stock' } | { kind: 'low'; left: number } | { kind: 'sold_out' };

export function stockState(stock: number): StockState {
  if (stock <= 0) return { kind: 'sold_out' };
  if (stock <= LOW_STOCK_THRESHOLD) return { kind: 'low', left: stock };
  return { kind: 'in_stock' };
}
