// The per-instance hub: each socket's channels and limits, keepalive pings, and the fan-out of bus events.
//
// Protocol (client -> server): {"type":"subscribe"|"unsubscribe","channel":"..."} and {"type":"ping"}.
// Answers: {"type":"subscribed"|"denied","channel"} (denied also for unknown channels, so nothing can be
// probed), {"type":"pong"}, {"type":"error","code":"bad-message"}; events as built in channels.ts.
import type { RawData, WebSocket } from 'ws';
import type { LiveEvent } from '../events/messages';
import { socketMessageFor } from './channels';

/** The protocol's limits. */
export const LIVE_LIMITS = {
  /** Larger messages close the socket with 1009 (also enforced by ws's maxPayload). */
  maxMessageBytes: 1024,
  rateWindowMs: 10_000,
  /** More messages than this within rateWindowMs close the socket with 1008. */
  rateMax: 30,
  maxChannels: 50,
  /** The third bad message closes the socket with 1008. */
  maxBadMessages: 3,
  /** A socket that does not read what it is sent is cut off rather than held in memory. */
  maxBufferedBytes: 512 * 1024,
  maxChannelLength: 200,
  /** Open sockets one client address (request.ip) may hold; more are refused (LIVE_MAX_SOCKETS_PER_ADDRESS). */
  maxSocketsPerAddress: 20,
};

export type LiveLimits = { -readonly [K in keyof typeof LIVE_LIMITS]: number };

export const CLOSE_POLICY = 1008;
export const CLOSE_TOO_BIG = 1009;
export const CLOSE_GOING_AWAY = 1001;

/** May this socket's caller join the channel? Unknown channels are simply false (the same answer). */
export type ChannelAuthorizer = (channel: string) => Promise<boolean>;

interface Logger {
  warn(obj: object, msg: string): void;
}

type ClientMessage = { type: 'subscribe' | 'unsubscribe'; channel: string } | { type: 'ping' };

function parseClientMessage(data: RawData, isBinary: boolean): ClientMessage | null {
  if (isBinary) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const { type, channel } = raw as { type?: unknown; channel?: unknown };
  if (type === 'ping') return { type };
  if ((type === 'subscribe' || type === 'unsubscribe') && typeof channel === 'string') return { type, channel };
  return null;
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return Buffer.isBuffer(data) ? data.length : data.byteLength;
}

export class LiveConnection {
  readonly channels = new Set<string>();
  /** When a message or pong last came in (ms): sockets quiet for a heartbeat get a ping. */
  lastSeen = Date.now();
  awaitingPong = false;
  private readonly received: number[] = [];
  private badMessages = 0;
  private closed = false;
  /** Replies go out in the order the messages came in, though authorizing one may take a query. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly hub: LiveHub,
    readonly socket: WebSocket,
    private readonly authorize: ChannelAuthorizer,
    private readonly log: Logger,
    /** The client address it was opened from (counted against maxSocketsPerAddress). */
    readonly address: string,
  ) {
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('pong', () => {
      this.awaitingPong = false;
      this.lastSeen = Date.now();
    });
    socket.on('close', () => {
      this.closed = true;
      hub.remove(this);
    });
  }

  /** Sends an already-serialised message, cutting off a socket that lets its buffer grow. */
  sendText(text: string): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.hub.limits.maxBufferedBytes) {
      this.socket.terminate();
      return;
    }
    this.socket.send(text);
  }

  private send(message: object): void {
    this.sendText(JSON.stringify(message));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.hub.remove(this);
    this.socket.close(code, reason);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    const limits = this.hub.limits;
    const now = Date.now();
    this.lastSeen = now;
    this.awaitingPong = false;
    if (byteLength(data) > limits.maxMessageBytes) return this.close(CLOSE_TOO_BIG, 'message too big');
    while (this.received.length > 0 && this.received[0] <= now - limits.rateWindowMs) this.received.shift();
    this.received.push(now);
    if (this.received.length > limits.rateMax) return this.close(CLOSE_POLICY, 'too many messages');

    const message = parseClientMessage(data, isBinary);
    if (!message) {
      this.badMessages += 1;
      if (this.badMessages >= limits.maxBadMessages) return this.close(CLOSE_POLICY, 'bad messages');
      this.enqueue(async () => this.send({ type: 'error', code: 'bad-message' }));
      return;
    }
    if (message.type === 'ping') this.enqueue(async () => this.send({ type: 'pong' }));
    else if (message.type === 'unsubscribe') this.enqueue(async () => this.unsubscribe(message.channel));
    else this.enqueue(() => this.subscribe(message.channel));
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err) => this.log.warn({ err }, 'live: message handling failed'));
  }

  private async subscribe(channel: string): Promise<void> {
    if (this.closed) return;
    if (this.channels.has(channel)) return this.send({ type: 'subscribed', channel });
    let allowed = false;
    const limits = this.hub.limits;
    if (this.channels.size < limits.maxChannels && channel.length <= limits.maxChannelLength) {
      try {
        allowed = await this.authorize(channel);
      } catch (err) {
        this.log.warn({ err, channel }, 'live: could not check a subscription');
      }
    }
    if (this.closed) return;
    if (!allowed) return this.send({ type: 'denied', channel });
    this.channels.add(channel);
    this.hub.join(this, channel);
    this.send({ type: 'subscribed', channel });
  }

  private unsubscribe(channel: string): void {
    if (!this.channels.delete(channel)) return;
    this.hub.leave(this, channel);
  }
}

