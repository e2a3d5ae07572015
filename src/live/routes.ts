// GET /live: the WebSocket of live updates, with the bus that feeds it and the hub that fans events out.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import type { CatalogReader } from '../catalog/service';
import { accessTokenInSession } from '../orders/placed-order-access';
import { DomainError, NotFoundError } from '../lib/errors';
import { bearerToken, ForbiddenError } from '../plugins/auth';
import { channelAuthorizer } from './access';
import { createLiveBus, type LiveBus } from '../events/bus';
import { LIVE_LIMITS, LiveHub } from './hub';

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's live hub: its sockets and their channels. */
    live: LiveHub;
    liveBus: LiveBus;
  }
}

export interface LiveOptions {
  /** How long a socket may stay quiet before it is pinged (tests sweep by hand). */
  heartbeatMs?: number;
}

/** The client address already holds as many open sockets as it may (LIVE_MAX_SOCKETS_PER_ADDRESS). */
export class TooManySocketsError extends DomainError {
  constructor() {
    super('live.tooManySockets', 429);
  }
}

/**
 * A browser always sends Origin on a WebSocket upgrade, and its cookie goes along whatever page opened
 * the socket: only pages of this shop may use it. Apps without Origin must bring a Bearer token.
 */
function originAllowed(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || origin === '') return bearerToken(request) !== null;
  try {
    const from = new URL(origin);
    return from.host === new URL(`http://${request.headers.host ?? ''}`).host || from.origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Registers @fastify/websocket (after the view plugin, before the routes: it wraps every route added
 * after it), the bus listener and /live. Call once per app; the bus is closed with the app.
 */
export async function registerLive(app: FastifyInstance, catalog: CatalogReader, options: LiveOptions = {}): Promise<void> {
  const hub = new LiveHub(app.log, options.heartbeatMs, { ...LIVE_LIMITS, maxSocketsPerAddress: app.config.liveMaxSocketsPerAddress });
  const bus = await createLiveBus(app.db, app.log);
  app.decorate('live', hub);
  app.decorate('liveBus', bus);

  // One listener for the instance, however many sockets.
  bus.listen(({ origin, event }) => {
    if (event.type === 'catalog-invalidate') {
      catalog.applyPeerInvalidation(origin);
      return;
    }
    // Stock changed (on any instance, through any channel): cached pages showing it are stale.
    if (event.type === 'stock') catalog.invalidateHere();
    hub.deliver(event);
  });
  // Invalidations sent while the LISTEN connection was down were missed.
  bus.onResync(() => catalog.invalidateHere());

  // Before the plugin's own preClose (which closes sockets without a code): 1001 tells clients to reconnect.
  app.addHook('preClose', () => hub.closeAll());
  app.addHook('onClose', async () => {
    hub.stop();
    await bus.close();
  });

  await app.register(websocket, {
    options: { maxPayload: LIVE_LIMITS.maxMessageBytes },
    // ws has already closed the socket with the right code (1009 for an oversize message) when it reports an error.
    errorHandler(error, socket, request) {
      request.log.info({ err: error }, 'live socket error');
      if (socket.readyState === socket.OPEN) socket.close(1011, 'server error');
    },
  });

  app.route({
    method: 'GET',
    url: '/live',
    onRequest: async (request) => {
      if (!request.ws) return;
      if (!originAllowed(request, app.config.publicUrl)) throw new ForbiddenError();
      // Counted by request.ip, so behind a proxy only with TRUST_PROXY set is each client counted apart.
      if (!hub.hasRoomFor(request.ip)) throw new TooManySocketsError();
      if (request.session) {
        // An upgrade answers no Set-Cookie: a new session id made now (auth does it when the role changed)
        // would destroy the browser's session and store one nobody holds. The next page request does it.
        (request.session as unknown as { regenerate: () => Promise<void> }).regenerate = async () => undefined;
      }
    },
    // A plain GET (no upgrade) has nothing to show.
    handler: async () => {
      throw new NotFoundError();
    },
    wsHandler: (socket, request) => {
      const viaToken = request.authMethod === 'token';
      hub.accept(
        socket,
        channelAuthorizer(app.db, catalog, {
          user: request.user,
          // With a token the session cookie is ignored, guest order access included.
          orderAccessToken: (number) => (viaToken ? null : accessTokenInSession(request, number)),
        }),
        request.ip,
      );
    },
  });
  hub.start();
}
