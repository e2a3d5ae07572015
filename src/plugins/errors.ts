// One place that turns errors into responses: an HTML page for browsers, problem+json for clients.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, sentenceOf, ValidationError } from '../lib/errors';
import { formattersFor, translate, type MessageKey } from '../i18n';

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

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler(async (request, reply) => sendError(request, reply, 404, null));

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof ValidationError) return sendError(request, reply, error.status, 'error.validation', error.fields);
    if (error instanceof DomainError) return sendError(request, reply, error.status, error.messageKey, undefined, error);
    if (error.validation) return sendError(request, reply, 400, 'error.badRequest.text');
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
