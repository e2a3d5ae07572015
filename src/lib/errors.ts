// Domain errors: services throw these; plugins/errors.ts maps them to HTTP for pages and APIs.
import type { MessageKey } from '../i18n';

/** What a domain error may carry beyond its code, so that every channel words it the same way. */
export interface DomainErrorExtras {
  /** The sentence people read when it says more than the code's own (e.g. names an amount); default: messageKey. */
  sentenceKey?: MessageKey;
  /** Amounts in cents the sentence names, by parameter: formatted in the reader's language and currency where it is shown. */
  amounts?: Record<string, number>;
  /** What a program may act on besides the code: problem+json members and GraphQL extensions. */
  details?: Record<string, string | number>;
}

export class DomainError extends Error {
  readonly sentenceKey: MessageKey;
  readonly amounts: Record<string, number>;
  readonly details: Record<string, string | number>;

  constructor(
    readonly messageKey: MessageKey,
    readonly status: number,
    readonly params: Record<string, string | number> = {},
    readonly field?: string,
    extras: DomainErrorExtras = {},
  ) {
    super(messageKey);
    this.name = new.target.name;
    this.sentenceKey = extras.sentenceKey ?? messageKey;
    this.amounts = extras.amounts ?? {};
    this.details = extras.details ?? {};
  }
}

/** A sentence for a person: its message key and parameters, with the error's amounts formatted by `money`. */
export function sentenceOf(err: DomainError, money: (cents: number) => string): { key: MessageKey; params: Record<string, string | number> } {
  const params: Record<string, string | number> = { ...err.params };
  for (const [name, cents] of Object.entries(err.amounts)) params[name] = money(cents);
  return { key: err.sentenceKey, params };
}

export class NotFoundError extends DomainError {
  constructor(messageKey: MessageKey = 'error.notFound.text') {
    super(messageKey, 404);
  }
}

/** One or more fields of a form or query are wrong: each has a message key for beside the field. */
export class ValidationError extends DomainError {
  constructor(readonly fields: Record<string, MessageKey>, status = 422) {
    super('error.validation', status);
  }
}
