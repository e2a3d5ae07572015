// A customer's address book; one address may be the default.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('addresses', (t) => {
    t.increments('id').primary();
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('name', 120).notNullable();
    t.string('line1', 200).notNullable();
    t.string('line2', 200).notNullable().defaultTo('');
    t.string('postal_code', 20).notNullable();
    t.string('city', 100).notNullable();
    t.string('region', 100).notNullable().defaultTo('');
    t.string('country', 2).notNullable();
    t.string('phone', 40).notNullable().defaultTo('');
    t.boolean('is_default').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id']);
  });
}
