// Work that follows an answer (emails): it never delays or fails the answer, and closing the app waits for it.
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** Runs `work` after the current request's answer; a failure is logged as `what failed`, never shown. */
    afterAnswer(request: FastifyRequest, what: string, work: () => Promise<unknown>): void;
  }
}

export function registerAfterAnswer(app: FastifyInstance): void {
  const pending = new Set<Promise<unknown>>();
  app.decorate('afterAnswer', (request: FastifyRequest, what: string, work: () => Promise<unknown>) => {
    const task: Promise<unknown> = Promise.resolve()
      .then(work)
      .catch((err) => request.log.error({ err }, `${what} failed`))
      .finally(() => pending.delete(task));
    pending.add(task);
  });
  app.addHook('onClose', async () => {
    await Promise.allSettled([...pending]);
  });
}
