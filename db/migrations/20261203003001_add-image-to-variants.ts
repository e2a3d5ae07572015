// A variant may name one of its product's images (the Sage tee shows the Sage photo): the product page opens on
// it and the cart shows it. Several variants may share one image (every size of a colour), as on Shopify.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('variants', (t) => {
    t.integer('image_id').nullable().references('id').inTable('product_images').onDelete('SET NULL');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('variants', (t) => t.dropColumn('image_id'));
}
