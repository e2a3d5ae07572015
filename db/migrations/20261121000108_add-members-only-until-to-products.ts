// Early access: until this moment (ms since epoch) only Plus members can see and buy the product.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('products', (t) => {
    t.bigInteger('members_only_until').nullable();
  });
}
