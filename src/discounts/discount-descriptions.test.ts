// A discount code's description in English and French: written side by side in the back office (with the codes
// still missing French), read beside the applied code on the cart and checkout pages, in REST and in GraphQL, in
// the shopper's language with the English standing in for a missing French.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addProduct } from '../test-support/catalog-fixtures';
import { addTestSignIn, createUser, signIn } from '../test-support/sign-in';
import { Shopper } from '../test-support/shopper';
import { createApiToken } from '../accounts/api-tokens';
import { listAudit } from '../audit/service';
import { ContractChecker } from '../api/openapi-contract';
import { seedDemoCodes } from '../../db/seeds/demo-codes';
import { discountDescription } from './descriptions';

const ADDRESS = { name: 'Camille Martin', line1: '12 rue de la Paix', line2: '', postalCode: '75002', city: 'Paris', region: '', country: 'FR', phone: '' };
const SPRING_EN = 'Spring sale, 10 % off';
const SPRING_FR = 'Soldes de printemps : −10 %';

for (const dialect of dialects) {
  describe(`discount-code descriptions in two languages on ${dialect}`, () => {
    let t: TestApp;
    let staffCookie = '';
    let variantId = 0;
    let springId = 0;

    const staff = () => new Shopper(t.app).useSession(staffCookie);
    const codeId = async (code: string) => Number((await t.testDb.db('discount_codes').where('code', code).first('id')).id);
    const french = async (id: number) => (await t.testDb.db('discount_code_translations').where({ discount_code_id: id, locale: 'fr' }).first('description'))?.description as string | undefined;

    before(async () => {
      t = await createTestApp(dialect, {}, addTestSignIn);
      staffCookie = await signIn(t.app, await createUser(t.testDb.db, 'staff'));
      await addProduct(t.testDb.db, null, { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 5000, stock: 500 }] });
      variantId = Number((await t.testDb.db('variants').where({ sku: 'MUG' }).first('id')).id);
    });
    after(async () => t.close());

    test('staff write the description in English and French side by side; emptying the French removes it; each change is audited', async () => {
      const form = await staff().get('/admin/discounts/new');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<label for="discount-description">Description \(shown to shoppers\) — English/);
      assert.match(form.body, /<label for="discount-descriptionFr">Description \(shown to shoppers\) — French/);

      const created = await staff().submit('/admin/discounts/new', { code: 'spring10', kind: 'percent', value: '10', description: `  ${SPRING_EN} `, descriptionFr: SPRING_FR, active: 'on' }, '/admin/discounts');
      assert.equal(created.statusCode, 303);
      springId = await codeId('SPRING10');
      assert.equal((await t.testDb.db('discount_codes').where('id', springId).first('description')).description, SPRING_EN);
      assert.equal(await french(springId), SPRING_FR);

      const edit = await staff().get(`/admin/discounts/${springId}/edit`);
      assert.match(edit.body, new RegExp(`id="discount-description"[^>]*value="${SPRING_EN}"`));
      assert.match(edit.body, new RegExp(`id="discount-descriptionFr"[^>]*value="${SPRING_FR}"`));
      const list = await staff().get('/admin/discounts');
      assert.match(list.body, new RegExp(`data-description="${springId}">${SPRING_EN}</td>`));

      // Emptied, the French row goes: French shoppers read the English (below), and the list marks it missing.
      assert.equal((await staff().submit(`/admin/discounts/${springId}/edit`, { code: 'SPRING10', kind: 'percent', value: '10', description: SPRING_EN, descriptionFr: ' ', active: 'on' }, `/admin/discounts/${springId}`)).statusCode, 303);
      assert.equal(await french(springId), undefined);
      assert.match((await staff().get('/admin/discounts')).body, new RegExp(`data-description="${springId}">${SPRING_EN} <span class="settings-tag">French missing</span>`));
      assert.equal((await staff().submit(`/admin/discounts/${springId}/edit`, { code: 'SPRING10', kind: 'percent', value: '10', description: SPRING_EN, descriptionFr: SPRING_FR, active: 'on' }, `/admin/discounts/${springId}`)).statusCode, 303);
      assert.equal(await french(springId), SPRING_FR);

      const audit = await listAudit(t.testDb.db, { entityType: 'discount_code', entityId: String(springId) }, 10, 0);
      const [latest] = audit.entries;
      assert.equal(latest.action, 'discount.update');
      assert.match(JSON.stringify(latest), /"descriptionFr":"Soldes de printemps/);
      assert.match(JSON.stringify(latest), /"descriptionFr":""/);
    });

    test('a description too long, in either language, comes back beside its field with the input kept', async () => {
      const long = 'x'.repeat(201);
      const bad = await staff().submit('/admin/discounts/new', { code: 'LONGDESC', kind: 'fixed', value: '5', description: long, descriptionFr: long }, '/admin/discounts');
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="discount-description-error">Use 200 characters or fewer, in plain text\./);
      assert.match(bad.body, /id="discount-descriptionFr-error">Use 200 characters or fewer, in plain text\./);
      assert.match(bad.body, new RegExp(`value="${long}"`));
      assert.match(bad.body, /value="LONGDESC"/);
      assert.equal(await t.testDb.db('discount_codes').where('code', 'LONGDESC').first(), undefined);
      // Exactly 200 is fine; spaces are folded onto one line.
      const ok = await staff().submit('/admin/discounts/new', { code: 'LONGDESC', kind: 'fixed', value: '5', description: `${'y'.repeat(199)}\n\nz` }, '/admin/discounts');
      assert.equal(ok.statusCode, 422, 'folded to 201 characters');
      const fits = await staff().submit('/admin/discounts/new', { code: 'LONGDESC', kind: 'fixed', value: '5', description: `${'y'.repeat(198)}\n z` }, '/admin/discounts');
      assert.equal(fits.statusCode, 303);
      assert.equal((await t.testDb.db('discount_codes').where('code', 'LONGDESC').first('description')).description, `${'y'.repeat(198)} z`);
    });

    test('?missing=fr lists the codes with an English description and no French one', async () => {
      const db = t.testDb.db;
      await db('discount_codes').insert({ code: 'NOFRENCH', kind: 'free_shipping', value: 0, description: 'Free delivery this week' });
      await db('discount_codes').insert({ code: 'NOTEXT', kind: 'free_shipping', value: 0 });
      const emptyFrench = await db('discount_codes').insert({ code: 'BLANKFR', kind: 'free_shipping', value: 0, description: 'Blank French' }).returning('id');
      const blankId = Number(typeof emptyFrench[0] === 'object' ? emptyFrench[0].id : emptyFrench[0]);
      await db('discount_code_translations').insert({ discount_code_id: blankId, locale: 'fr', description: '  ' });

      const all = await staff().get('/admin/discounts');
      for (const code of ['SPRING10', 'NOFRENCH', 'NOTEXT', 'BLANKFR']) assert.match(all.body, new RegExp(`<code>${code}</code>`));
      const missing = await staff().get('/admin/discounts?missing=fr');
      assert.equal(missing.statusCode, 200);
      assert.match(missing.body, /<code>NOFRENCH<\/code>/);
      assert.match(missing.body, /<code>BLANKFR<\/code>/);
      assert.doesNotMatch(missing.body, /<code>SPRING10<\/code>/);
      assert.doesNotMatch(missing.body, /<code>NOTEXT<\/code>/);
      assert.match(missing.body, /name="missing" value="fr" checked/);
    });

    test('the cart and the checkout summary show the description in the page language, the English when the French is empty', async () => {
      const s = new Shopper(t.app);
      // A first add needs no token (no session yet), as a guest's first visit.
      assert.equal((await s.post('/cart/add', { product: 'mug', variant: String(variantId), quantity: '1' })).statusCode, 303);
      assert.equal((await s.submit('/cart', { discountCode: 'spring10' }, '/cart/discount')).statusCode, 303);

      const english = await s.get('/cart');
      assert.match(english.body, new RegExp(`Discount \\(SPRING10\\) <span class="discount-description" lang="en">— ${SPRING_EN}</span>`));
      const frenchCart = await s.get('/fr/cart');
      assert.match(frenchCart.body, new RegExp(`Remise \\(SPRING10\\) <span class="discount-description" lang="fr">— ${SPRING_FR}</span>`));

      await s.checkoutToReview({ email: 'camille@example.test', address: ADDRESS });
      const review = await s.get('/fr/checkout/review');
      assert.match(review.body, new RegExp(`class="summary-row"><span>Remise \\(SPRING10\\) <span class="discount-description" lang="fr">— ${SPRING_FR}</span>`));
      assert.match((await s.get('/checkout/review')).body, new RegExp(`class="summary-row"><span>Discount \\(SPRING10\\) <span class="discount-description" lang="en">— ${SPRING_EN}</span>`));

      // No French: the French pages fall back to the English, marked as English.
      await t.testDb.db('discount_code_translations').where({ discount_code_id: springId }).update({ description: '' });
      assert.match((await s.get('/fr/cart')).body, new RegExp(`Remise \\(SPRING10\\) <span class="discount-description" lang="en">— ${SPRING_EN}</span>`));
      // No description at all: the code alone.
      await t.testDb.db('discount_codes').where('id', springId).update({ description: '' });
      const bare = await s.get('/cart');
      assert.match(bare.body, /Discount \(SPRING10\)<\/span>/);
      assert.doesNotMatch(bare.body, /discount-description/);
      await t.testDb.db('discount_codes').where('id', springId).update({ description: SPRING_EN });
      await t.testDb.db('discount_code_translations').where({ discount_code_id: springId }).update({ description: SPRING_FR });
    });

    test('the demo code WELCOME10 is described in English and French', async () => {
      await seedDemoCodes(t.testDb.db);
      await seedDemoCodes(t.testDb.db);
      assert.deepEqual(await discountDescription(t.testDb.db, 'WELCOME10', 'en'), { text: 'Welcome offer: 10% off your order', locale: 'en' });
      assert.deepEqual(await discountDescription(t.testDb.db, 'WELCOME10', 'fr'), { text: 'Offre de bienvenue\u00a0: −10\u00a0% sur votre commande', locale: 'fr' });
      assert.equal(await discountDescription(t.testDb.db, 'NOSUCHCODE', 'fr'), null);
    });

    test('REST and GraphQL give the applied code’s description in the caller’s language', async () => {
      const contract = await ContractChecker.load(t.app);
      const userId = await createUser(t.testDb.db);
      const token = (await createApiToken(t.testDb.db, userId, 'app')).token;
      const api = (method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown, lang?: string) =>
        t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(lang ? { 'accept-language': lang } : {}) }, payload: body === undefined ? undefined : JSON.stringify(body) });
      const gql = async (query: string, lang?: string) => (await t.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(lang ? { 'accept-language': lang } : {}) }, payload: JSON.stringify({ query }) })).json();

      const empty = contract.check(await api('GET', '/api/v1/cart'), 'GET', '/api/v1/cart');
      assert.equal(empty.discountCode, null);
      assert.equal(empty.discountDescription, null);
      assert.equal((await api('POST', '/api/v1/cart/lines', { variantId, quantity: 2 })).statusCode, 200);
      const applied = contract.check(await api('PUT', '/api/v1/cart/discount-code', { discountCode: 'spring10' }, 'fr'), 'PUT', '/api/v1/cart/discount-code');
      assert.deepEqual([applied.discountCode, applied.discountDescription], ['SPRING10', SPRING_FR]);

      const cartEn = contract.check(await api('GET', '/api/v1/cart', undefined, 'en'), 'GET', '/api/v1/cart');
      assert.deepEqual([cartEn.discountCode, cartEn.discountDescription], ['SPRING10', SPRING_EN]);
      const cartFr = contract.check(await api('GET', '/api/v1/cart', undefined, 'fr-FR,fr;q=0.9'), 'GET', '/api/v1/cart');
      assert.equal(cartFr.discountDescription, SPRING_FR);

      const quoteFr = contract.check(await api('POST', '/api/v1/checkout/quote', { shippingAddress: ADDRESS, shippingMethod: 'standard' }, 'fr'), 'POST', '/api/v1/checkout/quote');
      assert.deepEqual([quoteFr.discountCode, quoteFr.discountDescription, quoteFr.discountCents], ['SPRING10', SPRING_FR, 1000]);
      const quoteEn = contract.check(await api('POST', '/api/v1/checkout/quote', { shippingAddress: ADDRESS, shippingMethod: 'standard' }), 'POST', '/api/v1/checkout/quote');
      assert.equal(quoteEn.discountDescription, SPRING_EN);
      const noCode = contract.check(await api('POST', '/api/v1/checkout/quote', { shippingAddress: ADDRESS, shippingMethod: 'standard', discountCode: null }, 'fr'), 'POST', '/api/v1/checkout/quote');
      assert.deepEqual([noCode.discountCode, noCode.discountDescription], [null, null]);

      const query = (locale: string) => `{ cart${locale} { discountCode discount { code description } } }`;
      assert.equal((await gql(query('(locale: FR)'))).data.cart.discount.description, SPRING_FR);
      assert.equal((await gql(query('(locale: EN)'), 'fr')).data.cart.discount.description, SPRING_EN);
      assert.equal((await gql(query(''), 'fr')).data.cart.discount.description, SPRING_FR);
      assert.equal((await gql(query(''))).data.cart.discount.description, SPRING_EN);

      // The French emptied: French callers read the English.
      await t.testDb.db('discount_code_translations').where({ discount_code_id: springId }).delete();
      assert.equal((await gql(query('(locale: FR)'))).data.cart.discount.description, SPRING_EN);
      assert.equal(contract.check(await api('GET', '/api/v1/cart', undefined, 'fr'), 'GET', '/api/v1/cart').discountDescription, SPRING_EN);
      const removed = contract.check(await t.app.inject({ method: 'DELETE', url: '/api/v1/cart/discount-code', headers: { authorization: `Bearer ${token}` } }), 'DELETE', '/api/v1/cart/discount-code');
      assert.deepEqual([removed.discountCode, removed.discountDescription], [null, null]);
    });
  });
}
