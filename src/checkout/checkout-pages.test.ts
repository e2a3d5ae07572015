// Checkout through HTTP as a browser without JavaScript uses it: one form per step, redirects, a card payment, the order page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { mailsTo, waitForMail } from '../test-support/mail';
import { Shopper, csrfTokenIn, hiddenValue } from '../test-support/shopper';
import { pdfText } from '../test-support/pdf-text';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const ADDRESS = { name: 'Camille Martin', line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' };
const GOOD_CARD = { cardNumber: '4242 4242 4242 4242', expiry: '12/34', cvc: '123' };
const DECLINED_CARD = { cardNumber: '4000 0000 0000 0002', expiry: '12/34', cvc: '123' };

for (const dialect of dialects) {
  describe(`checkout pages on ${dialect}`, () => {
    let t: TestApp;
    let mugId: number;
    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      await addCategory(t.testDb.db, 'k', 'Kitchen');
      await addProduct(t.testDb.db, 'k', { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 1250, stock: 50 }] });
      mugId = Number((await t.testDb.db('variants').where({ sku: 'MUG' }).first('id')).id);
    });
    after(async () => t.close());

    const stockOfMug = async () => Number((await t.testDb.db('variants').where({ id: mugId }).first('stock')).stock);
    const orderCount = async () => Number((await t.testDb.db('orders').count({ n: '*' }).first())?.n);

    /** A guest with two mugs in the cart who has gone through contact and delivery. */
    async function guestAtReview(email = 'Guest@Example.test'): Promise<Shopper> {
      const s = new Shopper(t.app);
      const add = await s.post('/cart/add', { product: 'mug', variant: String(mugId), quantity: '2' });
      assert.equal(add.statusCode, 303);
      const contact = await s.submit('/checkout/contact', { email });
      assert.equal(contact.statusCode, 303);
      assert.equal(contact.headers.location, '/checkout/shipping');
      const shipping = await s.submit('/checkout/shipping', { ...ADDRESS, shippingMethod: 'standard' });
      assert.equal(shipping.statusCode, 303, shipping.body);
      assert.equal(shipping.headers.location, '/checkout/review', 'three steps: contact, delivery, review and pay');
      return s;
    }

    async function payForm(s: Shopper) {
      const review = await s.get('/checkout/review');
      assert.equal(review.statusCode, 200);
      return { ...Shopper.payForm(review.body), body: review.body };
    }

    test('a guest buys through every step and lands on the order page with the right total; stock goes down', async () => {
      const stockBefore = await stockOfMug();
      const s = await guestAtReview();
      const form = await payForm(s);
      // 2 × €12.50 = €25.00, standard shipping €4.90 (below the €50 free threshold), 20 % French VAT on both.
      assert.match(form.body, /€25\.00/);
      assert.match(form.body, /€4\.90/);
      assert.match(form.body, /€5\.98/);
      assert.match(form.body, /data-total>€35\.88</);
      assert.equal(form.expectedTotal, '3588');

      const pay = await s.postWithToken('/checkout/pay', { token: form.token, expectedTotal: form.expectedTotal, ...GOOD_CARD }, form.csrf);
      assert.equal(pay.statusCode, 303, pay.body);
      const location = String(pay.headers.location);
      assert.match(location, /^\/orders\/EMP-[0-9A-Z]{10}$/);
      const page = await s.get(location);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Thank you! Your order is confirmed\./);
      assert.match(page.body, /We have sent a confirmation to guest@example\.test\./);
      assert.match(page.body, /What happens next/);
      assert.match(page.body, /href="\/account\/signup\?email=guest%40example\.test"/, 'the guest is offered an account with that email');
      assert.match((await s.get('/account/signup?email=guest%40example.test')).body, /name="email"[^>]*value="guest@example\.test"/, 'the sign-up form starts with it');
      assert.match(page.body, /Paid with Visa ending in 4242/, 'the card brand as people write it');
      assert.match(page.body, /France/, 'the country by name');
      assert.doesNotMatch(page.body, />FR</);
      assert.match(page.body, /data-total>€35\.88</);
      assert.match(page.body, /Camille Martin/);
      assert.equal(await stockOfMug(), stockBefore - 2);
      const row = await t.testDb.db('orders').where({ number: location.split('/').pop() }).first();
      assert.equal(Number(row.total_cents), 3588);
      assert.equal(row.email, 'guest@example.test');
      // The cart is empty now and checkout sends the shopper back to it.
      assert.equal((await s.get('/checkout/review')).headers.location, '/cart');
    });

    test('steps reached too early send the shopper to the first missing one; an empty cart to the cart', async () => {
      const empty = new Shopper(t.app);
      assert.equal((await empty.get('/checkout/contact')).headers.location, '/cart');
      const s = new Shopper(t.app);
      await s.post('/cart/add', { product: 'mug', variant: String(mugId), quantity: '1' });
      assert.equal((await s.get('/checkout/review')).headers.location, '/checkout/contact');
      assert.equal((await s.get('/checkout/shipping')).headers.location, '/checkout/contact');
      await s.submit('/checkout/contact', { email: 'early@example.test' });
      assert.equal((await s.get('/checkout/review')).headers.location, '/checkout/shipping');
      assert.equal((await s.get('/checkout/discount')).headers.location, '/checkout/review', 'the old code step leads to the review');
    });

    test('wrong input re-renders the step with 422, the input kept and a message beside the field', async () => {
      const s = new Shopper(t.app);
      await s.post('/cart/add', { product: 'mug', variant: String(mugId), quantity: '1' });
      const badEmail = await s.submit('/checkout/contact', { email: 'not-an-email' });
      assert.equal(badEmail.statusCode, 422);
      assert.match(badEmail.body, /id="contact-email-error"/);
      assert.match(badEmail.body, /value="not-an-email"/);
      await s.submit('/checkout/contact', { email: 'x@example.test' });
      const badAddress = await s.submit('/checkout/shipping', { ...ADDRESS, postalCode: 'ABC', shippingMethod: 'standard' });
      assert.equal(badAddress.statusCode, 422);
      assert.match(badAddress.body, /id="shipping-postalCode-error"/);
      assert.match(badAddress.body, /value="Camille Martin"/);
      await s.submit('/checkout/shipping', { ...ADDRESS, shippingMethod: 'standard' });
      const badCode = await s.submit('/checkout/review', { discountCode: 'nope' }, '/checkout/discount');
      assert.equal(badCode.statusCode, 422);
      assert.match(badCode.body, /id="discount-code-error"[^>]*>This code does not exist or is no longer valid\./);
      assert.match(badCode.body, /value="nope"/);
      assert.match(badCode.body, /name="cardNumber"/, 'the review page again, with its payment form');
    });

    test('a declined card re-renders the payment with a message and a fresh token; the next card makes one order', async () => {
      const before = await orderCount();
      const stockBefore = await stockOfMug();
      const s = await guestAtReview();
      const form = await payForm(s);
      const declined = await s.postWithToken('/checkout/pay', { token: form.token, expectedTotal: form.expectedTotal, ...DECLINED_CARD }, form.csrf);
      assert.equal(declined.statusCode, 422);
      assert.match(declined.body, /Your card was declined/);
      assert.match(declined.body, /id="pay-cardNumber-error"/);
      const fresh = hiddenValue(declined.body, 'token');
      assert.notEqual(fresh, form.token);
      assert.equal(await orderCount(), before);
      assert.equal(await stockOfMug(), stockBefore, 'the cart and stock are intact');

      const ok = await s.postWithToken('/checkout/pay', { token: fresh, expectedTotal: hiddenValue(declined.body, 'expectedTotal'), ...GOOD_CARD }, csrfTokenIn(declined.body));
      assert.equal(ok.statusCode, 303);
      assert.match(String(ok.headers.location), /^\/orders\/EMP-/);
      assert.equal(await orderCount(), before + 1);
    });

    test('the same pay form sent twice makes one order and both answers lead to it', async () => {
      const before = await orderCount();
      const s = await guestAtReview();
      const form = await payForm(s);
      const fields = { token: form.token, expectedTotal: form.expectedTotal, ...GOOD_CARD };
      // Both requests carry the session as the page left it, as a double click does.
      const cookie = s.cookieHeader();
      const [first, second] = await Promise.all([
        s.postWithToken('/checkout/pay', fields, form.csrf),
        t.app.inject({ method: 'POST', url: '/checkout/pay', headers: { ...FORM, cookie }, payload: new URLSearchParams({ _csrf: form.csrf, ...fields }).toString() }),
      ]);
      assert.equal(first.statusCode, 303);
      assert.equal(second.statusCode, 303);
      assert.equal(first.headers.location, second.headers.location);
      // And once more, after the first answer came back.
      const third = await s.postWithToken('/checkout/pay', fields, form.csrf);
      assert.equal(third.statusCode, 303);
      assert.equal(third.headers.location, first.headers.location);
      assert.equal(await orderCount(), before + 1);
    });

    test('an order page is 404 for anyone but its owner; its link token and staff open it', async () => {
      const s = await guestAtReview();
      const form = await payForm(s);
      const pay = await s.postWithToken('/checkout/pay', { token: form.token, expectedTotal: form.expectedTotal, ...GOOD_CARD }, form.csrf);
      const location = String(pay.headers.location);
      const own = await s.get(location);
      assert.equal(own.statusCode, 200);
      const link = /data-order-link="([^"]+)"/.exec(own.body)?.[1].replace(/&amp;/g, '&') ?? '';
      assert.match(link, /\?token=/, 'the guest is shown a lasting link');
      assert.equal((await t.app.inject({ url: new URL(link).pathname + new URL(link).search })).statusCode, 200, 'the link opens the order without the session');

      const stranger = new Shopper(t.app);
      assert.equal((await stranger.get(location)).statusCode, 404);
      assert.equal((await stranger.get('/orders/EMP-0000000000')).statusCode, 404);
      const other = await createUser(t.testDb.db);
      const otherCookie = await signIn(t.app, other);
      assert.equal((await t.app.inject({ url: location, headers: { cookie: otherCookie } })).statusCode, 404);
      assert.equal((await t.app.inject({ url: `${location}?token=wrong-token` })).statusCode, 404);
      const staff = await createUser(t.testDb.db, 'staff');
      const staffCookie = await signIn(t.app, staff);
      const asStaff = await t.app.inject({ url: location, headers: { cookie: staffCookie } });
      assert.equal(asStaff.statusCode, 200);
      assert.doesNotMatch(asStaff.body, /We have sent a confirmation/, 'staff looking in are not thanked for buying');
    });

    test('a placed order is confirmed by email with its summary and a link that opens it without a session', async () => {
      const email = `mail-${dialect}-${Date.now()}@example.test`;
      const s = await guestAtReview(email);
      const form = await payForm(s);
      const fields = { token: form.token, expectedTotal: form.expectedTotal, ...GOOD_CARD };
      const pay = await s.postWithToken('/checkout/pay', fields, form.csrf);
      assert.equal(pay.statusCode, 303);
      const number = String(pay.headers.location).split('/').pop()!;

      const mail = await waitForMail(t.config.mailDir, email);
      assert.match(mail.subject, new RegExp(number));
      assert.match(mail.text, new RegExp(number));
      assert.match(mail.text, /2 × Mug — €12\.50 — €25\.00/);
      assert.match(mail.text, /Total: €35\.88/);
      assert.match(mail.text, /Camille Martin\n12 rue de la Paix\n75002 Paris\nFrance/);
      assert.match(mail.html, /€35\.88/);
      const link = new RegExp(`http://shop\\.test/orders/${number}\\?token=[A-Za-z0-9_%-]+`).exec(mail.text)?.[0];
      assert.ok(link, `no order link in:\n${mail.text}`);
      assert.ok(mail.html.includes(link.replace(/&/g, '&amp;')), 'the HTML part has the same link');

      // A fresh client, no cookie: the link alone opens the order.
      const page = await t.app.inject({ url: new URL(link).pathname + new URL(link).search });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`Order ${number}`));

      // The same form sent again shows the order and sends no second email.
      const replay = await s.postWithToken('/checkout/pay', fields, form.csrf);
      assert.equal(replay.headers.location, `/orders/${number}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(mailsTo(t.config.mailDir, email).length, 1);
    });

    test('an order goes through when its confirmation email cannot be sent', async () => {
      const mailer = t.app.mailer;
      const original = mailer.sendTemplate;
      mailer.sendTemplate = async () => {
        throw new Error('mail relay down');
      };
      try {
        const before = await orderCount();
        const s = await guestAtReview(`down-${dialect}@example.test`);
        const form = await payForm(s);
        const pay = await s.postWithToken('/checkout/pay', { token: form.token, expectedTotal: form.expectedTotal, ...GOOD_CARD }, form.csrf);
        assert.equal(pay.statusCode, 303);
        assert.match(String(pay.headers.location), /^\/orders\/EMP-/);
        assert.equal((await s.get(String(pay.headers.location))).statusCode, 200);
        assert.equal(await orderCount(), before + 1);
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        mailer.sendTemplate = original;
      }
    });

    test('the invoice PDF downloads for its owner, its guest and its link; anyone else gets 404', async () => {
      const userId = await createUser(t.testDb.db);
      const s = new Shopper(t.app);
      s.useSession(await signIn(t.app, userId));
      await s.addToCart('mug', mugId, 3);
      await s.submit('/checkout/contact', { email: `invoice-${dialect}@example.test` });
      await s.submit('/checkout/shipping', { ...ADDRESS, addressId: 'new', shippingMethod: 'standard' });
      const form = await payForm(s);
      const pay = await s.postWithToken('/checkout/pay', { token: form.token, expectedTotal: form.expectedTotal, ...GOOD_CARD }, form.csrf);
      const number = String(pay.headers.location).split('/').pop()!;
      const invoiceUrl = `/orders/${number}/invoice.pdf`;

      const orderPage = await s.get(`/orders/${number}`);
      assert.match(orderPage.body, new RegExp(`href="${invoiceUrl.replace(/\./g, '\\.')}"`), 'the order page links to its invoice');
      const own = await s.get(invoiceUrl);
      assert.equal(own.statusCode, 200);
      assert.match(String(own.headers['content-type']), /^application\/pdf/);
      assert.equal(own.headers['content-disposition'], `attachment; filename="invoice-${number}.pdf"`);
      assert.equal(own.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
      if (process.env.INVOICE_SAMPLE) (await import('node:fs')).writeFileSync(process.env.INVOICE_SAMPLE, own.rawPayload);

      const other = await createUser(t.testDb.db);
      const otherCookie = await signIn(t.app, other);
      assert.equal((await t.app.inject({ url: invoiceUrl, headers: { cookie: otherCookie } })).statusCode, 404);
      assert.equal((await new Shopper(t.app).get(invoiceUrl)).statusCode, 404);
      assert.equal((await t.app.inject({ url: `${invoiceUrl}?token=wrong-token` })).statusCode, 404);
      assert.equal((await t.app.inject({ url: `/orders/EMP-0000000000/invoice.pdf` })).statusCode, 404);
      const staffCookie = await signIn(t.app, await createUser(t.testDb.db, 'staff'));
      assert.equal((await t.app.inject({ url: invoiceUrl, headers: { cookie: staffCookie } })).statusCode, 200);

      // A guest: the session that placed the order and the emailed link both open the invoice.
      const guestEmail = `guest-invoice-${dialect}@example.test`;
      const g = await guestAtReview(guestEmail);
      const gForm = await payForm(g);
      const gPay = await g.postWithToken('/checkout/pay', { token: gForm.token, expectedTotal: gForm.expectedTotal, ...GOOD_CARD }, gForm.csrf);
      const gNumber = String(gPay.headers.location).split('/').pop()!;
      assert.equal((await g.get(`/orders/${gNumber}/invoice.pdf`)).statusCode, 200);
      const link = /\?token=[A-Za-z0-9_%-]+/.exec((await waitForMail(t.config.mailDir, guestEmail)).text)?.[0] ?? '';
      assert.equal((await t.app.inject({ url: `/orders/${gNumber}/invoice.pdf${link}` })).statusCode, 200);
      assert.equal((await new Shopper(t.app).get(`/orders/${gNumber}/invoice.pdf`)).statusCode, 404);
    });

    test('an order placed in French keeps its language: its invoice is French whoever downloads it', async () => {
      const userId = await createUser(t.testDb.db);
      const s = new Shopper(t.app);
      s.useSession(await signIn(t.app, userId));
      await s.addToCart('mug', mugId, 1);
      await s.submit('/checkout/contact', { email: `facture-${dialect}@example.test` });
      await s.submit('/checkout/shipping', { ...ADDRESS, addressId: 'new', shippingMethod: 'standard' });
      // The review page in French (/fr/...): its form pays in French.
      const review = await s.get('/fr/checkout/review');
      assert.equal(review.statusCode, 200);
      const form = Shopper.payForm(review.body);
      const pay = await s.postWithToken('/fr/checkout/pay', { token: form.token, expectedTotal: form.expectedTotal, ...GOOD_CARD }, form.csrf);
      assert.equal(pay.statusCode, 303);
      const number = String(pay.headers.location).split('/').pop()!;
      const order = await t.testDb.db('orders').where({ number }).first('locale', 'invoice_number');
      assert.equal(order.locale, 'fr');
      assert.match(order.invoice_number, /^F-\d{4}-\d{6}$/);
      const staffCookie = await signIn(t.app, await createUser(t.testDb.db, 'staff'));
      const pdf = await t.app.inject({ url: `/orders/${number}/invoice.pdf`, headers: { cookie: staffCookie, 'accept-language': 'en' } });
      const text = pdfText(pdf.rawPayload);
      assert.ok(text.includes('FACTURE') && text.includes(order.invoice_number), text);
      assert.ok(!text.includes('INVOICE'));
    });

    test('a signed-in customer checks out and finds the order in the history', async () => {
      const userId = await createUser(t.testDb.db);
      const s = new Shopper(t.app);
      s.useSession(await signIn(t.app, userId));
      await s.addToCart('mug', mugId, 1);
      const contactPage = await s.get('/checkout/contact');
      assert.match(contactPage.body, /value="user\d+-\d+@example\.test"/, 'the email is prefilled');
      await s.postWithToken('/checkout/contact', { email: 'me@example.test' }, csrfTokenIn(contactPage.body));
      await s.submit('/checkout/shipping', { ...ADDRESS, addressId: 'new', shippingMethod: 'express' });
      const form = await payForm(s);
      const pay = await s.postWithToken('/checkout/pay', { token: form.token, expectedTotal: form.expectedTotal, ...GOOD_CARD }, form.csrf);
      const number = String(pay.headers.location).split('/').pop()!;
      const history = await s.get('/account/orders');
      assert.equal(history.statusCode, 200);
      assert.match(history.body, new RegExp(`href="/orders/${number}"`));
      assert.equal((await new Shopper(t.app).get('/account/orders')).statusCode, 303);
    });

    test('stock gone since the review sends the shopper back to the cart with a message, nothing charged', async () => {
      await addProduct(t.testDb.db, 'k', { slug: 'vase', name: 'Vase', variants: [{ sku: 'VASE', priceCents: 3000, stock: 1 }] });
      const vaseId = Number((await t.testDb.db('variants').where({ sku: 'VASE' }).first('id')).id);
      const s = new Shopper(t.app);
      await s.post('/cart/add', { product: 'vase', variant: String(vaseId), quantity: '1' });
      await s.submit('/checkout/contact', { email: 'late@example.test' });
      await s.submit('/checkout/shipping', { ...ADDRESS, shippingMethod: 'standard' });
      const form = await payForm(s);
      await t.testDb.db('variants').where({ id: vaseId }).update({ stock: 0 });
      const before = await orderCount();
      const pay = await s.postWithToken('/checkout/pay', { token: form.token, expectedTotal: form.expectedTotal, ...GOOD_CARD }, form.csrf);
      assert.equal(pay.statusCode, 303);
      assert.equal(pay.headers.location, '/cart');
      assert.equal(await orderCount(), before);
      const cart = await s.get('/cart');
      assert.match(cart.body, /no longer has enough stock/);
      assert.match(cart.body, /Vase/, 'the cart is intact');
    });

    test('a price sent in the form is ignored: the order is priced by the server', async () => {
      const s = await guestAtReview();
      const form = await payForm(s);
      const pay = await s.postWithToken(
        '/checkout/pay',
        { token: form.token, expectedTotal: form.expectedTotal, ...GOOD_CARD, totalCents: '1', price: '1', unitPriceCents: '1', amountCents: '1', shippingCents: '0' },
        form.csrf,
      );
      assert.equal(pay.statusCode, 303);
      const row = await t.testDb.db('orders').where({ number: String(pay.headers.location).split('/').pop() }).first();
      assert.equal(Number(row.total_cents), 3588);
      const line = await t.testDb.db('order_lines').where({ order_id: row.id }).first();
      assert.equal(Number(line.unit_price_cents), 1250);

      // A lowered "expected total" charges nothing and sends the shopper back to the review.
      const s2 = await guestAtReview();
      const form2 = await payForm(s2);
      const before = await orderCount();
      const cheap = await s2.postWithToken('/checkout/pay', { token: form2.token, expectedTotal: '100', ...GOOD_CARD }, form2.csrf);
      assert.equal(cheap.statusCode, 303);
      assert.equal(cheap.headers.location, '/checkout/review');
      assert.equal(await orderCount(), before);
      assert.match((await s2.get('/checkout/review')).body, /Your cart or its prices changed/);
    });
  });
}
