// Legal invoices on both databases: gap-free yearly numbers under concurrency, the seller and VAT by rate on the
// PDF in the order's language, a credit note per confirmed refund, and the back-office seller form.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { Shopper } from '../test-support/shopper';
import { pdfText } from '../test-support/pdf-text';
import { formattersFor } from '../i18n';
import { placeOrder, type PlaceOrderInput } from '../orders/service';
import { changeOrderStatus } from '../orders/lifecycle';
import { addVariant, cartWith, guest, RecordingProvider, reviewedOrder } from '../orders/testing';
import { updateShopSettings } from '../settings/shop-settings';
import { formatDocumentNumber, nextDocumentNumber } from './document-numbers';
import { frenchVatKey, isValidVatNumber, normaliseVatNumber } from './vat-number';
import { vatByRate } from './vat-breakdown';
import { DEMO_SELLER } from '../../db/seeds/demo-seller';
import { numberExistingOrders } from '../../db/migrations/20261203010002_number-invoices-and-credit-notes';

test('VAT numbers: French ones by their key, other member states by a light pattern', () => {
  assert.equal(frenchVatKey('912345678'), '74');
  assert.equal(isValidVatNumber(normaliseVatNumber('fr 74 912.345-678')), true);
  assert.equal(isValidVatNumber('FR75912345678'), false, 'a wrong key');
  assert.equal(isValidVatNumber('FR7491234567'), false, 'a SIREN has 9 digits');
  assert.equal(isValidVatNumber('FRAB912345678'), true, 'a letter key cannot be checked');
  assert.equal(isValidVatNumber('DE123456789'), true);
  assert.equal(isValidVatNumber('EL123456789'), true);
  assert.equal(isValidVatNumber('US123456789'), false, 'not an EU prefix');
  assert.equal(isValidVatNumber('DE1'), false);
  assert.equal(isValidVatNumber(''), false);
});

test('VAT by rate sums gross and VAT per rate and derives the net', () => {
  assert.deepEqual(
    vatByRate([
      { rateBp: 2000, grossCents: 1200, taxCents: 200 },
      { rateBp: 550, grossCents: 1055, taxCents: 55 },
      { rateBp: 2000, grossCents: 600, taxCents: 100 },
      { rateBp: 1000, grossCents: 0, taxCents: 0 },
    ]),
    [
      { rateBp: 550, netCents: 1000, taxCents: 55, grossCents: 1055 },
      { rateBp: 2000, netCents: 1500, taxCents: 300, grossCents: 1800 },
    ],
  );
  assert.equal(formatDocumentNumber('invoice', 2026, 123), 'F-2026-000123');
  assert.equal(formatDocumentNumber('credit_note', 2026, 7), 'A-2026-000007');
});

const SERIAL = /^([FA])-(\d{4})-(\d{6})$/;
const serial = (n: string) => Number(SERIAL.exec(n)?.[3]);

