// Emporium Plus as a product of the catalog, so that it is bought through the ordinary cart and checkout.
import type { Knex } from 'knex';
import { reindexProducts } from '../catalog/search';
import { changeStock } from '../inventory/service';
import { toInt } from '../lib/rows';

export const PLUS_PRODUCT_SLUG = 'emporium-plus';
export const PLUS_SKU = 'PLUS-1Y';
/** Days of membership one unit of PLUS_SKU gives. */
export const PLUS_DAYS_PER_UNIT = 365;
// A membership is not a parcel: the stock only has to be big enough never to run out.
const PLUS_STOCK = 1_000_000;
// An old date keeps it out of "new arrivals"; no category keeps it out of category pages.
const PLUS_CREATED_AT = new Date('2000-01-01T00:00:00Z');

/**
 * Creates the Plus product (slug emporium-plus, one variant PLUS-1Y) when it is missing, and keeps its price
 * at the configured one. Safe to call at every start and from several processes at once.
 */
export async function ensurePlusProduct(db: Knex, priceCents: number): Promise<{ productId: number; variantId: number }> {
  await db('products')
    .insert({
      category_id: null,
      slug: PLUS_PRODUCT_SLUG,
      name: 'Emporium Plus (1 year)',
      description: 'One year of Emporium Plus: member prices, free standard shipping and early access to new products.',
      status: 'active',
      featured: false,
      created_at: PLUS_CREATED_AT,
      updated_at: PLUS_CREATED_AT,
    })
    .onConflict('slug')
    .ignore();
  const product = await db('products').where('slug', PLUS_PRODUCT_SLUG).first('id');
  const productId = toInt(product.id);
  // Its French, for French shoppers' carts and orders (left alone once written: the back office may change it).
  await db('product_translations')
    .insert({
      product_id: productId,
      locale: 'fr',
      name: 'Emporium Plus (1 an)',
      description: 'Un an d’Emporium Plus : les prix membres, la livraison standard offerte et l’accès en avant-première aux nouveautés.',
      meta_description: '',
      slug: null,
    })
    .onConflict(['product_id', 'locale'])
    .ignore();
  await db('variants').insert({ product_id: productId, sku: PLUS_SKU, options: '{}', price_cents: priceCents, stock: 0, position: 0 }).onConflict('sku').ignore();
  // The configured price wins over a price set at an earlier start.
  await db('variants').where('sku', PLUS_SKU).whereNot('price_cents', priceCents).update({ price_cents: priceCents });
  // Stock is topped up so it never runs out, through the stock ledger like every other change (the ledger
  // explains every unit, the Plus product's too); the row lock makes concurrent starts top up once.
  await db.transaction(async (trx) => {
    const row = await trx('variants').where('sku', PLUS_SKU).forUpdate().first('id', 'stock');
    const stock = toInt(row.stock);
    if (stock >= PLUS_STOCK / 2) return;
    await changeStock(trx, { variantId: toInt(row.id), change: PLUS_STOCK - stock, reason: stock === 0 ? 'initial' : 'received', note: 'Emporium Plus never sells out' });
  });
  const variant = await db('variants').where('sku', PLUS_SKU).first('id');
  await reindexProducts(db, [productId]);
  return { productId, variantId: toInt(variant.id) };
}

/** The variant id of PLUS_SKU, or null before ensurePlusProduct ran. */
export async function plusVariantId(db: Knex): Promise<number | null> {
  const row = await db('variants').where('sku', PLUS_SKU).first('id');
  return row ? toInt(row.id) : null;
}
