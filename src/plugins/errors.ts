// One place that turns errors into responses: an HTML page for browsers, problem+json for clients.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, sentenceOf, ValidationError } from '../lib/errors';
import { OUTAGE_CODE, outageOf, retryAfterSeconds, type Outage } from '../lib/db-errors';
import { safeReturnPath } from '../lib/safe-redirect';
import { formattersFor, translate, type MessageKey } from '../i18n';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the answer is an outage page: the page context then asks the database for nothing (nav, cart count). */
    databaseDown: boolean;
  }
}

export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/') || request.url.startsWith('/graphql')) return true;
  const accept = request.headers.accept ?? '';
  return /application\/(problem\+)?json/.test(accept) && !accept.includes('text/html');
}

const PAGE_FOR_STATUS: Record<number, { title: MessageKey; text: MessageKey }> = {
  400: { title: 'error.badRequest.title', text: 'error.badRequest.text' },
  401: { title: 'error.unauthorized.title', text: 'error.unauthenticated' },
  402: { title: 'error.paymentFailed.title', text: 'error.paymentFailed.text' },
  403: { title: 'error.forbidden.title', text: 'error.forbidden.text' },
  404: { title: 'error.notFound.title', text: 'error.notFound.text' },
  409: { title: 'error.conflict.title', text: 'error.conflict.text' },
  413: { title: 'error.tooLargeTitle', text: 'error.tooLarge' },
  422: { title: 'error.unprocessable.title', text: 'error.validation' },
  429: { title: 'error.tooMany.title', text: 'error.tooMany.text' },
  500: { title: 'error.server.title', text: 'error.server.text' },
};

function pageFor(status: number) {
  return PAGE_FOR_STATUS[status] ?? (status >= 500 ? PAGE_FOR_STATUS[500] : PAGE_FOR_STATUS[400]);
}

async function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  detailKey: MessageKey | null,
  fields?: Record<string, MessageKey>,
  domainError?: DomainError,
): Promise<FastifyReply> {
  const { title, text } = pageFor(status);
  // A domain error says its own sentence (amounts formatted for this reader), the same words as on the pages and in GraphQL.
  const sentence = domainError ? sentenceOf(domainError, formattersFor(request.locale, request.server.config.currency).money) : null;
  const detail = sentence ? translate(request.locale, sentence.key, sentence.params) : translate(request.locale, detailKey ?? text);
  if (wantsJson(request)) {
    const body: Record<string, unknown> = {
      type: 'about:blank',
      title: translate(request.locale, title),
      status,
      detail,
      instance: request.url.split('?')[0],
      // For programs: the message key of the detail, the same in every language (e.g. "cart.notEnoughStock").
      code: detailKey ?? text,
      // What a program may act on besides the code, e.g. why a discount code was refused and the minimum to spend.
      ...domainError?.details,
    };
    if (fields) body.errors = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, translate(request.locale, v)]));
    return reply.code(status).type('application/problem+json').send(body);
  }
  try {
    return await reply.render('errors/error', { status, titleKey: title, detail, pageTitle: translate(request.locale, title) }, status);
  } catch (err) {
    request.log.error({ err }, 'error page failed to render');
    return reply.code(status).type('text/plain; charset=utf-8').send(translate(request.locale, title));
  }
}

const OUTAGE_TITLE: Record<Outage, MessageKey> = {
  busy: 'service.busy.title',
  storageFull: 'service.storageFull.title',
  unavailable: 'service.unavailable.title',
};

/** The page the visitor came from, when it is on this site: where "Back to the form" leads. */
function referringPath(request: FastifyRequest): string | null {
  const referer = request.headers.referer;
  if (!referer) return null;
  try {
    const url = new URL(referer);
    // Through URL both sides drop a default port (Host may say localhost:80, Referer http://localhost/).
    if (url.host !== new URL(`http://${request.headers.host}`).host) return null;
    const back = safeReturnPath(url.pathname + url.search, '');
    return back === '' ? null : back;
  } catch {
    return null;
  }
}

/**
 * 503 with Retry-After for an outage (database busy or unreachable, disk full): a friendly page, problem+json
 * with a stable code, or a GraphQL error. Nothing of the request was saved, so nothing may be written now either.
 */
async function sendOutage(request: FastifyRequest, reply: FastifyReply, error: unknown, outage: Outage): Promise<FastifyReply> {
  request.log.warn({ err: error, outage }, 'service unavailable: answered 503');
  // The session would be saved on the way out (onSend), fail the same way and turn this answer into a 500;
  // and a cookie for a session that was never stored would come back as a CSRF failure on the next form.
  (request as { session: unknown }).session = null;
  request.databaseDown = true;
  const code = OUTAGE_CODE[outage];
  const title = OUTAGE_TITLE[outage];
  reply.header('retry-after', String(retryAfterSeconds(outage, request.server.config.dbBusyTimeoutMs)));
  reply.header('cache-control', 'no-store');
  const detail = translate(request.locale, code);
  if (request.url.startsWith('/graphql')) {
    return reply.code(503).type('application/json; charset=utf-8').send({ errors: [{ message: detail, extensions: { code } }] });
  }
  if (wantsJson(request)) {
    const body = { type: 'about:blank', title: translate(request.locale, title), status: 503, detail, instance: request.url.split('?')[0], code };
    return reply.code(503).type('application/problem+json').send(body);
  }
  const wrote = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
  const model = {
    status: 503,
    titleKey: title,
    pageTitle: translate(request.locale, title),
    detail,
    // A form that could not be saved: say so, and lead back to it (the browser keeps what was typed).
    nothingSaved: wrote,
    // originalUrl: as the visitor typed it (a French page's /fr/ prefix is rewritten away in request.url).
    back: wrote ? (referringPath(request) ?? safeReturnPath(request.originalUrl.split('?')[0])) : null,
    retry: wrote ? null : safeReturnPath(request.originalUrl),
    // Nothing personal on this page: it must not need the database (or a CSRF token) to render.
    user: null,
    hasSession: false,
    cartCount: 0,
  };
  try {
    return await reply.render('errors/unavailable', model, 503);
  } catch (err) {
    request.log.error({ err }, 'outage page failed to render');
    return reply.code(503).type('text/plain; charset=utf-8').send(`${translate(request.locale, title)}\n\n${detail}`);
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.decorateRequest('databaseDown', false);

  app.setNotFoundHandler(async (request, reply) => sendError(request, reply, 404, null));

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof ValidationError) return sendError(request, reply, error.status, 'error.validation', error.fields);
    if (error instanceof DomainError) return sendError(request, reply, error.status, error.messageKey, undefined, error);
    if (error.validation) return sendError(request, reply, 400, 'error.badRequest.text');
    const outage = outageOf(error);
    if (outage) return sendOutage(request, reply, error, outage);
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      return sendError(request, reply, 403, 'error.csrf');
    }
    const status = error.statusCode ?? 500;
    if (status === 413) return sendError(request, reply, 413, 'error.tooLarge');
    if (status >= 400 && status < 500) {
      const headers = (error as { headers?: Record<string, string> }).headers;
      if (headers) reply.headers(headers);
      return sendError(request, reply, status, null);
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(request, reply, 500, null);
  });
}
