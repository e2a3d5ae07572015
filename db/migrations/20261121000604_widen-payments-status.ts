// payments.status was varchar(16), one short of the 'partially_refunded' its check allows (PostgreSQL refused it).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // SQLite does not enforce varchar lengths, and rebuilding the table there would drop nothing but risk much.
  if (knex.client.config.client === 'pg') await knex.raw('alter table payments alter column status type varchar(32)');
}
