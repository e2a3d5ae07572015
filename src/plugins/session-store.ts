// A @fastify/session store in the database through knex, so every instance sees the same sessions.
import type { Session } from 'fastify';
import type { Knex } from 'knex';

type Callback = (err?: unknown) => void;
type GetCallback = (err: unknown, session?: Session | null) => void;
type StoredSession = Session;

const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;

export class KnexSessionStore {
  private pruneTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  private expiryOf(session: StoredSession): number {
    const expires = (session as { cookie?: { expires?: string | Date | null } }).cookie?.expires;
    if (expires) return new Date(expires).getTime();
    return this.now() + DEFAULT_TTL_MS;
  }

  get(sid: string, callback: GetCallback): void {
    this.db('sessions')
      .where({ sid })
      .first('sess', 'expires_at')
      .then((row) => {
        if (!row || Number(row.expires_at) <= this.now()) return callback(null, null);
        callback(null, JSON.parse(row.sess));
      })
      .catch((err) => callback(err));
  }

  set(sid: string, session: StoredSession, callback: Callback): void {
    const userId = (session as { userId?: unknown }).userId;
    const row = { sid, sess: JSON.stringify(session), expires_at: this.expiryOf(session), user_id: typeof userId === 'number' ? userId : null };
    this.db('sessions')
      .insert(row)
      .onConflict('sid')
      .merge(['sess', 'expires_at', 'user_id'])
      .then(() => callback())
      .catch((err) => callback(err));
  }

  destroy(sid: string, callback: Callback): void {
    this.db('sessions')
      .where({ sid })
      .delete()
      .then(() => callback())
      .catch((err) => callback(err));
  }

  /** Deletes expired sessions; returns how many. */
  async prune(): Promise<number> {
    return this.db('sessions').where('expires_at', '<=', this.now()).delete();
  }

  startPruning(intervalMs: number, onError: (err: unknown) => void): void {
    this.pruneTimer = setInterval(() => this.prune().catch(onError), intervalMs);
    this.pruneTimer.unref();
  }

  stopPruning(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
  }
}
