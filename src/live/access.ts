// Who may join which live channel: the same rules as the pages (catalog visibility, order ownership, roles).
import type { Knex } from 'knex';
import type { CatalogReader } from '../catalog/service';
import { DomainError } from '../lib/errors';
import { orderForViewer } from '../orders/service';
import { hasRole, isMember, type CurrentUser } from '../plugins/auth';
import type { ChannelAuthorizer } from './hub';
import { ADMIN_ORDERS_CHANNEL } from './channels';

export interface LiveViewer {
  user: CurrentUser | null;
  /** A guest's access to an order placed in this browser session (never for token clients). */
  orderAccessToken(number: string): string | null;
}

// The admin's slug rule (lower case a-z, 0-9, hyphens): anything else cannot be a product, so no query.
const PRODUCT_CHANNEL = /^product:([a-z0-9][a-z0-9-]{0,159})$/;
const ORDER_CHANNEL = /^order:(.{1,40})$/;

/**
 * The authorizer for one socket. Not allowed and unknown get the same false, so channels cannot be
 * probed: a draft product, another customer's order and a typo all look alike.
 */
export function channelAuthorizer(db: Knex, catalog: CatalogReader, viewer: LiveViewer): ChannelAuthorizer {
  return async (channel) => {
    if (channel === ADMIN_ORDERS_CHANNEL) return hasRole(viewer.user, 'staff');
    const product = PRODUCT_CHANNEL.exec(channel);
    if (product) {
      try {
        // What this audience may see right now: early access for members only, never drafts.
        await catalog.product(product[1], isMember(viewer.user));
        return true;
      } catch (err) {
        if (err instanceof DomainError) return false;
        throw err;
      }
    }
    const order = ORDER_CHANNEL.exec(channel);
    if (order) {
      const number = order[1];
      const view = await orderForViewer(db, number, {
        userId: viewer.user?.id ?? null,
        accessToken: viewer.orderAccessToken(number),
        isStaff: hasRole(viewer.user, 'staff'),
      });
      return view !== null;
    }
    return false;
  };
}
