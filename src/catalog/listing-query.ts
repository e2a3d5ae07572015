// Parses the shared GET state of product listings (sort, page, price range, stock, search text) and builds links that keep it.
import type { MessageKey } from '../i18n';
import { centsToInput, parseMoneyInput } from '../lib/money';

export const LISTING_SORTS = ['featured', 'newest', 'price_asc', 'price_desc', 'name'] as const;
export const SEARCH_SORTS = ['relevance', ...LISTING_SORTS] as const;
export type Sort = (typeof SEARCH_SORTS)[number];

export const MAX_QUERY_LENGTH = 200;
const MAX_PAGE = 100_000;

export interface ListingQuery {
  sort: Sort;
  page: number;
  minPriceCents: number | null;
  maxPriceCents: number | null;
  inStockOnly: boolean;
  q: string;
}

export interface ListingParseResult {
  query: ListingQuery;
  /** What the filter form shows back: the visitor's own text, even when it was wrong. */
  input: { min: string; max: string; q: string };
  errors: Partial<Record<'min' | 'max', MessageKey>>;
  notices: MessageKey[];
}

function first(value: unknown): string {
  if (Array.isArray(value)) return first(value[0]);
  return typeof value === 'string' ? value : '';
}

export function parseListingQuery(raw: Record<string, unknown>, mode: 'category' | 'search'): ListingParseResult {
  const sorts: readonly string[] = mode === 'search' ? SEARCH_SORTS : LISTING_SORTS;
  const defaultSort: Sort = mode === 'search' ? 'relevance' : 'featured';
  const sortRaw = first(raw.sort);
  // An unknown sort (an old link, a typo) falls back to the default rather than failing the page.
  const sort = (sorts.includes(sortRaw) ? sortRaw : defaultSort) as Sort;

  const pageRaw = first(raw.page);
  const pageNumber = /^\d{1,9}$/.test(pageRaw) ? Number(pageRaw) : 1;
  const page = Math.min(Math.max(pageNumber, 1), MAX_PAGE);

  const errors: ListingParseResult['errors'] = {};
  const notices: MessageKey[] = [];
  const minText = first(raw.min).slice(0, 40);
  const maxText = first(raw.max).slice(0, 40);
  let minPriceCents: number | null = null;
  let maxPriceCents: number | null = null;
  if (minText.trim() !== '') {
    minPriceCents = parseMoneyInput(minText);
    if (minPriceCents === null) errors.min = 'filters.invalidPrice';
  }
  if (maxText.trim() !== '') {
    maxPriceCents = parseMoneyInput(maxText);
    if (maxPriceCents === null) errors.max = 'filters.invalidPrice';
  }
  let input = { min: minText, max: maxText, q: '' };
  if (minPriceCents !== null && maxPriceCents !== null && minPriceCents > maxPriceCents) {
    [minPriceCents, maxPriceCents] = [maxPriceCents, minPriceCents];
    input = { ...input, min: centsToInput(minPriceCents), max: centsToInput(maxPriceCents) };
    notices.push('filters.priceOrder');
  }

  let q = first(raw.q).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (q.length > MAX_QUERY_LENGTH) {
    q = q.slice(0, MAX_QUERY_LENGTH);
    notices.push('search.truncated');
  }
  input.q = q;

  const stockRaw = first(raw.instock);
  return {
    query: { sort, page, minPriceCents, maxPriceCents, inStockOnly: stockRaw === '1' || stockRaw === 'on', q },
    input,
    errors,
    notices,
  };
}

/** The URL of a listing with its current state, some parts overridden (e.g. another page). */
export function listingHref(basePath: string, query: ListingQuery, overrides: Partial<ListingQuery> = {}, mode: 'category' | 'search' = 'category'): string {
  const state = { ...query, ...overrides };
  const params = new URLSearchParams();
  if (mode === 'search' && state.q) params.set('q', state.q);
  if (state.minPriceCents !== null) params.set('min', centsToInput(state.minPriceCents));
  if (state.maxPriceCents !== null) params.set('max', centsToInput(state.maxPriceCents));
  if (state.inStockOnly) params.set('instock', '1');
  if (state.sort !== (mode === 'search' ? 'relevance' : 'featured')) params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  const qs = params.toString();
  return qs ? `${basePath}?${qs}` : basePath;
}

/** A stable cache key for one listing state: junk parameters do not make new keys. */
export function listingKey(query: ListingQuery): string {
  return [query.sort, query.page, query.minPriceCents ?? '', query.maxPriceCents ?? '', query.inStockOnly ? 1 : 0, query.q.toLowerCase()].join('|');
}
