// `npm run db:migrate`: bring the configured database to the latest schema.
import { configOrExit } from '../config';
import { createDb, migrateToLatest } from '../db';

const config = configOrExit();
const db = createDb(config);
try {
  await migrateToLatest(db);
  console.log('database is up to date');
} finally {
  await db.destroy();
}