export class LiveHub {
  private readonly channels = new Map<string, Set<LiveConnection>>();
  readonly connections = new Set<LiveConnection>();
  /** Open sockets per client address; an address leaves the map with its last socket. */
  private readonly perAddress = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly log: Logger,
    /** How long a socket may stay quiet before it is pinged; an unanswered ping by the next sweep drops it. */
    readonly heartbeatMs = 30_000,
    readonly limits: LiveLimits = LIVE_LIMITS,
  ) {}

  start(): void {
    if (this.timer || this.heartbeatMs <= 0) return;
    this.timer = setInterval(() => this.sweep(), this.heartbeatMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Sockets open from this client address on this instance. */
  openFrom(address: string): number {
    return this.perAddress.get(address) ?? 0;
  }

  /** May this address open one more socket? Asked before the upgrade, and again when the socket arrives. */
  hasRoomFor(address: string): boolean {
    return this.openFrom(address) < this.limits.maxSocketsPerAddress;
  }

  /**
   * Takes an upgraded socket, or closes it (1008) when its address already holds the most sockets it may:
   * several upgrades from one address may pass the check before the upgrade together.
   */
  accept(socket: WebSocket, authorize: ChannelAuthorizer, address: string): LiveConnection | null {
    if (!this.hasRoomFor(address)) {
      socket.close(CLOSE_POLICY, 'too many sockets from this address');
      return null;
    }
    const connection = new LiveConnection(this, socket, authorize, this.log, address);
    this.connections.add(connection);
    this.perAddress.set(address, this.openFrom(address) + 1);
    return connection;
  }

  join(connection: LiveConnection, channel: string): void {
    let set = this.channels.get(channel);
    if (!set) this.channels.set(channel, (set = new Set()));
    set.add(connection);
  }

  leave(connection: LiveConnection, channel: string): void {
    const set = this.channels.get(channel);
    if (!set) return;
    set.delete(connection);
    if (set.size === 0) this.channels.delete(channel);
  }

  /** Forgets a socket (closed, errored, cut off or dropped by the keepalive): once, whatever calls it first. */
  remove(connection: LiveConnection): void {
    if (!this.connections.delete(connection)) return;
    const left = this.openFrom(connection.address) - 1;
    if (left > 0) this.perAddress.set(connection.address, left);
    else this.perAddress.delete(connection.address);
    for (const channel of connection.channels) this.leave(connection, channel);
    connection.channels.clear();
  }

  /** Sockets subscribed to a channel on this instance (for tests and metrics). */
  subscriberCount(channel: string): number {
    return this.channels.get(channel)?.size ?? 0;
  }

  /** One bus event to every socket of its channel: serialised once, whatever the number of sockets. */
  deliver(event: LiveEvent): void {
    const out = socketMessageFor(event);
    if (!out) return;
    const subscribers = this.channels.get(out.channel);
    if (!subscribers) return;
    for (const connection of [...subscribers]) connection.sendText(out.text);
  }

  /**
   * Keepalive: a socket that has not answered the previous ping is dead and dropped; one quiet for a
   * heartbeat is pinged (ws answers pings by itself, browsers too).
   */
  sweep(now = Date.now()): void {
    for (const connection of [...this.connections]) {
      if (connection.awaitingPong) {
        this.remove(connection);
        connection.socket.terminate();
      } else if (now - connection.lastSeen >= this.heartbeatMs) {
        connection.awaitingPong = true;
        try {
          connection.socket.ping();
        } catch {
          this.remove(connection);
          connection.socket.terminate();
        }
      }
    }
  }

  /**
   * Shutting down: clients are told to go elsewhere (1001) and reconnect with their backoff. A client
   * that does not answer the close within the grace period is cut off, so shutdown never waits on it.
   */
  async closeAll(code = CLOSE_GOING_AWAY, reason = 'server shutting down', graceMs = 2000): Promise<void> {
    this.stop();
    const sockets = [...this.connections].map((c) => c.socket);
    for (const connection of [...this.connections]) connection.close(code, reason);
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === socket.CLOSED) return resolve();
            const timer = setTimeout(() => {
              socket.terminate();
              resolve();
            }, graceMs);
            socket.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
  }
}
