// Money is integer cents; this parses what people type and formats cents for a locale (views only).

const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(cents: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let fmt = formatters.get(key);
  if (!fmt) {
    fmt = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, fmt);
  }
  return fmt.format(cents / 100);
}

/** Largest amount a shopper may type into a price field, in cents (one million in the shop's currency). */
export const MAX_PRICE_INPUT_CENTS = 100_000_000;

/**
 * Parses an amount typed by a person ("12", "12.5", "12,50", "€ 12.50") into cents.
 * Returns null for anything that is not a plain non-negative amount with at most two decimals.
 */
export function parseMoneyInput(raw: string): number | null {
  const text = raw.trim().replace(/^[€$£]\s*|\s*[€$£]$/g, '').replace(/\s+/g, '');
  const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  return cents <= MAX_PRICE_INPUT_CENTS ? cents : null;
}

/** Cents back into the plain text a form field shows ("12.50", "12"). */
export function centsToInput(cents: number): string {
  return cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2);
}
