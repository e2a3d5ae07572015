// One-time messages that survive a redirect (POST-redirect-GET): kept in the session until a page shows them.
import type { FastifyRequest } from 'fastify';
import type { MessageKey } from '../i18n';

export interface FlashMessage {
  key: MessageKey;
  params?: Record<string, string | number>;
}

declare module 'fastify' {
  interface Session {
    flash?: FlashMessage[];
  }
}

export function flash(request: FastifyRequest, key: MessageKey, params?: Record<string, string | number>): void {
  request.session.flash = [...(request.session.flash ?? []), params ? { key, params } : { key }];
}

/** The messages waiting for this visitor, removed from the session so each is shown once. */
export function takeFlash(request: FastifyRequest): FlashMessage[] {
  const messages = request.session?.flash;
  if (!messages || messages.length === 0) return [];
  request.session.flash = undefined;
  return messages;
}
