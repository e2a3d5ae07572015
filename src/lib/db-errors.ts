// Recognises database errors the same way on SQLite and PostgreSQL, so services can turn them into domain errors.
import type { MessageKey } from '../i18n';
import { ValidationError } from './errors';

/** A unique index refused the row (SQLite: SQLITE_CONSTRAINT "UNIQUE constraint failed"; PostgreSQL: 23505). */
export function isUniqueViolation(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (code === '23505') return true;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT') && typeof message === 'string' && message.includes('UNIQUE');
}

/** Runs a change; a unique index refusing the row becomes a message beside the field that must be unique. */
export async function uniqueOr<T>(field: string, key: MessageKey, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError({ [field]: key });
    throw err;
  }
}
