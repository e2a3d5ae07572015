// Builds the real app on a fresh test database; tests talk to it with app.inject.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from '../app';
import { loadConfig, type Config } from '../config';
import { createTestDb, type Dialect, type TestDb } from './databases';

export interface TestApp {
  app: FastifyInstance;
  testDb: TestDb;
  config: Config;
  close(): Promise<void>;
}

export async function createTestApp(
  dialect: Dialect,
  overrides: Partial<Config> = {},
  extend?: (app: FastifyInstance) => void,
  buildOptions: Omit<BuildOptions, 'db'> = {},
): Promise<TestApp> {
  const testDb = await createTestDb(dialect, { busyTimeoutMs: overrides.dbBusyTimeoutMs });
  const config = loadConfig(
    { NODE_ENV: 'test', SESSION_SECRET: 'test-secret-that-is-long-enough-for-sessions' },
    { dataDir: testDb.dir, uploadDir: path.join(testDb.dir, 'uploads'), publicUrl: 'http://shop.test', ...overrides },
  );
  const app = await buildApp(config, { ...buildOptions, db: testDb.db });
  extend?.(app);
  await app.ready();
  return {
    app,
    testDb,
    config,
    close: async () => {
      await app.close();
      await testDb.cleanup();
    },
  };
}
