// Start-up work a feature needs in the database (default rows): done at start, or, when the database is unavailable
// then, before the first request of that feature once it is back, so the shop starts and answers 503 meanwhile.
import type { FastifyInstance } from 'fastify';
import { outageOf } from '../lib/db-errors';

/** Runs `setup` now; if the database is unavailable, adds a hook to this plugin's routes that runs it first (once it succeeds). */
export async function setupOrDefer(app: FastifyInstance, what: string, setup: () => Promise<unknown>): Promise<void> {
  try {
    await setup();
    return;
  } catch (err) {
    if (!outageOf(err)) throw err;
    app.log.warn({ err }, `${what}: deferred, the database is unavailable`);
  }
  let done = false;
  let running: Promise<unknown> | null = null;
  app.addHook('preHandler', async () => {
    if (done) return;
    running ??= setup().finally(() => {
      running = null;
    });
    await running;
    done = true;
  });
}
