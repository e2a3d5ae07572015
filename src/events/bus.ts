// The event bus: services publish with publishLive(trxOrDb, event); each app instance listens once (live/ and the caches).
//
// - PostgreSQL: `select pg_notify(...)` on the caller's connection, so an event published inside a
//   transaction is delivered at COMMIT and never after a rollback (PostgreSQL's own rule, savepoints
//   included). Each instance LISTENs on one dedicated pg.Client (not from the knex pool, which would
//   hand the connection back and lose the LISTEN), reconnects with backoff and re-LISTENs after a drop.
//   Events sent while it was down are lost: the bus then says "resync" so caches are dropped.
// - SQLite: one process, so an in-process emitter, keyed by database file (several test apps share a
//   process on different files and must not hear each other). An event published in a transaction waits
//   for its commit (trx.executionPromise) and is dropped on rollback.
// Listeners always run later, never inside the publisher's call, so a slow socket cannot hold a transaction.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Knex } from 'knex';
import pg from 'pg';
import { isPostgres } from '../db';
import { parseBusMessage, type BusMessage, type LiveEvent } from './messages';

/** One NOTIFY channel per database: the events say what they are about. */
export const PG_CHANNEL = 'emporium_live';
/** PostgreSQL refuses payloads of 8000 bytes or more; ours are a few hundred. */
const MAX_PAYLOAD_BYTES = 7900;
export const LISTENER_APPLICATION_NAME = 'emporium-live';

export type BusListener = (message: BusMessage) => void;

export interface LiveBus {
  /** Hears every event published on this database, this instance's own included. Returns an unsubscribe. */
  listen(listener: BusListener): () => void;
  /** Runs after the bus was cut off and is back: events published in between were missed. */
  onResync(listener: () => void): void;
  close(): Promise<void>;
}

interface Logger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

// ---------------------------------------------------------------------------------------------------
// Publishing

/**
 * Publishes an event to every instance. Inside a transaction it is delivered only if and when that
 * transaction commits. `origin` tags events an instance must not apply to itself (catalog-invalidate).
 */
export async function publishLive(db: Knex | Knex.Transaction, event: LiveEvent, origin: string | null = null): Promise<void> {
  const message: BusMessage = { origin, event };
  const payload = JSON.stringify(message);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new TypeError(`live event too large (${Buffer.byteLength(payload)} bytes): send ids, not data`);
  if (isPostgres(db)) {
    await db.raw('select pg_notify(?, ?)', [PG_CHANNEL, payload]);
    return;
  }
  const deliver = () => localDeliver(localKeyOf(db), message);
  if (db.isTransaction) afterCommit(db as Knex.Transaction, deliver);
  else setImmediate(deliver);
}

// ---------------------------------------------------------------------------------------------------
// SQLite: the in-process emitter

const localListeners = new Map<unknown, Set<BusListener>>();

/** The database file a SQLite knex (or one of its transactions) works on; an in-memory database is its own config. */
function localKeyOf(db: Knex | Knex.Transaction): unknown {
  const config = db.client.config as { connection?: { filename?: string } };
  const file = config.connection?.filename;
  return typeof file === 'string' && file !== ':memory:' && file !== '' ? path.resolve(file) : config;
}

function localDeliver(key: unknown, message: BusMessage): void {
  for (const listener of localListeners.get(key) ?? []) listener(message);
}

interface PendingCommit {
  callbacks: (() => void)[];
  rolledBack: boolean;
}

const pendingByTrx = new WeakMap<Knex.Transaction, PendingCommit>();

/**
 * Runs `callback` once the transaction (and every transaction around it) has committed; never on
 * rollback. A rollback with no error resolves executionPromise like a commit, so rollback() is watched too.
 */
function afterCommit(trx: Knex.Transaction, callback: () => void): void {
  let pending = pendingByTrx.get(trx);
  if (!pending) {
    const state: PendingCommit = { callbacks: [], rolledBack: false };
    pending = state;
    pendingByTrx.set(trx, state);
    const rollback = trx.rollback.bind(trx);
    // knex itself calls trx.rollback(error) when the transaction's function throws.
    trx.rollback = ((error?: unknown) => {
      state.rolledBack = true;
      return rollback(error);
    }) as Knex.Transaction['rollback'];
    trx.executionPromise.then(
      () => {
        if (state.rolledBack) return;
        const run = () => state.callbacks.forEach((cb) => cb());
        // A savepoint's release is not a commit: its events wait for the transaction around it.
        if (trx.parentTransaction) afterCommit(trx.parentTransaction, run);
        else setImmediate(run);
      },
      () => undefined,
    );
  }
  pending.callbacks.push(callback);
}

