// What people type into form fields and URLs (days, percentages, counts, checkboxes, ids) read one way for every page.
import { NotFoundError } from './errors';
import type { Form } from './forms';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** A field as trimmed text; anything else (missing, repeated, an object) reads as empty. */
export function trimmedText(form: Form, name: string): string {
  const v = form[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** A ticked checkbox; the forms also send a hidden empty field of the same name, so an unticked box reads as false. */
export function checked(form: Form, name: string): boolean {
  const v = form[name];
  return (Array.isArray(v) ? v : [v]).some((x) => x === 'on' || x === '1' || x === 'true');
}

/**
 * 'YYYY-MM-DD' (a real calendar day: no 30 February) into the first ms of that UTC day; null otherwise.
 * Days are UTC days everywhere in the back office, so a date means the same on every instance.
 */
export function parseDayInput(raw: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === raw ? ms : null;
}

/** The UTC day of a moment as a date field shows it ('YYYY-MM-DD'); '' for none. */
export function dayToInput(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString().slice(0, 10);
}

/** "12", "12.5", "12,25" percent (0..100, at most two decimals) into basis points; null when not such a number. */
export function parsePercentInput(raw: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(raw.trim().replace(/\s*%$/, ''));
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  return bp <= 10000 ? bp : null;
}

/** Basis points back into the text a percent field shows ("12.5", "8.25", "20"). */
export function basisPointsToInput(bp: number): string {
  return bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2).replace(/0$/, '');
}

/** An optional whole number 1..999,999,999: null when left empty, undefined when not such a number. */
export function parseOptionalCount(raw: string): number | null | undefined {
  if (raw === '') return null;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) return undefined;
  return Number(raw);
}

/** A row id as typed in a URL or a form (digits only, at most nine); null for anything else. */
export function parseId(raw: unknown): number | null {
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}

/** A row id from the URL's path: anything that cannot be an id is a page that does not exist. */
export function idFromPath(raw: string): number {
  const id = parseId(raw);
  if (id === null) throw new NotFoundError();
  return id;
}
