// The append-only record of back-office changes; the database itself refuses updates and deletes.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id').primary();
    t.integer('actor_user_id').nullable();
    t.string('actor_email', 254).notNullable().defaultTo('');
    t.string('action', 60).notNullable();
    t.string('entity_type', 40).notNullable();
    t.string('entity_id', 60).notNullable().defaultTo('');
    t.text('before').nullable();
    t.text('after').nullable();
    t.bigInteger('created_at').notNullable();
    t.index(['created_at']);
    t.index(['entity_type', 'entity_id']);
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw(`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only'; end $$`);
    await knex.raw('create trigger audit_log_no_update before update or delete on audit_log for each row execute function audit_log_append_only()');
  } else {
    await knex.raw("create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end");
    await knex.raw("create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end");
  }
}
