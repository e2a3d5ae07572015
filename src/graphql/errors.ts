// GraphQL errors as clients read them: a stable extensions.code (the message key), a message in the caller's language, no internals.
import type { MercuriusContext } from 'mercurius';
import mercurius from 'mercurius';
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { DomainError, sentenceOf, ValidationError } from '../lib/errors';
import { OUTAGE_CODE, outageOf, retryAfterSeconds, type Outage } from '../lib/db-errors';
import { formattersFor, translate, type Locale, type MessageKey } from '../i18n';
import { ReadRateLimitedError } from '../plugins/read-limits';

// Services name fields as the pages' forms do; a GraphQL client knows them as the arguments it sent.
const ARGUMENT_OF_FIELD: Record<string, string> = { variant: 'variantId', discountCode: 'code' };

function argumentName(field: string): string {
  return ARGUMENT_OF_FIELD[field] ?? field;
}

export interface Problem {
  code: MessageKey;
  message: string;
}

/** A domain error's key and sentence, with what a program may need to act on it (available stock, the reason a code was refused and its minimum). */
export function describeDomainError(err: DomainError, locale: Locale, currency: string): Problem & { extensions: Record<string, unknown> } {
  const extensions: Record<string, unknown> = { code: err.messageKey, ...err.params, ...err.details };
  if (err instanceof ValidationError) {
    const entries = Object.entries(err.fields);
    const fields = Object.fromEntries(entries.map(([field, key]) => [argumentName(field), { code: key, message: translate(locale, key) }]));
    // The first wrong field speaks for the error; all of them are listed for forms with several.
    const [field, key] = entries[0] ?? ['', err.messageKey];
    return { code: key, message: translate(locale, key), extensions: { code: key, field: argumentName(field), fields } };
  }
  if (err.field) extensions.field = argumentName(err.field);
  const sentence = sentenceOf(err, formattersFor(locale, currency).money);
  const message = translate(locale, sentence.key, sentence.params);
  return { code: err.messageKey, message, extensions };
}

function localeOf(ctx: MercuriusContext): Locale {
  return ctx.reply?.request.locale ?? 'en';
}

function translated(error: GraphQLError, ctx: MercuriusContext): GraphQLError | null {
  const original = error.originalError;
  if (original instanceof ReadRateLimitedError) {
    const { seconds } = original.params;
    return new GraphQLError(translate(localeOf(ctx), original.messageKey, { seconds }), {
      extensions: { code: 'RATE_LIMITED', messageKey: original.messageKey, retryAfterSeconds: original.retryAfterSeconds },
    });
  }
  if (original instanceof DomainError) {
    const { message, extensions } = describeDomainError(original, localeOf(ctx), ctx.app.config.currency);
    return new GraphQLError(message, { nodes: error.nodes, path: error.path, extensions });
  }
  const code = (original as { code?: unknown } | undefined)?.code;
  if (code === 'FST_CSRF_INVALID_TOKEN' || code === 'FST_CSRF_MISSING_SECRET') {
    return new GraphQLError(translate(localeOf(ctx), 'error.csrf'), { extensions: { code: 'error.csrf' } });
  }
  return null;
}

/** graphql-js ends some validation messages with a guess at a name the schema has ("Did you mean \"products\"?"). */
const SUGGESTION = /\s*Did you mean .*\?$/s;

/** A message without graphql-js's "Did you mean ...?": it names fields and values the schema has. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

/**
 * Last words on each error as sent: the cost refusal (a validation rule, which knows no locale) in the caller's
 * language; and in production, where introspection is off, no suggestions that would reveal the schema.
 */
function reworded(error: GraphQLFormattedError, ctx: MercuriusContext): GraphQLFormattedError {
  const extensions = error.extensions ?? {};
  let message = error.message;
  if (extensions.code === 'QUERY_TOO_COSTLY') {
    message = translate(localeOf(ctx), 'graphql.tooCostly', { cost: Number(extensions.cost), maxCost: Number(extensions.maxCost) });
  }
  if (ctx.app.config.env === 'production') message = withoutSuggestions(message);
  return message === error.message ? error : { ...error, message };
}

/** Errors a client may read (its own mistakes, refusals); anything else is logged and answered generically. */
function isClientError(error: GraphQLError): boolean {
  const original = error.originalError;
  if (!original) return true;
  if (original instanceof GraphQLError) return true;
  const status = (original as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status < 500;
}

/**
 * mercurius errorFormatter. A request refused before anything ran (a revoked Bearer token, a missing CSRF
 * token) has no `data` at all: it keeps its HTTP status (401, 403), as on the REST API. Errors of a query
 * that ran are answered with 200 and the errors beside the data, as GraphQL over HTTP expects.
 */
export function formatErrors(execution: ExecutionResult & { statusCode?: number }, ctx: MercuriusContext) {
  const refusedBeforeExecution = !('data' in execution);
  let status: number | undefined;
  let outage: Outage | null = null;
  const errors = (execution.errors ?? []).map((error) => {
    const original = error.originalError;
    // The database busy or down, the disk full: the same 503 and code as on the pages and the REST API.
    const down = outageOf(original);
    if (down) {
      outage ??= down;
      ctx.reply?.log.warn({ err: original, outage: down }, 'service unavailable: answered 503');
      return new GraphQLError(translate(localeOf(ctx), OUTAGE_CODE[down]), { path: error.path, extensions: { code: OUTAGE_CODE[down] } });
    }
    const mapped = translated(error, ctx);
    if (mapped) {
      if (refusedBeforeExecution) status = original instanceof DomainError ? original.status : (original as { statusCode?: number }).statusCode;
      return mapped;
    }
    if (isClientError(error)) return error;
    ctx.reply?.log.error({ err: original }, 'graphql resolver failed');
    if (refusedBeforeExecution) status = 500;
    return new GraphQLError(translate(localeOf(ctx), 'error.server.text'), { path: error.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
  const formatted = mercurius.defaultErrorFormatter({ ...execution, errors }, ctx);
  formatted.response.errors = formatted.response.errors?.map((error) => reworded(error, ctx));
  if (status !== undefined && errors.length === 1) formatted.statusCode = status;
  if (outage) {
    formatted.statusCode = 503;
    ctx.reply?.header('retry-after', String(retryAfterSeconds(outage, ctx.app.config.dbBusyTimeoutMs)));
  }
  return formatted;
}
