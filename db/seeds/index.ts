// The demo shop loaded into an empty database at first start: catalog, Plus content, demo accounts, a demo discount code.
import type { Knex } from 'knex';
import { seedDemoShop } from './demo/shop';
import { seedDemoPlus } from './demo-plus';
import { seedDemoUsers } from './demo-users';
import { recordInitialStock } from '../../src/inventory/service';
import { seedDemoCodes } from './demo-codes';
import { seedDemoSeller } from './demo-seller';

export async function seedDemo(db: Knex, options: { uploadDir: string }): Promise<{ products: number; categories: number }> {
  const shop = await seedDemoShop(db, { uploadDir: options.uploadDir });
  if (shop.products > 0) {
    await seedDemoPlus(db);
    await recordInitialStock(db);
  }
  await seedDemoUsers(db);
  await seedDemoCodes(db);
  await seedDemoSeller(db);
  return { products: shop.products, categories: shop.categories };
}
