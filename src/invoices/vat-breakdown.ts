// VAT per rate for an invoice or a credit note: each amount (a line, shipping, an adjustment) says its gross
// (tax included, as paid) and the VAT in it; the breakdown sums them by rate. Working from gross and VAT keeps
// it true whether prices were entered with or without tax: net = gross − VAT.

export interface TaxedAmount {
  rateBp: number;
  grossCents: number;
  taxCents: number;
}

export interface VatRateRow {
  rateBp: number;
  netCents: number;
  taxCents: number;
  grossCents: number;
}

/** Sums by rate, lowest rate first; rates with nothing on them are left out. */
export function vatByRate(amounts: readonly TaxedAmount[]): VatRateRow[] {
  const byRate = new Map<number, VatRateRow>();
  for (const a of amounts) {
    const row = byRate.get(a.rateBp) ?? { rateBp: a.rateBp, netCents: 0, taxCents: 0, grossCents: 0 };
    row.grossCents += a.grossCents;
    row.taxCents += a.taxCents;
    row.netCents = row.grossCents - row.taxCents;
    byRate.set(a.rateBp, row);
  }
  return [...byRate.values()].filter((r) => r.grossCents !== 0 || r.taxCents !== 0).sort((x, y) => x.rateBp - y.rateBp);
}

/** An order's taxed amounts as stored: its lines, and shipping as what the lines leave of the total and the tax. */
export function orderTaxedAmounts(order: { taxRateBasisPoints: number; totalCents: number; taxCents: number; lines: readonly { lineTotalCents: number; lineTaxCents: number }[] }): TaxedAmount[] {
  const rateBp = order.taxRateBasisPoints;
  const lines = order.lines.map((l) => ({ rateBp, grossCents: l.lineTotalCents, taxCents: l.lineTaxCents }));
  const rest = {
    rateBp,
    grossCents: order.totalCents - lines.reduce((s, l) => s + l.grossCents, 0),
    taxCents: order.taxCents - lines.reduce((s, l) => s + l.taxCents, 0),
  };
  return [...lines, rest];
}
