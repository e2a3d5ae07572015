// Who may fetch a product image file: the files of a product someone cannot see answer them exactly as a made-up name does.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken, hasRole, isMember, loadCurrentUser, type CurrentUser } from '../plugins/auth';
import { userIdForToken } from '../accounts/api-tokens';
import { imageFiles } from './image-files';
import type { RestrictedImageRow } from './queries';

/** The product a restricted file belongs to, as far as visibility goes. */
export interface MediaOwner {
  productId: number;
  status: string;
  membersOnlyUntil: number | null;
  hasVariants: boolean;
}

export interface MediaViewer {
  staff: boolean;
  member: boolean;
  now: number;
}

/**
 * Whether this viewer may see the product: staff see every product; shoppers see products on sale that have a
 * variant, and early-access ones only as Plus members until the date (queries.ts visibleProducts, for one product).
 */
export function productVisibleTo(owner: MediaOwner, viewer: MediaViewer): boolean {
  if (viewer.staff) return true;
  if (owner.status !== 'active' || !owner.hasVariants) return false;
  if (owner.membersOnlyUntil !== null && owner.membersOnlyUntil > viewer.now) return viewer.member;
  return true;
}

/** Every file name (each sized version) of the restricted image rows, with the product it shows. */
export function restrictedFileMap(rows: RestrictedImageRow[]): Map<string, MediaOwner> {
  const map = new Map<string, MediaOwner>();
  for (const r of rows) {
    const owner: MediaOwner = { productId: r.productId, status: r.status, membersOnlyUntil: r.membersOnlyUntil, hasVariants: r.hasVariants };
    for (const file of imageFiles(r.file)) map.set(file, owner);
  }
  return map;
}

export const MEDIA_ROUTE = '/media/*';
export const PUBLIC_MEDIA_CACHE = 'public, max-age=31536000, immutable';
export const PRIVATE_MEDIA_CACHE = 'private, no-store';

/** The account asking for a restricted file: the session's, or an app's personal API token. Read only, nothing saved. */
async function requester(request: FastifyRequest): Promise<CurrentUser | null> {
  const db = request.server.db;
  const token = bearerToken(request);
  if (token !== null) {
    const tokenUserId = token === '' ? null : await userIdForToken(db, token);
    return tokenUserId === null ? null : loadCurrentUser(db, tokenUserId);
  }
  const userId = request.session?.userId;
  return typeof userId === 'number' ? loadCurrentUser(db, userId) : null;
}

/**
 * Guards GET /media/*: a file of a product the requester cannot see gets the not-found answer a made-up name gets
 * (same handler, same headers). Public files and files of no product cost one in-memory lookup (the catalog
 * cache, dropped on every catalog change); only a restricted file loads the requester. A restricted file shown to
 * someone allowed to see it is marked private, so no shared cache keeps it.
 */
export function registerMediaAccess(app: FastifyInstance): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== MEDIA_ROUTE) return;
    const file = (request.params as Record<string, string | undefined>)['*'] ?? '';
    const owner = (await app.catalog.restrictedMedia()).get(file);
    if (!owner) return;
    const now = Date.now();
    // An early access that has ended makes the file public before the cache is next refreshed.
    if (productVisibleTo(owner, { staff: false, member: false, now })) return;
    const user = await requester(request);
    if (!productVisibleTo(owner, { staff: hasRole(user, 'staff'), member: isMember(user), now })) {
      reply.callNotFound();
      return reply;
    }
    // Read by the static handler's setHeaders (plugins/assets.ts), which leaves a cache-control already set alone.
    reply.header('cache-control', PRIVATE_MEDIA_CACHE);
  });
  // No shared cache may keep a media 404 (a hidden file's, or a made-up name's: the two stay alike), or members
  // behind it would be refused an early-access photo they may see.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode === 404 && request.url.startsWith('/media/')) reply.header('cache-control', PRIVATE_MEDIA_CACHE);
    return payload;
  });
}
