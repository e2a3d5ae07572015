// Test helpers for live updates: a listening app, a WebSocket client that queues what it receives, waiting without sleeping.
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';

/** Starts the app on a free port of the loopback interface (once) and returns its base ws:// URL and Origin. */
export async function listening(app: FastifyInstance): Promise<{ url: string; origin: string }> {
  const address = app.server.address();
  let port: number;
  if (address && typeof address === 'object') port = address.port;
  else {
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  }
  return { url: `ws://127.0.0.1:${port}/live`, origin: `http://127.0.0.1:${port}` };
}

/** A guard against a test hanging for ever on a message that never comes; never an assertion about time. */
const GIVE_UP_MS = 10_000;

export type LiveMessage = Record<string, unknown> & { type: string };

export class TestSocket {
  private readonly inbox: LiveMessage[] = [];
  private readonly waiters: { match: (m: LiveMessage) => boolean; resolve: (m: LiveMessage) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as LiveMessage;
      const i = this.waiters.findIndex((w) => w.match(message));
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(message);
      else this.inbox.push(message);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens a socket; rejects with the HTTP status (e.g. "403") when the upgrade is refused. */
  static open(url: string, headers: Record<string, string> = {}, options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers, ...options });
      const socket = new TestSocket(ws);
      ws.once('open', () => resolve(socket));
      ws.once('unexpected-response', (_req, res) => {
        reject(new Error(String(res.statusCode)));
        ws.terminate();
      });
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message (already received or still to come) that matches, taken out of the queue. */
  next(match: (m: LiveMessage) => boolean = () => true): Promise<LiveMessage> {
    const i = this.inbox.findIndex(match);
    if (i >= 0) return Promise.resolve(this.inbox.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (m: LiveMessage) => (clearTimeout(timer), resolve(m)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching live message; received: ${JSON.stringify(this.inbox)}`));
      }, GIVE_UP_MS);
      this.waiters.push(waiter);
    });
  }

  nextOfType(type: string): Promise<LiveMessage> {
    return this.next((m) => m.type === type);
  }

  /** Subscribes and returns the answer: 'subscribed' or 'denied'. */
  async subscribe(channel: string): Promise<string> {
    this.send({ type: 'subscribe', channel });
    const answer = await this.next((m) => (m.type === 'subscribed' || m.type === 'denied') && m.channel === channel);
    return answer.type;
  }

  /** Messages received and not yet taken. */
  pending(): LiveMessage[] {
    return [...this.inbox];
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }
}

/** Waits until the check passes (e.g. the server noticed a close); gives up after a while. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, giveUpMs = GIVE_UP_MS): Promise<void> {
  const deadline = Date.now() + giveUpMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
