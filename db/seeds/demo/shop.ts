// The demo shop "Emporium": a deterministic catalog of categories, products, variants and generated SVG images,
// written into an empty catalog. The folder: random.ts (the seeded generator), catalog.ts and descriptions.ts
// (what the shop sells, as data), artwork.ts and shapes.ts (the SVG pictures), plan.ts (every row, worked out
// before touching the database) and this module (writing it out).
import fs from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { reindexProducts } from '../../../src/catalog/search';
import { updateShopSettings } from '../../../src/settings/shop-settings';
import { CATEGORIES } from './catalog';
import { DAY_MS, planShop } from './plan';
import { CATEGORIES_FR, OPTION_NAMES_FR, OPTION_VALUES_FR } from './french';

export interface SeedOptions {
  uploadDir: string;
  now?: Date;
}

interface SeedCounts {
  categories: number;
  products: number;
  variants: number;
  images: number;
}

const BATCH = 100;

async function insertBatched(trx: Knex.Transaction, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await trx(table).insert(rows.slice(i, i + BATCH));
}

async function idsBySlug(trx: Knex.Transaction, table: string, slugs: string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < slugs.length; i += BATCH) {
    const rows = await trx(table).whereIn('slug', slugs.slice(i, i + BATCH)).select('id', 'slug');
    for (const r of rows) ids.set(r.slug as string, Number(r.id));
  }
  return ids;
}

/** Loads the demo shop into an empty catalog; does nothing (and returns zeros) when categories exist. */
export async function seedDemoShop(
  db: Knex,
  options: SeedOptions,
): Promise<{ categories: number; products: number; variants: number; images: number }> {
  const none: SeedCounts = { categories: 0, products: 0, variants: 0, images: 0 };
  const existing = await db('categories').first('id');
  if (existing) return none;

  const now = options.now ?? new Date();
  const products = planShop(now);

  // Files first: a failed write then leaves no rows pointing at missing images.
  fs.mkdirSync(options.uploadDir, { recursive: true });
  for (const p of products) for (const image of p.images) fs.writeFileSync(join(options.uploadDir, image.file), image.svg);

  const categoriesCreated = new Date(now.getTime() - 130 * DAY_MS);
  const counts = await db.transaction(async (trx) => {
    // Checked again inside the transaction, in case another process seeded in the meantime.
    if (await trx('categories').first('id')) return none;

    const topRows = CATEGORIES.map((c, i) => ({ slug: c.slug, name: c.name, description: c.description, position: i, parent_id: null, created_at: categoriesCreated, updated_at: categoriesCreated }));
    await insertBatched(trx, 'categories', topRows);
    const topIds = await idsBySlug(trx, 'categories', CATEGORIES.map((c) => c.slug));
    const childRows = CATEGORIES.flatMap((c) =>
      (c.children ?? []).map((child, i) => ({ slug: child.slug, name: child.name, description: child.description, position: i, parent_id: topIds.get(c.slug)!, created_at: categoriesCreated, updated_at: categoriesCreated })),
    );
    await insertBatched(trx, 'categories', childRows);
    const categoryIds = await idsBySlug(trx, 'categories', [...topRows, ...childRows].map((c) => c.slug));
    await insertBatched(
      trx,
      'category_translations',
      [...categoryIds].map(([slug, id]) => {
        const fr = CATEGORIES_FR[slug];
        if (!fr) throw new Error(`No French for category ${slug}`);
        return { category_id: id, locale: 'fr', name: fr.name, description: fr.description, slug: fr.slug };
      }),
    );

    await insertBatched(
      trx,
      'products',
      products.map((p) => ({
        category_id: categoryIds.get(p.categorySlug)!,
        slug: p.slug,
        name: p.name,
        description: p.description,
        status: p.status,
        featured: p.featured,
        created_at: p.createdAt,
        updated_at: p.createdAt,
      })),
    );
    const productIds = await idsBySlug(trx, 'products', products.map((p) => p.slug));
    await insertBatched(
      trx,
      'product_translations',
      products.map((p) => ({ product_id: productIds.get(p.slug)!, locale: 'fr', name: p.fr.name, description: p.fr.description, meta_description: p.fr.metaDescription, slug: p.fr.slug })),
    );
    // Option names and values in French, for those the variants use.
    const names = new Set(products.flatMap((p) => p.variants.flatMap((v) => Object.keys(v.options))));
    const values = new Set(products.flatMap((p) => p.variants.flatMap((v) => Object.values(v.options))));
    const optionRows = [
      ...[...names].filter((n) => OPTION_NAMES_FR[n]).map((n) => ({ locale: 'fr', kind: 'name', source: n, text: OPTION_NAMES_FR[n]! })),
      ...[...values].filter((v) => OPTION_VALUES_FR[v] && OPTION_VALUES_FR[v] !== v).map((v) => ({ locale: 'fr', kind: 'value', source: v, text: OPTION_VALUES_FR[v]! })),
    ];
    await insertBatched(trx, 'option_translations', optionRows);

    const variantRows = products.flatMap((p) =>
      p.variants.map((v, i) => ({
        product_id: productIds.get(p.slug)!,
        sku: v.sku,
        options: JSON.stringify(v.options),
        price_cents: v.priceCents,
        stock: v.stock,
        position: i,
        created_at: p.createdAt,
        updated_at: p.createdAt,
      })),
    );
    await insertBatched(trx, 'variants', variantRows);

    const imageRows = products.flatMap((p) =>
      p.images.map((image, i) => ({ product_id: productIds.get(p.slug)!, file: image.file, width: 800, height: 800, alt: image.alt, position: i, created_at: p.createdAt })),
    );
    await insertBatched(trx, 'product_images', imageRows);

    // Each variant of a colour shows that colour's first photo (on its product page and in the cart).
    const imageIds = new Map<string, number>();
    for (const r of (await trx('product_images').select('id', 'file')) as { id: number | string; file: string }[]) imageIds.set(r.file, Number(r.id));
    // Every photo described in French too.
    await insertBatched(trx, 'image_translations', products.flatMap((p) => p.images.map((image) => ({ image_id: imageIds.get(image.file)!, locale: 'fr', alt: image.altFr }))));
    for (const p of products) {
      for (const [colourName, image] of new Map(p.images.filter((i) => i.colourName).reverse().map((i) => [i.colourName!, i])).entries()) {
        const skus = p.variants.filter((v) => v.colourName === colourName).map((v) => v.sku);
        if (skus.length) await trx('variants').whereIn('sku', skus).update({ image_id: imageIds.get(image.file)! });
      }
    }

    // A shop selling to consumers in the EU: the demo's prices are entered and shown with VAT included. Set with
    // the catalog only, so a shop that switched it off later keeps its choice.
    await updateShopSettings(trx, { pricesIncludeTax: true });

    return { categories: topRows.length + childRows.length, products: products.length, variants: variantRows.length, images: imageRows.length };
  });

  if (counts.products > 0) await reindexProducts(db);
  return counts;
}
