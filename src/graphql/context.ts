// What every resolver gets: the request's reply and the app, and who is asking (from plugins/auth.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { audienceOf, hasRole, isMember, type CurrentUser } from '../plugins/auth';
import type { Audience } from '../catalog/service';
import { translate, type MessageKey } from '../i18n';

export interface Ctx {
  reply: FastifyReply;
  app: FastifyInstance;
}

export function requestOf(ctx: Ctx): FastifyRequest {
  return ctx.reply.request;
}

export function viewerOf(ctx: Ctx): CurrentUser | null {
  return ctx.reply.request.user;
}

export function viewerIsMember(ctx: Ctx): boolean {
  return isMember(viewerOf(ctx));
}

export function viewerIsStaff(ctx: Ctx): boolean {
  return hasRole(viewerOf(ctx), 'staff');
}

/** Member or not, and when: the same audience the pages pass to the catalog and cart services. */
export function audienceOfCtx(ctx: Ctx): Audience {
  return audienceOf(ctx.reply.request);
}

/** A client's mistake in an argument (a cursor, a page size): stable code, message in the caller's language. */
export function badInput(ctx: Ctx, key: MessageKey, params: Record<string, string | number> = {}, argument?: string): GraphQLError {
  const extensions: Record<string, unknown> = { code: 'BAD_USER_INPUT', messageKey: key };
  if (argument) extensions.field = argument;
  return new GraphQLError(translate(ctx.reply.request.locale, key, params), { extensions });
}

/** `first`, as the catalog's product connections take it: 1..max, the default when absent. */
export function pageSize(ctx: Ctx, first: number | null | undefined, defaultFirst: number, maxFirst: number): number {
  const size = first ?? defaultFirst;
  if (!Number.isInteger(size) || size < 1 || size > maxFirst) throw badInput(ctx, 'graphql.first.outOfRange', { max: maxFirst }, 'first');
  return size;
}
