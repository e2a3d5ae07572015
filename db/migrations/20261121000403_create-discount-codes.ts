// Discount codes: percent off, a fixed amount off or free shipping, with dates and usage limits.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('discount_codes', (t) => {
    t.increments('id').primary();
    // Stored in capitals so that a unique code is unique whatever the shopper types.
    t.string('code', 64).notNullable().unique();
    t.string('kind', 16).notNullable();
    // percent: basis points 0..10000; fixed: cents; free_shipping: ignored.
    t.integer('value').notNullable().defaultTo(0);
    t.integer('min_subtotal_cents').nullable();
    // Valid from starts_at (inclusive) until ends_at (exclusive), ms since epoch; null leaves that side open.
    t.bigInteger('starts_at').nullable();
    t.bigInteger('ends_at').nullable();
    t.integer('usage_limit').nullable();
    t.integer('times_used').notNullable().defaultTo(0);
    t.integer('per_customer_limit').nullable();
    t.boolean('members_only').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("?? in ('percent', 'fixed', 'free_shipping')", ['kind'], 'discount_codes_kind_check');
    t.check('?? = upper(??)', ['code', 'code'], 'discount_codes_code_upper_check');
    t.check('?? >= 0', ['value'], 'discount_codes_value_check');
    // The database itself refuses a redemption past the limit, whatever the code above it does.
    t.check('?? >= 0 and (?? is null or ?? <= ??)', ['times_used', 'usage_limit', 'times_used', 'usage_limit'], 'discount_codes_usage_check');
  });
}
