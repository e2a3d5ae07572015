// carts.discount_code: the code applied to a cart (GraphQL applyDiscountCode), checked again whenever the cart is priced.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('carts', (t) => {
    // As discount_codes.code stores it (capitals, 64 at most); no foreign key: a code deleted later is reported, not cascaded.
    t.string('discount_code', 64).nullable();
  });
}