for (const dialect of dialects) {
  describe(`legal invoices on ${dialect}`, () => {
    let t: TestApp;
    let db: Knex;
    const provider = new RecordingProvider();
    const cookies: Record<string, string> = {};
    let staffId = 0;

    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn, { paymentProvider: provider });
      db = t.testDb.db;
      for (const role of ['customer', 'staff', 'admin'] as const) {
        const id = await createUser(db, role);
        if (role === 'staff') staffId = id;
        cookies[role] = await signIn(t.app, id);
      }
      await updateShopSettings(db, DEMO_SELLER);
    });
    after(async () => t.close());

    /** A reviewed order of 2 × 10.00 and 1 × 25.00, as placed at `now`, in `locale`. */
    async function reviewed(now: number, locale?: 'en' | 'fr'): Promise<PlaceOrderInput> {
      const a = await addVariant(db, 1000, 50);
      const b = await addVariant(db, 2500, 50);
      const input = await reviewedOrder(db, { cartId: await cartWith(db, [[a.variantId, 2], [b.variantId, 1]], guest(now)), audience: guest(now), now });
      return locale ? { ...input, locale } : input;
    }

    const invoiceNumberOf = async (number: string) => (await db('orders').where({ number }).first('invoice_number')).invoice_number as string;
    const asStaff = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { cookie: cookies.staff, ...headers } });

    test('orders from before numbering are numbered by the migration per year in placed order; new orders continue the sequence', async () => {
      // Three orders placed in 2051 and 2052 as if before the migration: no invoice number, no sequence yet.
      const times = [Date.UTC(2052, 0, 2), Date.UTC(2051, 6, 1), Date.UTC(2051, 2, 1)];
      const numbers: string[] = [];
      for (const at of times) {
        const p = await placeOrder(db, provider, await reviewed(at));
        numbers.push(p.number);
      }
      await db('orders').whereIn('number', numbers).update({ invoice_number: null });
      await db('document_sequences').where('kind', 'invoice').whereIn('year', [2051, 2052]).delete();
      await numberExistingOrders(db);
      assert.deepEqual(await Promise.all(numbers.map(invoiceNumberOf)), ['F-2052-000001', 'F-2051-000002', 'F-2051-000001']);
      const next = await placeOrder(db, provider, await reviewed(Date.UTC(2051, 8, 1)));
      assert.equal(await invoiceNumberOf(next.number), 'F-2051-000003');
    });

    test('a number taken in a transaction that rolls back is given to the next document: no gap', async () => {
      const at = Date.UTC(2040, 2, 1);
      const first = await db.transaction((trx) => nextDocumentNumber(trx, 'credit_note', at));
      await assert.rejects(
        db.transaction(async (trx) => {
          await nextDocumentNumber(trx, 'credit_note', at);
          throw new Error('the document could not be written');
        }),
        /could not be written/,
      );
      const second = await db.transaction((trx) => nextDocumentNumber(trx, 'credit_note', at));
      assert.equal(first, 'A-2040-000001');
      assert.equal(second, 'A-2040-000002');
      assert.equal(await db.transaction((trx) => nextDocumentNumber(trx, 'invoice', at)), 'F-2040-000001', 'each kind has its own sequence');
    });

    test('10 orders placed at once get invoice numbers 1 to 10 of their year, none twice, none skipped; a new year starts again at 1', async () => {
      const now = Date.UTC(2031, 5, 1, 12);
      const inputs: PlaceOrderInput[] = [];
      for (let i = 0; i < 10; i++) inputs.push(await reviewed(now + i));
      const placed = await Promise.all(inputs.map((input) => placeOrder(db, provider, input)));
      const numbers = await Promise.all(placed.map((p) => invoiceNumberOf(p.number)));
      assert.deepEqual([...numbers].sort(), Array.from({ length: 10 }, (_, i) => formatDocumentNumber('invoice', 2031, i + 1)));
      assert.ok(numbers.every((n) => !placed.some((p) => p.number === n)), 'the invoice number is not the order number');

      const lastOfYear = await placeOrder(db, provider, await reviewed(Date.UTC(2031, 11, 31, 23, 59, 59)));
      assert.equal(await invoiceNumberOf(lastOfYear.number), 'F-2031-000011');
      const nextYear = await placeOrder(db, provider, await reviewed(Date.UTC(2032, 0, 1, 0, 0, 1)));
      assert.equal(await invoiceNumberOf(nextYear.number), 'F-2032-000001');
    });

    test('the invoice PDF names the seller with its VAT number, its own number, the order and the VAT by rate, in the order’s language', async () => {
      const now = Date.now();
      const fr = await placeOrder(db, provider, await reviewed(now, 'fr'));
      const en = await placeOrder(db, provider, await reviewed(now, 'en'));
      const order = await db('orders').where({ number: fr.number }).first();
      const f = formattersFor('fr', 'EUR');

      // Staff reading in English still get the French customer's French invoice.
      const frPdf = await asStaff(`/orders/${fr.number}/invoice.pdf`, { 'accept-language': 'en' });
      assert.equal(frPdf.statusCode, 200);
      assert.equal(frPdf.headers['content-type'], 'application/pdf');
      const frText = pdfText(frPdf.rawPayload);
      for (const expected of [
        'FACTURE',
        'Emporium SAS',
        '18 rue des Petites Écuries',
        '75010 Paris',
        'N° TVA intracommunautaire\u00a0: FR74912345678',
        'Immatriculation\u00a0: SIREN 912 345 678 · RCS Paris',
        'Numéro de facture',
        order.invoice_number,
        'Numéro de commande',
        fr.number,
        'TVA PAR TAUX',
        'Montant HT',
        'Montant TTC',
        `20\u00a0%`,
        f.money(Number(order.total_cents) - Number(order.tax_cents)).replace(/\u202f/g, '\u00a0'),
        f.money(Number(order.tax_cents)).replace(/\u202f/g, '\u00a0'),
        'Pénalités de retard\u00a0: trois fois',
        'Camille Martin',
      ]) {
        assert.ok(frText.includes(expected), `the French invoice shows ${JSON.stringify(expected)}:\n${frText}`);
      }
      assert.match(order.invoice_number, /^F-\d{4}-\d{6}$/);
      assert.doesNotMatch(frText, /INVOICE|VAT number/);

      const enText = pdfText((await asStaff(`/orders/${en.number}/invoice.pdf`, { 'accept-language': 'fr' })).rawPayload);
      for (const expected of ['INVOICE', 'VAT number: FR74912345678', 'Invoice number', await invoiceNumberOf(en.number), 'VAT BY RATE', '20%']) {
        assert.ok(enText.includes(expected), `the English invoice shows ${JSON.stringify(expected)}:\n${enText}`);
      }
      assert.doesNotMatch(enText, /FACTURE/);
    });

    test('with VAT-inclusive prices the invoice says the VAT the total includes, and the VAT by rate still splits net and VAT', async () => {
      await updateShopSettings(db, { pricesIncludeTax: true });
      try {
        const placed = await placeOrder(db, provider, await reviewed(Date.now(), 'en'));
        const order = await db('orders').where({ number: placed.number }).first();
        assert.equal(Number(order.total_cents), Number(order.subtotal_cents) - Number(order.discount_cents) + Number(order.shipping_cents), 'the prices included the VAT');
        const f = formattersFor('en', 'EUR');
        const text = pdfText((await asStaff(`/orders/${placed.number}/invoice.pdf`)).rawPayload);
        for (const expected of [`incl. ${f.money(Number(order.tax_cents))} VAT (20%)`, f.money(Number(order.total_cents) - Number(order.tax_cents)), 'VAT BY RATE']) {
          assert.ok(text.includes(expected), `the invoice shows ${JSON.stringify(expected)}:\n${text}`);
        }
        assert.ok(!text.includes('Tax (20%)'), 'no tax row adding up to the total');
      } finally {
        await updateShopSettings(db, { pricesIncludeTax: false });
      }
    });

    test('each confirmed refund gets a credit note with its own number, negative amounts, the VAT refunded and the invoice it corrects', async () => {
      const placed = await placeOrder(db, provider, await reviewed(Date.now(), 'en'));
      const order = await db('orders').where({ number: placed.number }).first();
      const deps = { db, payments: provider };
      const actor = { id: staffId, email: 'staff@example.test' };
      await changeOrderStatus(deps, actor, placed.number, 'fulfil');
      await changeOrderStatus(deps, actor, placed.number, 'ship', { trackingNumber: 'TRK-1234' });
      const lines = await db('order_lines').where({ order_id: order.id }).orderBy('id');
      const lineA = lines.find((l) => Number(l.quantity) === 2);
      assert.ok(lineA);

      const partial = await changeOrderStatus(deps, actor, placed.number, 'refund', { lines: new Map([[Number(lineA.id), 1]]) });
      assert.equal(partial.refund, 'refunded');
      const afterFirst = await db('credit_notes').where({ order_id: order.id }).orderBy('id');
      assert.equal(afterFirst.length, 1, 'the confirmed refund has its credit note');
      const first = afterFirst[0];
      assert.match(first.number, /^A-\d{4}-\d{6}$/);
      assert.equal(Number(first.amount_cents), partial.refundCents);
      assert.equal(Number(first.amount_cents), Math.round(Number(lineA.line_total_cents) / 2));
      assert.equal(Number(first.tax_cents), Math.round(Number(lineA.line_tax_cents) / 2));

      const rest = await changeOrderStatus(deps, actor, placed.number, 'refund', { full: true });
      assert.equal(rest.refund, 'refunded');
      const notes = await db('credit_notes').where({ order_id: order.id }).orderBy('id');
      assert.equal(notes.length, 2);
      assert.equal(serial(notes[1].number), serial(notes[0].number) + 1, 'the next credit note takes the next number');
      assert.equal(notes.reduce((s, n) => s + Number(n.amount_cents), 0), Number(order.total_cents), 'the credit notes add up to the order');
      assert.equal(notes.reduce((s, n) => s + Number(n.tax_cents), 0), Number(order.tax_cents), 'and credit all of its VAT');

      const f = formattersFor('en', 'EUR');
      const res = await asStaff(`/orders/${placed.number}/credit-notes/${first.number}.pdf`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-disposition'], `attachment; filename="credit-note-${first.number}.pdf"`);
      const text = pdfText(res.rawPayload);
      for (const expected of [
        'CREDIT NOTE',
        first.number,
        'Original invoice',
        order.invoice_number,
        placed.number,
        'Emporium SAS',
        'VAT number: FR74912345678',
        'VAT BY RATE',
        'Total credited',
        f.money(-Number(first.amount_cents)),
        f.money(-Number(first.tax_cents)),
        f.money(-(Number(first.amount_cents) - Number(first.tax_cents))),
      ]) {
        assert.ok(text.includes(expected), `the credit note shows ${JSON.stringify(expected)}:\n${text}`);
      }
      const second = pdfText((await asStaff(`/orders/${placed.number}/credit-notes/${notes[1].number}.pdf`)).rawPayload);
      assert.ok(second.includes('Shipping and adjustments'), 'the last refund credits shipping as an adjustment');

      // Apps read them with the order.
      const api = await asStaff(`/api/v1/orders/${placed.number}`);
      assert.equal(api.statusCode, 200, api.body);
      assert.deepEqual(api.json().creditNotes.map((c: { number: string; links: { pdf: string } }) => [c.number, c.links.pdf]), notes.map((n) => [n.number, `/orders/${placed.number}/credit-notes/${n.number}.pdf`]));
      assert.equal(api.json().invoiceNumber, order.invoice_number);

      // Linked from the order page and the back office; the same access rules as the invoice.
      const href = `/orders/${placed.number}/credit-notes/${first.number}.pdf`;
      assert.ok((await asStaff(`/orders/${placed.number}`)).body.includes(`href="${href}"`));
      assert.ok((await asStaff(`/admin/orders/${placed.number}`)).body.includes(`href="${href}"`));
      assert.equal((await t.app.inject({ url: href })).statusCode, 404);
      assert.equal((await t.app.inject({ url: href, headers: { cookie: cookies.customer } })).statusCode, 404);
      assert.equal((await asStaff(`/orders/${placed.number}/credit-notes/A-1999-000001.pdf`)).statusCode, 404);
      const other = await placeOrder(db, provider, await reviewed(Date.now()));
      assert.equal((await asStaff(`/orders/${other.number}/credit-notes/${first.number}.pdf`)).statusCode, 404, 'a credit note is only found under its own order');
    });

    test('admins set the seller in the back office; a malformed VAT number is refused beside its field', async () => {
      assert.equal((await t.app.inject({ url: '/admin/settings/seller', headers: { cookie: cookies.staff } })).statusCode, 403);
      assert.equal((await t.app.inject({ url: '/admin/settings/seller', headers: { cookie: cookies.customer } })).statusCode, 403);
      const admin = new Shopper(t.app).useSession(cookies.admin);
      const page = await admin.get('/admin/settings/seller');
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('value="FR74912345678"'), 'the form shows the stored values');

      const fields = { name: 'Boutique Émile SARL', address: '3 place du Marché\r\n69001 Lyon', country: 'FR', vatNumber: 'FR 75 912 345 678', registration: 'RCS Lyon 912 345 678', footer: 'Capital 5 000 €' };
      const refused = await admin.submit('/admin/settings/seller', fields);
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /id="seller-vatNumber-error"[^>]*>Enter an EU VAT number/);
      assert.match(refused.body, /value="FR 75 912 345 678"/, 'what was typed is shown again');
      assert.equal((await db('shop_settings').where({ id: 1 }).first()).seller_name, 'Emporium SAS', 'nothing was saved');

      const empty = await admin.submit('/admin/settings/seller', { ...fields, name: ' ', address: '', vatNumber: 'FR74912345678' });
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, /id="seller-name-error"/);
      assert.match(empty.body, /id="seller-address-error"/);

      const saved = await admin.submit('/admin/settings/seller', { ...fields, vatNumber: 'fr 74 912 345 678' });
      assert.equal(saved.statusCode, 303);
      const row = await db('shop_settings').where({ id: 1 }).first();
      assert.equal(row.seller_name, 'Boutique Émile SARL');
      assert.equal(row.seller_address, '3 place du Marché\n69001 Lyon');
      assert.equal(row.seller_vat_number, 'FR74912345678');
      const audit = await db('audit_log').where({ action: 'shop_settings.seller' }).orderBy('id', 'desc').first();
      assert.equal(JSON.parse(audit.after).sellerName, 'Boutique Émile SARL');

      const fr = await admin.submit('/admin/settings/seller', { ...fields, vatNumber: 'XX123' }, undefined);
      assert.equal(fr.statusCode, 422);
      await updateShopSettings(db, DEMO_SELLER);
    });
  });
}
