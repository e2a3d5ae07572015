// Legal invoice numbering: gap-free sequences per document kind and year (document_sequences), an invoice number
// and the order's language on every order, and credit notes for confirmed refunds.
//
// Orders placed before this migration are numbered here, per year in the order they were placed, so every
// order has an invoice and each year's sequence continues after them without a gap. Refunds confirmed before
// this migration have no credit note (their lines were not recorded).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('document_sequences', (t) => {
    // 'invoice' | 'credit_note'
    t.string('kind', 16).notNullable();
    t.integer('year').notNullable();
    // The number the next document of this kind and year gets.
    t.integer('next_number').notNullable();
    t.primary(['kind', 'year']);
  });

  await knex.schema.alterTable('orders', (t) => {
    t.string('invoice_number', 20).nullable().unique();
    // 'en' | 'fr': the language of the checkout; null (orders from before): the shop's default language.
    t.string('locale', 2).nullable();
  });

  await knex.schema.alterTable('payment_refunds', (t) => {
    // An order refund's returned units, JSON [{ lineId, quantity }]; null: no lines (a cancel lists them all).
    t.text('lines').nullable();
  });

  await knex.schema.createTable('credit_notes', (t) => {
    t.increments('id').primary();
    t.string('number', 20).notNullable().unique();
    t.integer('order_id').unsigned().notNullable().references('id').inTable('orders').onDelete('CASCADE');
    // The confirmed refund it documents; null for an order without a charge (refunded at once).
    t.integer('payment_refund_id').unsigned().nullable().unique().references('id').inTable('payment_refunds').onDelete('SET NULL');
    // Amounts credited, positive here, printed negative: gross (tax included) and the VAT in it.
    t.integer('amount_cents').notNullable();
    t.integer('tax_cents').notNullable();
    t.integer('tax_rate_bp').notNullable();
    // JSON: the refunded lines and any adjustment (shipping, rounding), each with its gross and VAT.
    t.text('lines').notNullable();
    // ms since epoch
    t.bigInteger('issued_at').notNullable();
    t.index(['order_id']);
  });

  await numberExistingOrders(knex);
}

/** Numbers the orders without an invoice number, per (UTC) year in placed order, and sets each year's sequence after them. */
export async function numberExistingOrders(knex: Knex): Promise<void> {
  const rows: { id: unknown; created_at: unknown }[] = await knex('orders').whereNull('invoice_number').orderBy([{ column: 'created_at' }, { column: 'id' }]).select('id', 'created_at');
  const next = new Map<number, number>();
  for (const row of rows) {
    const year = new Date(Number(row.created_at)).getUTCFullYear();
    const n = next.get(year) ?? 1;
    next.set(year, n + 1);
    await knex('orders').where('id', Number(row.id)).update({ invoice_number: `F-${year}-${String(n).padStart(6, '0')}` });
  }
  for (const [year, n] of next) await knex('document_sequences').insert({ kind: 'invoice', year, next_number: n });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('credit_notes');
  await knex.schema.alterTable('payment_refunds', (t) => t.dropColumn('lines'));
  await knex.schema.alterTable('orders', (t) => {
    t.dropUnique(['invoice_number']);
    t.dropColumn('invoice_number');
    t.dropColumn('locale');
  });
  await knex.schema.dropTable('document_sequences');
}
