// `npm run db:seed`: load the demo shop into the configured database when its catalog is empty; never touch a filled one.
import { configOrExit } from '../config';
import { createDb, migrateToLatest } from '../db';
import { toInt } from '../lib/rows';
import { seedDemo } from '../../db/seeds';

const config = configOrExit();
// Named without the connection string, which may hold a password.
const where = config.databaseUrl ? 'the PostgreSQL database in DATABASE_URL' : config.sqliteFile;
const db = createDb(config);
try {
  await migrateToLatest(db);
  const [categories, products] = await Promise.all([db('categories').count({ n: '*' }).first(), db('products').count({ n: '*' }).first()]);
  if (toInt(categories?.n) > 0 || toInt(products?.n) > 0) {
    // Demo rows mixed into a real catalog could be sold by mistake: only an empty catalog gets them.
    console.log(`${where} already has a catalog (${toInt(products?.n)} products in ${toInt(categories?.n)} categories): nothing was changed. The demo shop is only loaded into an empty database.`);
  } else {
    const seeded = await seedDemo(db, { uploadDir: config.uploadDir });
    console.log(`Loaded the demo shop into ${where}: ${seeded.products} products in ${seeded.categories} categories, images in ${config.uploadDir}, the demo accounts and the code WELCOME10.`);
  }
} finally {
  await db.destroy();
}
