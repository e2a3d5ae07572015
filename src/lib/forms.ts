// Reading posted forms and building what a form template needs to show values and errors again.
import type { FastifyRequest } from 'fastify';
import type { MessageKey } from '../i18n';

export type Form = Record<string, unknown>;

/** A message about a whole form (wrong login, too many attempts, a declined card). */
export interface FormNotice {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export function formBody(request: FastifyRequest): Form {
  return request.body && typeof request.body === 'object' ? (request.body as Form) : {};
}

/** A field as text; anything else (missing, repeated, an object) reads as empty. */
export function text(form: Form, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

/** What a form template needs: the values to show again, a message per wrong field, and a summary on top. */
export interface FormView {
  /** Prefix of the field ids (`${id}-${field}`), so the error summary can link to each field. */
  id: string;
  values: object;
  errors: Record<string, MessageKey>;
  errorList: { href: string; key: MessageKey }[];
  notice: FormNotice | null;
}

export function formView(id: string, values: object, errors: Record<string, MessageKey> = {}, notice: FormNotice | null = null): FormView {
  return { id, values, errors, errorList: Object.entries(errors).map(([field, key]) => ({ href: `#${id}-${field}`, key })), notice };
}
