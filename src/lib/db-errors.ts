// Recognises database errors the same way on SQLite and PostgreSQL, so services can turn them into domain errors.

/** A unique index refused the row (SQLite: SQLITE_CONSTRAINT "UNIQUE constraint failed"; PostgreSQL: 23505). */
export function isUniqueViolation(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (code === '23505') return true;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT') && typeof message === 'string' && message.includes('UNIQUE');
}
