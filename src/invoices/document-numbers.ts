// Gap-free document numbers per kind and year: "F-2026-000123" for invoices, "A-2026-000007" for credit notes.
//
// The counter row (document_sequences, one per kind and year) is incremented on the caller's transaction, the
// one that writes the document: a rollback gives the number back, and a second writer waits on the row's lock
// (PostgreSQL) or on the one writer SQLite allows until the first commits, so numbers are never skipped nor
// given twice. Callers take the number as late as they can in their transaction: the row is held until commit.
import type { Knex } from 'knex';
import { toInt } from '../lib/rows';

export type DocumentKind = 'invoice' | 'credit_note';

const PREFIX: Record<DocumentKind, string> = { invoice: 'F', credit_note: 'A' };

/** The numbering year of a document dated `at` (ms since epoch): the UTC calendar year. */
export function documentYear(at: number): number {
  return new Date(at).getUTCFullYear();
}

export function formatDocumentNumber(kind: DocumentKind, year: number, n: number): string {
  return `${PREFIX[kind]}-${year}-${String(n).padStart(6, '0')}`;
}

/** The next number of `kind` for the year of `at`, taken on `trx` (never on the knex instance). */
export async function nextDocumentNumber(trx: Knex.Transaction, kind: DocumentKind, at: number): Promise<string> {
  const year = documentYear(at);
  await trx('document_sequences').insert({ kind, year, next_number: 1 }).onConflict(['kind', 'year']).ignore();
  const [row] = await trx('document_sequences')
    .where({ kind, year })
    .update({ next_number: trx.raw('next_number + 1') })
    .returning('next_number');
  const next = toInt(typeof row === 'object' ? row.next_number : row);
  return formatDocumentNumber(kind, year, next - 1);
}
