// Domain errors: services throw these; plugins/errors.ts maps them to HTTP for pages and APIs.
import type { MessageKey } from '../i18n';

export class DomainError extends Error {
  constructor(
    readonly messageKey: MessageKey,
    readonly status: number,
    readonly params: Record<string, string | number> = {},
    readonly field?: string,
  ) {
    super(messageKey);
    this.name = new.target.name;
  }
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
