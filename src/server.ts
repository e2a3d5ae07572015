// Starts the shop: config, database (migrated, demo data on first start), listen, graceful shutdown.
import { configOrExit } from './config';
import { createDb, migrateToLatest } from './db';
import { buildApp } from './app';
import { seedDemo } from '../db/seeds';

async function main(): Promise<void> {
  const config = configOrExit();
  const db = createDb(config);
  await migrateToLatest(db);
  if (config.seedDemo) {
    const seeded = await seedDemo(db, { uploadDir: config.uploadDir });
    if (seeded.products > 0) console.log(`Loaded the demo shop: ${seeded.products} products in ${seeded.categories} categories.`);
  }
  const app = await buildApp(config, { db });
  for (const warning of config.warnings) app.log.warn(warning);
  app.addHook('onClose', async () => db.destroy());

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // Fastify stops accepting connections and waits for in-flight requests before onClose hooks run.
    const forceExit = setTimeout(() => {
      app.log.error({ graceMs: config.shutdownGraceMs }, 'shutdown took longer than SHUTDOWN_GRACE_MS: exiting anyway');
      process.exit(1);
    }, config.shutdownGraceMs);
    forceExit.unref();
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
