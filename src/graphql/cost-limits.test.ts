// Over HTTP: costly documents are refused before any resolver runs (no SQL), the shop's own queries pass, and in
// production validation errors make no "Did you mean ...?" suggestions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { addCategory, addProduct } from '../test-support/catalog-fixtures';
import { MAX_COST } from './cost';

/** The query from the report: nine aliases of every category's first 100 products, each with its images and variants. */
export const ATTACK = `{ ${Array.from(
  { length: 9 },
  (_, i) => `a${i}: categories { products(first: 100) { edges { node { slug name description currency priceCents stock { state left } images { url alt } variants { sku label priceCents stock { state left } } } } } }`,
).join(' ')} }`;

/** A full page of the catalog with everything a product list shows. */
const FULL_PAGE = `{ products(first: 100) { totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { slug name description currency priceCents regularPriceCents memberTeaserCents membersOnlyUntil stock { state left }
    images { url alt width height } variants { id sku options { name value } label priceCents regularPriceCents memberTeaserCents stock { state left } }
    category { slug name } } } } }`;

/** The queries of src/graphql/README.md. */
const DOCUMENTED = [
  `{ cart { itemCount subtotalCents currency hasProblems discountCode
         discount { code kind estimatedDiscountCents freeShipping description problem { code message } }
         lines { quantity unitPriceCents regularPriceCents lineTotalCents shortOfStock stock { state left }
                 variant { id sku label } product { slug name } } } }`,
  `{ me { id email name role locale membership { active endsAt }
       orders(first: 20) { number status placedAt totalCents cursor
                           lines { name sku quantity unitPriceCents product { slug name } } } } }`,
  '{ order(number: "EMP-7K2M9QX4TB") { number status totalCents shippingAddress { name city country } lines { sku } } }',
  '{ categories { slug name children { slug name children { slug name } } } }',
];

for (const dialect of dialects) {
  describe(`graphql cost limit on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
      const db = t.testDb.db;
      await addCategory(db, 'kitchen', 'Kitchen');
      await addCategory(db, 'garden', 'Garden');
      for (let i = 0; i < 30; i++) {
        await addProduct(db, i % 2 ? 'kitchen' : 'garden', { slug: `pot-${i}`, name: `Pot ${i}`, images: 2, variants: [{ sku: `POT-${i}-A`, priceCents: 500 + i, stock: 5, options: { size: 'S' } }, { sku: `POT-${i}-B`, priceCents: 600 + i, stock: 1, options: { size: 'L' } }] });
      }
    });
    after(async () => t.close());

    const post = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/graphql', payload: variables ? { query, variables } : { query }, headers });

    async function countingQueries<T>(fn: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
      const sql: string[] = [];
      const listener = (q: { sql: string }) => sql.push(q.sql);
      t.testDb.db.on('query', listener);
      try {
        return { result: await fn(), sql };
      } finally {
        t.testDb.db.removeListener('query', listener);
      }
    }

    test('the reported query is refused with its cost and the budget, before any SQL', async () => {
      assert.ok(ATTACK.length < 2048, 'a 2 KB document');
      const { result: res, sql } = await countingQueries(() => post(ATTACK));
      assert.equal(res.statusCode, 400, res.body);
      const body = res.json();
      assert.equal(body.data ?? null, null);
      assert.equal(body.errors.length, 1);
      const [error] = body.errors;
      assert.equal(error.extensions.code, 'QUERY_TOO_COSTLY');
      assert.equal(error.extensions.maxCost, MAX_COST);
      assert.ok(error.extensions.cost > 50 * MAX_COST, `cost ${error.extensions.cost}`);
      assert.equal(error.message, `This query asks for too much at once: it costs ${error.extensions.cost}, at most ${MAX_COST} is allowed. Ask for fewer items (first) or fewer fields, or split it.`);
      assert.deepEqual(sql, [], 'no resolver ran');

      const fr = (await post(ATTACK, undefined, { 'accept-language': 'fr' })).json();
      assert.match(fr.errors[0].message, /^Cette requête demande trop à la fois\u00a0: elle coûte \d+, le maximum autorisé est 25000\./);
    });

    test('a full page of 100 products and the documented queries pass', async () => {
      const page = await post(FULL_PAGE);
      assert.equal(page.statusCode, 200, page.body);
      const body = page.json();
      assert.equal(body.errors, undefined);
      assert.ok(body.data.products.totalCount >= 30, 'the 30 pots, and whatever the migrations add');
      assert.equal(body.data.products.edges.length, body.data.products.totalCount);
      assert.ok(body.data.products.edges.some((e: { node: { variants: unknown[] } }) => e.node.variants.length === 2));
      for (const query of DOCUMENTED) {
        const res = await post(query);
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().errors, undefined, query);
      }
    });

    test('the cost follows the variables: the same document passes with a small page and is refused with a large one', async () => {
      const query = 'query Lists($n: Int) { categories { products(first: $n) { edges { node { slug name variants { sku } } } } } }';
      const small = await post(query, { n: 5 });
      assert.equal(small.statusCode, 200, small.body);
      assert.equal(small.json().errors, undefined);
      assert.equal(small.json().data.categories.length, 2);
      const { result: large, sql } = await countingQueries(() => post(query, { n: 100 }));
      assert.equal(large.statusCode, 400, large.body);
      assert.equal(large.json().errors[0].extensions.code, 'QUERY_TOO_COSTLY');
      assert.equal(large.json().errors[0].extensions.cost, 1 + 20 * (2 + 100 * 14));
      assert.deepEqual(sql, []);
    });
  });
}

describe('graphql validation messages', () => {
  const mistakes = [
    { query: '{ produts { totalCount } }', suggestion: 'Did you mean "products" or "product"?' },
    { query: '{ products(frist: 1) { totalCount } }', suggestion: 'Did you mean "first"?' },
    { query: '{ products(sort: PRICE_ASCC) { totalCount } }', suggestion: 'Did you mean the enum value "PRICE_ASC"' },
    { query: '{ products { totalCont } }', suggestion: 'Did you mean "totalCount"?' },
  ];

  test('in production (introspection off) they name no field, argument or value the caller did not write', async () => {
    const t = await createTestApp('sqlite', { env: 'production' });
    try {
      for (const { query } of mistakes) {
        const res = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query } });
        assert.equal(res.statusCode, 400);
        const { errors } = res.json();
        assert.ok(errors.length > 0, res.body);
        assert.doesNotMatch(res.body, /Did you mean/, query);
        assert.doesNotMatch(errors[0].message, /"products?"|"first"|PRICE_ASC"|"totalCount"/, errors[0].message);
      }
      const unknown = (await t.app.inject({ method: 'POST', url: '/graphql', payload: { query: mistakes[0].query } })).json();
      assert.equal(unknown.errors[0].message, 'Cannot query field "produts" on type "Query".');
      const variable = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query: 'query($s: ProductSort) { products(sort: $s) { totalCount } }', variables: { s: 'PRICE_ASCC' } } });
      assert.equal(variable.statusCode, 400);
      assert.doesNotMatch(variable.body, /Did you mean/);
    } finally {
      await t.close();
    }
  });

  test('in development (introspection on) the suggestions stay', async () => {
    const t = await createTestApp('sqlite', { env: 'development' });
    try {
      for (const { query, suggestion } of mistakes) {
        const res = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query } });
        assert.ok(res.json().errors[0].message.includes(suggestion), res.body);
      }
    } finally {
      await t.close();
    }
  });
});