class LocalBus implements LiveBus {
  private readonly mine = new Set<BusListener>();

  constructor(private readonly key: unknown) {}

  listen(listener: BusListener): () => void {
    // Each listener is isolated: one that throws does not stop the others.
    const safe: BusListener = (message) => {
      try {
        listener(message);
      } catch {
        /* a listener's own bug must not break delivery to the others */
      }
    };
    let set = localListeners.get(this.key);
    if (!set) localListeners.set(this.key, (set = new Set()));
    set.add(safe);
    this.mine.add(safe);
    return () => this.remove(safe);
  }

  private remove(listener: BusListener): void {
    this.mine.delete(listener);
    const set = localListeners.get(this.key);
    set?.delete(listener);
    if (set && set.size === 0) localListeners.delete(this.key);
  }

  onResync(): void {
    // In-process delivery cannot be cut off.
  }

  async close(): Promise<void> {
    for (const listener of [...this.mine]) this.remove(listener);
  }
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL: one LISTEN connection per instance

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 30_000;

export class PgBus implements LiveBus {
  private readonly listeners = new Set<BusListener>();
  private readonly resyncListeners: (() => void)[] = [];
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private connectedBefore = false;
  private closed = false;
  /** Distinguishes this instance's listener in pg_stat_activity (tests cut it off by it). */
  readonly applicationName = `${LISTENER_APPLICATION_NAME}-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly connection: () => Promise<pg.ClientConfig>,
    private readonly log: Logger,
  ) {}

  /** Connects and LISTENs; resolves after the first attempt either way (a failure keeps retrying in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  /** True while the LISTEN connection is up. */
  get listening(): boolean {
    return this.isListening;
  }

  private isListening = false;

  private async connect(): Promise<void> {
    if (this.closed) return;
    let client: pg.Client;
    try {
      client = new pg.Client({ ...(await this.connection()), application_name: this.applicationName });
    } catch (err) {
      this.log.warn({ err }, 'live bus: bad connection settings');
      this.retry();
      return;
    }
    this.client = client;
    client.on('notification', (n) => {
      if (n.channel !== PG_CHANNEL || !n.payload) return;
      const message = parseBusMessage(n.payload);
      if (message) this.dispatch(message);
    });
    client.on('error', (err) => this.dropped(client, err));
    client.on('end', () => this.dropped(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${PG_CHANNEL}`);
    } catch (err) {
      this.dropped(client, err);
      return;
    }
    if (this.closed || this.client !== client) {
      await client.end().catch(() => undefined);
      return;
    }
    this.attempt = 0;
    this.isListening = true;
    if (this.connectedBefore) {
      this.log.info({}, 'live bus: listening again');
      for (const listener of this.resyncListeners) this.safely(listener);
    }
    this.connectedBefore = true;
  }

  private dropped(client: pg.Client, err: unknown): void {
    if (client !== this.client) return;
    this.client = null;
    this.isListening = false;
    client.removeAllListeners('notification');
    // Keep an error listener: a late socket error on a dropped client must not crash the process.
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.log.warn({ err }, 'live bus: LISTEN connection lost, reconnecting');
    this.retry();
  }

  private retry(): void {
    if (this.closed || this.timer) return;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 10);
    // Jitter so that instances cut off together do not all knock at once.
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay * (0.5 + Math.random() / 2));
    this.timer.unref();
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.warn({ err }, 'live bus: a listener failed');
    }
  }

  private dispatch(message: BusMessage): void {
    for (const listener of this.listeners) this.safely(() => listener(message));
  }

  listen(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onResync(listener: () => void): void {
    this.resyncListeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    this.isListening = false;
    this.listeners.clear();
    if (client) {
      client.removeAllListeners('notification');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}

/** The knex instance's own connection settings, for the dedicated LISTEN client. */
function pgConnectionOf(db: Knex): () => Promise<pg.ClientConfig> {
  const connection = (db.client.config as { connection?: unknown }).connection;
  return async () => {
    const value = typeof connection === 'function' ? await (connection as () => unknown)() : connection;
    if (typeof value === 'string') return { connectionString: value };
    if (typeof value === 'object' && value !== null) return { ...(value as pg.ClientConfig) };
    throw new TypeError('the knex configuration has no PostgreSQL connection settings');
  };
}

/** The bus for this app instance's database, listening already (PostgreSQL: after its first connection attempt). */
export async function createLiveBus(db: Knex, log: Logger): Promise<LiveBus> {
  if (isPostgres(db)) {
    const bus = new PgBus(pgConnectionOf(db), log);
    await bus.start();
    return bus;
  }
  return new LocalBus(localKeyOf(db));
}
