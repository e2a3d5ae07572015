// The seller's identity printed on invoices and credit notes, kept in the shop_settings row and edited in the
// back office ("Seller and invoices"). Empty until set; the address is stored as lines separated by "\n".
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('shop_settings', (t) => {
    t.string('seller_name', 200).notNullable().defaultTo('');
    t.string('seller_address', 600).notNullable().defaultTo('');
    t.string('seller_country', 2).notNullable().defaultTo('');
    // Intra-EU VAT number, normalised (capitals, no spaces), e.g. FR12345678901.
    t.string('seller_vat_number', 20).notNullable().defaultTo('');
    // Company registration (SIREN, SIRET, RCS...), as the seller writes it.
    t.string('seller_registration', 80).notNullable().defaultTo('');
    // Legal mentions at the foot of every invoice (late payment penalties, capital, ...).
    t.string('invoice_footer', 1000).notNullable().defaultTo('');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('shop_settings', (t) => {
    t.dropColumn('seller_name');
    t.dropColumn('seller_address');
    t.dropColumn('seller_country');
    t.dropColumn('seller_vat_number');
    t.dropColumn('seller_registration');
    t.dropColumn('invoice_footer');
  });
}
