// Small catalog builders for tests: each test makes exactly the products it talks about.
import type { Knex } from 'knex';
import { reindexProducts } from '../catalog/search';
import { newMediaBase } from '../catalog/image-files';

export interface VariantFixture {
  sku: string;
  priceCents: number;
  stock: number;
  options?: Record<string, string>;
}

export interface ProductFixture {
  slug: string;
  name: string;
  description?: string;
  status?: 'draft' | 'active' | 'archived';
  featured?: boolean;
  createdAt?: Date;
  variants: VariantFixture[];
  images?: number;
}

async function idOf(db: Knex, table: string, slug: string): Promise<number> {
  const row = await db(table).where({ slug }).first('id');
  return Number(row.id);
}

export async function addCategory(db: Knex, slug: string, name: string, parentSlug?: string): Promise<number> {
  const parentId = parentSlug ? await idOf(db, 'categories', parentSlug) : null;
  await db('categories').insert({ slug, name, description: `All about ${name}.`, parent_id: parentId });
  return idOf(db, 'categories', slug);
}

export async function addProduct(db: Knex, categorySlug: string | null, product: ProductFixture): Promise<number> {
  const categoryId = categorySlug ? await idOf(db, 'categories', categorySlug) : null;
  const created = product.createdAt ?? new Date();
  await db('products').insert({
    category_id: categoryId,
    slug: product.slug,
    name: product.name,
    description: product.description ?? `${product.name} made with care.`,
    status: product.status ?? 'active',
    featured: product.featured ?? false,
    created_at: created,
    updated_at: created,
  });
  const id = await idOf(db, 'products', product.slug);
  await db('variants').insert(
    product.variants.map((v, i) => ({
      product_id: id,
      sku: v.sku,
      price_cents: v.priceCents,
      stock: v.stock,
      options: JSON.stringify(v.options ?? {}),
      position: i,
    })),
  );
  for (let i = 0; i < (product.images ?? 1); i++) {
    // Random names as the shop gives them (tests read the name back from the row; no file is written).
    await db('product_images').insert({ product_id: id, file: `${newMediaBase()}.svg`, width: 800, height: 800, alt: `${product.name}, view ${i + 1}`, position: i });
  }
  await reindexProducts(db, [id]);
  return id;
}

/** The image files of a product, first first (fixtures give them random names). */
export async function imageFilesOf(db: Knex, slug: string): Promise<string[]> {
  const rows = await db('product_images as i').join('products as p', 'p.id', 'i.product_id').where('p.slug', slug).orderBy(['i.position', 'i.id']).select('i.file');
  return rows.map((r) => r.file as string);
}
