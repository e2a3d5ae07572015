// The price Plus members pay for a variant, when it has one.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('variants', (t) => {
    t.integer('member_price_cents').nullable();
  });
}
