// Back-office orders through HTTP as a clerk uses them: guards, list and filters, transitions from every status, restocking, audit, mail, CSV.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { dialects } from '../../test-support/databases';
import { createTestApp, type TestApp } from '../../test-support/test-app';
import { addTestSignIn, createUser, signIn } from '../../test-support/sign-in';
import { Shopper, csrfTokenIn } from '../../test-support/shopper';
import { waitForMail } from '../../test-support/mail';
import { RecordingProvider, addVariant, cartWith, guest, reviewedOrder, stockOf, PARIS } from '../../orders/testing';
import { placeOrder } from '../../orders/service';
import { ORDER_ACTIONS, OrderChangedError, TRANSITIONS, TransitionRefusedError, transitionOrder } from '../../orders/lifecycle';
import { ORDER_STATUSES, type OrderStatus } from '../../orders/status';
import { csvCell, csvLine } from './csv';

const MESSAGES: Record<string, RegExp> = {
  fulfil: /Only a paid order can be prepared\./,
  ship: /Only an order being prepared can be shipped\./,
  deliver: /Only a shipped order can be marked as delivered\./,
  cancel: /Only an order that has not been shipped yet can be cancelled/,
  refund: /Only a shipped or delivered order can be refunded/,
};

describe('CSV cells', () => {
  test('cells starting with = + - @ (or tab, CR) get a leading quote; commas, quotes and newlines are quoted', () => {
    assert.equal(csvCell('=1+1'), "'=1+1");
    assert.equal(csvCell('+33 1 23'), "'+33 1 23");
    assert.equal(csvCell('-2'), "'-2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell(12.5), '12.5');
    assert.equal(csvCell(null), '');
    assert.equal(csvLine(['a', '=b', 'c d']), "a,'=b,c d\r\n");
  });
});

for (const dialect of dialects) {
  describe(`back-office orders on ${dialect}`, () => {
    let t: TestApp;
    let db: Knex;
    const provider = new RecordingProvider();
    const cookies: Record<string, string> = {};
    let staffEmail = '';

    before(async () => {
      // The app refunds through the same processor the orders were paid with.
      t = await createTestApp(dialect, {}, addTestSignIn, { paymentProvider: provider });
      db = t.testDb.db;
      for (const role of ['customer', 'staff'] as const) {
        const id = await createUser(db, role);
        cookies[role] = await signIn(t.app, id);
        if (role === 'staff') staffEmail = (await db('users').where({ id }).first('email')).email;
      }
    });
    after(async () => t.close());

    let seq = 0;
    /** A paid order of 2 × A and 1 × B (stock 10 each before), placed through checkout's service. */
    async function placed(overrides: { email?: string; name?: string; now?: number } = {}) {
      seq += 1;
      const now = overrides.now ?? Date.now();
      const a = await addVariant(db, 1000, 10);
      const b = await addVariant(db, 2500, 10);
      const email = overrides.email ?? `buyer-${seq}-${dialect}@example.test`;
      const input = await reviewedOrder(db, { cartId: await cartWith(db, [[a.variantId, 2], [b.variantId, 1]], guest(now)), audience: guest(now), email, now });
      if (overrides.name) input.shippingAddress = { ...PARIS, name: overrides.name };
      const order = await placeOrder(db, provider, input);
      return { number: order.number, orderId: order.orderId, a: a.variantId, b: b.variantId, email, totalCents: order.totals.totalCents };
    }

    function staff(): Shopper {
      const browser = new Shopper(t.app);
      const [name, value] = cookies.staff.split('=');
      browser.cookies.set(name, value);
      return browser;
    }

    /** Opens the order page as staff and posts the action with the page's CSRF token. */
    async function act(number: string, action: string, fields: Record<string, string> = {}) {
      const browser = staff();
      const page = await browser.get(`/admin/orders/${number}`);
      assert.equal(page.statusCode, 200);
      return browser.post(`/admin/orders/${number}/${action}`, { _csrf: csrfTokenIn(page.body), ...fields });
    }

    const statusOf = async (number: string) => (await db('orders').where({ number }).first('status')).status as OrderStatus;
    const fieldsFor = (action: string): Record<string, string> => (action === 'ship' ? { trackingNumber: 'TRK-123 456' } : action === 'refund' ? { scope: 'full' } : {});

    test('anonymous visitors are sent to log in, customers get 403, on every route', async () => {
      const { number } = await placed();
      const gets = ['/admin/orders', `/admin/orders/${number}`, '/admin/orders.csv?from=2020-01-01&to=2030-01-01'];
      for (const url of gets) {
        const anonymous = await t.app.inject({ url });
        assert.equal(anonymous.statusCode, 303, url);
        assert.equal(anonymous.headers.location, `/account/login?return=${encodeURIComponent(url)}`);
        assert.equal((await t.app.inject({ url, headers: { cookie: cookies.customer } })).statusCode, 403, url);
      }
      // A visitor with a session and a valid token, as a browser that opened the login page has.
      const visitor = new Shopper(t.app);
      const login = await visitor.get('/account/login');
      const token = csrfTokenIn(login.body);
      const customer = new Shopper(t.app);
      const [name, value] = cookies.customer.split('=');
      customer.cookies.set(name, value);
      const customerToken = csrfTokenIn((await customer.get('/')).body);
      for (const action of ORDER_ACTIONS) {
        const url = `/admin/orders/${number}/${action}`;
        const anonymous = await visitor.post(url, { _csrf: token, ...fieldsFor(action) });
        assert.equal(anonymous.statusCode, 303, url);
        assert.match(String(anonymous.headers.location), /^\/account\/login/);
        assert.equal((await customer.post(url, { _csrf: customerToken, ...fieldsFor(action) })).statusCode, 403, url);
      }
      assert.equal(await statusOf(number), 'paid');
    });

    test('every action from every status: allowed ones move the order on, the others are refused with a clear message', async () => {
      for (const action of ORDER_ACTIONS) {
        for (const from of ORDER_STATUSES) {
          const { number } = await placed();
          await db('orders').where({ number }).update({ status: from });
          const res = await act(number, action, fieldsFor(action));
          if (TRANSITIONS[action].from.includes(from)) {
            assert.equal(res.statusCode, 303, `${action} from ${from}: ${res.body.slice(0, 300)}`);
            assert.equal(res.headers.location, `/admin/orders/${number}`);
            assert.equal(await statusOf(number), TRANSITIONS[action].to, `${action} from ${from}`);
          } else {
            assert.equal(res.statusCode, 409, `${action} from ${from}`);
            assert.match(res.body, MESSAGES[action], `${action} from ${from}`);
            assert.equal(await statusOf(number), from, `${action} from ${from}`);
          }
        }
      }
    });

    test('fulfil, ship with a tracking number, deliver: each emailed, audited and shown in the history', async () => {
      const { number, orderId, email } = await placed();
      assert.equal((await act(number, 'fulfil')).statusCode, 303);
      assert.match((await waitForMail(t.config.mailDir, email, 1)).subject, new RegExp(`Your order ${number} is being prepared`));

      const missing = await act(number, 'ship', { trackingNumber: '  ' });
      assert.equal(missing.statusCode, 422);
      assert.match(missing.body, /Enter the tracking number\./);
      assert.equal(await statusOf(number), 'fulfilled');

      const browser = staff();
      const page = await browser.get(`/admin/orders/${number}`);
      const shipped = await browser.post(`/admin/orders/${number}/ship`, { _csrf: csrfTokenIn(page.body, `/admin/orders/${number}/ship`), trackingNumber: 'COLIS-987654' });
      assert.equal(shipped.statusCode, 303);
      const shipMail = await waitForMail(t.config.mailDir, email, 2);
      assert.match(shipMail.subject, /is on its way/);
      assert.match(shipMail.text, /Tracking number: COLIS-987654/);
      const after = await browser.get(`/admin/orders/${number}`);
      assert.match(after.body, /The order is marked as shipped/);
      assert.match(after.body, /data-tracking>COLIS-987654</);

      assert.equal((await act(number, 'deliver')).statusCode, 303);
      assert.match((await waitForMail(t.config.mailDir, email, 3)).subject, /has been delivered/);

      const audit = await db('audit_log').where({ entity_type: 'order', entity_id: String(orderId) }).orderBy('id');
      assert.deepEqual(audit.map((r) => r.action), ['order.fulfil', 'order.ship', 'order.deliver']);
      assert.ok(audit.every((r) => r.actor_email === staffEmail));
      assert.equal(JSON.parse(audit[1].after).trackingNumber, 'COLIS-987654');
      assert.equal(JSON.parse(audit[1].before).status, 'fulfilled');
      const history = (await staff().get(`/admin/orders/${number}`)).body;
      assert.match(history, /Order placed and paid/);
      assert.match(history, /Being prepared \(/);
      assert.match(history, /Delivered \(/);
    });

    test('the status email is in the language of the order, whatever the clerk reads', async () => {
      const { number, email } = await placed();
      await db('orders').where({ number }).update({ locale: 'fr' });
      assert.equal((await act(number, 'cancel')).statusCode, 303);
      assert.match((await waitForMail(t.config.mailDir, email)).subject, new RegExp(`Votre commande ${number} a été annulée`));
    });

    test('cancel restocks every line (ledger reason cancel), marks the payment refunded, audits and emails', async () => {
      const { number, orderId, a, b, email, totalCents } = await placed();
      assert.equal(await stockOf(db, a), 8);
      const res = await act(number, 'cancel');
      assert.equal(res.statusCode, 303);
      assert.equal(await statusOf(number), 'cancelled');
      assert.equal(await stockOf(db, a), 10);
      assert.equal(await stockOf(db, b), 10);
      const ledger = await db('inventory_ledger').where({ order_id: orderId, reason: 'cancel' }).orderBy('variant_id');
      assert.deepEqual(ledger.map((r) => [Number(r.variant_id), Number(r.change)]), [[a, 2], [b, 1]]);
      const order = await db('orders').where({ id: orderId }).first();
      assert.equal(Number(order.refunded_cents), totalCents);
      const payment = await db('payments').where({ order_id: orderId }).first();
      assert.equal(payment.status, 'refunded');
      assert.equal(provider.refundedCents(payment.charge_id), Number(payment.amount_cents), 'the card got its money back');
      const audit = await db('audit_log').where({ entity_type: 'order', entity_id: String(orderId), action: 'order.cancel' }).first();
      assert.equal(JSON.parse(audit.after).refundCents, totalCents);
      assert.match((await waitForMail(t.config.mailDir, email)).subject, /has been cancelled/);
      // Closed now: a second cancel is refused and restocks nothing.
      assert.equal((await act(number, 'cancel')).statusCode, 409);
      assert.equal(await stockOf(db, a), 10);
    });

    test('refund by line restocks what is returned (ledger reason refund); the rest later makes the order refunded', async () => {
      const { number, orderId, a, b, email, totalCents } = await placed();
      await db('orders').where({ id: orderId }).update({ status: 'delivered' });
      const lines = await db('order_lines').where({ order_id: orderId }).orderBy('id');
      const lineA = lines.find((l) => Number(l.variant_id) === a);
      const lineB = lines.find((l) => Number(l.variant_id) === b);

      const nothing = await act(number, 'refund', { scope: 'lines', [`qty-${lineA.id}`]: '0' });
      assert.equal(nothing.statusCode, 422);
      assert.match(nothing.body, /Choose at least one item to refund\./);
      const tooMany = await act(number, 'refund', { scope: 'lines', [`qty-${lineA.id}`]: '3' });
      assert.equal(tooMany.statusCode, 422);
      assert.match(tooMany.body, /Enter a whole number between 0 and the quantity not yet refunded\./);
      assert.equal(await stockOf(db, a), 8);

      const partial = await act(number, 'refund', { scope: 'lines', [`qty-${lineA.id}`]: '1', [`qty-${lineB.id}`]: '' });
      assert.equal(partial.statusCode, 303, partial.body.slice(0, 300));
      assert.equal(await statusOf(number), 'delivered');
      assert.equal(await stockOf(db, a), 9);
      assert.equal(await stockOf(db, b), 9);
      const afterPartial = await db('orders').where({ id: orderId }).first();
      const firstRefund = Number(afterPartial.refunded_cents);
      assert.equal(firstRefund, Math.round(Number(lineA.line_total_cents) / 2));
      assert.equal((await db('payments').where({ order_id: orderId }).first()).status, 'partially_refunded');
      assert.equal(Number((await db('order_lines').where({ id: lineA.id }).first()).refunded_quantity), 1);
      assert.match((await waitForMail(t.config.mailDir, email)).subject, new RegExp(`A refund for your order ${number}`));

      const rest = await act(number, 'refund', { scope: 'full' });
      assert.equal(rest.statusCode, 303);
      assert.equal(await statusOf(number), 'refunded');
      assert.equal(await stockOf(db, a), 10);
      assert.equal(await stockOf(db, b), 10);
      assert.equal(Number((await db('orders').where({ id: orderId }).first()).refunded_cents), totalCents);
      assert.equal((await db('payments').where({ order_id: orderId }).first()).status, 'refunded');
      const ledger = await db('inventory_ledger').where({ order_id: orderId, reason: 'refund' }).orderBy('id');
      assert.deepEqual(ledger.map((r) => [Number(r.variant_id), Number(r.change)]), [[a, 1], [a, 1], [b, 1]]);
      const audit = await db('audit_log').where({ entity_type: 'order', entity_id: String(orderId), action: 'order.refund' }).orderBy('id');
      assert.equal(audit.length, 2);
      assert.deepEqual(audit.map((r) => JSON.parse(r.after).refundCents), [firstRefund, totalCents - firstRefund]);
    });

    test('two clerks acting at once: one transition wins, the other changes nothing', async () => {
      const { number, orderId, a } = await placed();
      const actor = { id: 1, email: staffEmail };
      const results = await Promise.allSettled([transitionOrder(db, actor, number, 'cancel'), transitionOrder(db, actor, number, 'cancel')]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.ok(failed.reason instanceof TransitionRefusedError || failed.reason instanceof OrderChangedError, String(failed.reason));
      assert.equal(await stockOf(db, a), 10);
      assert.equal(Number((await db('inventory_ledger').where({ order_id: orderId, reason: 'cancel' }).count({ n: '*' }).first())?.n), 2);
    });

    test('the list filters by number, email, status and dates, and pages by 50', async () => {
      const first = await placed({ email: `findme-${dialect}@example.test` });
      const list = (q: string) => t.app.inject({ url: `/admin/orders${q}`, headers: { cookie: cookies.staff } });
      const byNumber = await list(`?number=${first.number.slice(4, 12).toLowerCase()}`);
      assert.equal(byNumber.statusCode, 200);
      assert.equal(byNumber.headers['cache-control'], 'no-store');
      assert.match(byNumber.body, /1 order</);
      assert.match(byNumber.body, new RegExp(`href="/admin/orders/${first.number}"`));
      assert.match((await list(`?email=FINDME-${dialect}`)).body, /1 order</);
      await db('orders').where({ number: first.number }).update({ status: 'delivered' });
      const delivered = (await list('?status=delivered')).body;
      assert.match(delivered, new RegExp(first.number));
      assert.doesNotMatch((await list('?status=paid')).body, new RegExp(first.number));
      assert.doesNotMatch((await list('?from=2001-01-01&to=2001-01-31')).body, new RegExp(first.number));
      const today = new Date().toISOString().slice(0, 10);
      assert.match((await list(`?from=${today}&to=${today}`)).body, new RegExp(first.number));

      // 60 old orders on one day, straight into the table: only the pages are under test here.
      const day = Date.UTC(2001, 4, 1, 12);
      const template = await db('orders').where({ number: first.number }).first();
      for (let i = 0; i < 60; i++) {
        const { id: _id, invoice_number: _invoiceNumber, ...rest } = template; // invoice numbers are unique
        await db('orders').insert({ ...rest, number: `EMP-OLD${dialect === 'pg' ? 'P' : 'S'}${String(i).padStart(3, '0')}`, idempotency_key_hash: `${dialect}-old-${String(i).padStart(3, '0')}`.padEnd(64, '0'), created_at: day + i, updated_at: day + i });
      }
      const page1 = (await list('?from=2001-05-01&to=2001-05-01')).body;
      assert.match(page1, /60 orders</);
      assert.equal((page1.match(/href="\/admin\/orders\/EMP-OLD/g) ?? []).length, 50);
      assert.match(page1, /rel="next" href="\/admin\/orders\?from=2001-05-01&amp;to=2001-05-01&amp;page=2"/);
      const page2 = (await list('?from=2001-05-01&to=2001-05-01&page=2')).body;
      assert.equal((page2.match(/href="\/admin\/orders\/EMP-OLD/g) ?? []).length, 10);
      assert.equal((await list('?page=99999')).statusCode, 200);
    });

    test('the order page shows lines, amounts, payment and address; an unknown number is 404', async () => {
      const { number } = await placed({ name: 'Zoé <b>Dupont</b>' });
      const page = await staff().get(`/admin/orders/${number}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Zoé &lt;b&gt;Dupont&lt;\/b&gt;/);
      assert.match(page.body, /visa ending|4242/);
      assert.match(page.body, /data-total>/);
      assert.match(page.body, /action="\/admin\/orders\/EMP-[0-9A-Z]{10}\/fulfil"/);
      assert.doesNotMatch(page.body, /\/refund"/);
      assert.equal((await staff().get('/admin/orders/EMP-0000000000')).statusCode, 404);
      assert.equal((await staff().get('/admin/orders/nonsense')).statusCode, 404);
    });

    test('CSV export streams the range with escaped cells; a bad range re-renders the list with 422', async () => {
      const evil = await placed({ email: `+evil-${dialect}@example.test`, name: '=HYPERLINK("http://x","y")' });
      const today = new Date().toISOString().slice(0, 10);
      const res = await t.app.inject({ url: `/admin/orders.csv?from=${today}&to=${today}`, headers: { cookie: cookies.staff } });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      assert.match(String(res.headers['content-disposition']), new RegExp(`attachment; filename="orders-${today}-to-${today}.csv"`));
      assert.equal(res.headers['cache-control'], 'no-store');
      const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
      assert.equal(lines[0], 'number,placed_at,status,email,name,country,currency,subtotal,discount,shipping,tax,total,refunded,tracking_number');
      const row = lines.find((l) => l.startsWith(evil.number));
      assert.ok(row, 'the order is exported');
      assert.ok(row.includes(`,'+evil-${dialect}@example.test,`), row);
      assert.ok(row.includes(`,"'=HYPERLINK(""http://x"",""y"")",`), row);
      assert.ok(row.includes(`,${(evil.totalCents / 100).toFixed(2)},`), row);
      const none = await t.app.inject({ url: '/admin/orders.csv?from=2001-01-01&to=2001-01-02', headers: { cookie: cookies.staff } });
      assert.equal(none.body.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).length, 1);

      const bad = await t.app.inject({ url: '/admin/orders.csv?from=2024-02-30&to=2024-01-01', headers: { cookie: cookies.staff } });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /Enter a date as YYYY-MM-DD\./);
      const reversed = await t.app.inject({ url: '/admin/orders.csv?from=2024-02-10&to=2024-01-01', headers: { cookie: cookies.staff } });
      assert.equal(reversed.statusCode, 422);
      assert.match(reversed.body, /The end date must not be before the start date\./);
    });
  });
}
