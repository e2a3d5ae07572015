// Listing state parsing and links: bad input becomes a sensible listing, links keep the state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listingHref, listingKey, parseListingQuery } from './listing-query';
import { searchTerms } from './search';

test('defaults for a bare category and a bare search', () => {
  assert.deepEqual(parseListingQuery({}, 'category').query, { sort: 'featured', page: 1, minPriceCents: null, maxPriceCents: null, inStockOnly: false, q: '' });
  assert.equal(parseListingQuery({}, 'search').query.sort, 'relevance');
  assert.equal(parseListingQuery({ sort: 'relevance' }, 'category').query.sort, 'featured');
});

test('bad values fall back or are reported beside their field', () => {
  const r = parseListingQuery({ page: '1e9', sort: 'DROP', min: 'cheap', max: '12,5', instock: ['1', '0'] }, 'category');
  assert.equal(r.query.page, 1);
  assert.equal(r.query.sort, 'featured');
  assert.equal(r.query.minPriceCents, null);
  assert.equal(r.errors.min, 'filters.invalidPrice');
  assert.equal(r.query.maxPriceCents, 1250);
  assert.equal(r.query.inStockOnly, true);
  assert.equal(parseListingQuery({ page: '99999999' }, 'category').query.page, 100000);
});

test('a reversed price range is swapped with a notice', () => {
  const r = parseListingQuery({ min: '30', max: '10' }, 'category');
  assert.equal(r.query.minPriceCents, 1000);
  assert.equal(r.query.maxPriceCents, 3000);
  assert.deepEqual(r.notices, ['filters.priceOrder']);
});

test('long queries are cut with a notice and control characters removed', () => {
  const r = parseListingQuery({ q: `a\u0000b${'x'.repeat(1000)}` }, 'search');
  assert.equal(r.query.q.length, 200);
  assert.ok(r.query.q.startsWith('a b'));
  assert.deepEqual(r.notices, ['search.truncated']);
});

test('links keep every part of the state and omit defaults', () => {
  const { query } = parseListingQuery({ min: '5', instock: '1', sort: 'name', page: '2' }, 'category');
  assert.equal(listingHref('/categories/x', query), '/categories/x?min=5&instock=1&sort=name&page=2');
  assert.equal(listingHref('/categories/x', query, { page: 1 }), '/categories/x?min=5&instock=1&sort=name');
  assert.equal(listingHref('/search', parseListingQuery({ q: 'a&b' }, 'search').query, {}, 'search'), '/search?q=a%26b');
  assert.equal(listingKey(query), listingKey(parseListingQuery({ min: '5.00', instock: 'on', sort: 'name', page: '2', junk: 'x' }, 'category').query));
});

test('search terms are words only: operators and quotes never reach the query language', () => {
  assert.deepEqual(searchTerms('"Crème" OR brûlée*'), ['creme', 'or', 'brulee']);
  assert.deepEqual(searchTerms("'; DROP TABLE x; --"), ['drop', 'table', 'x']);
  assert.deepEqual(searchTerms('EMP-KIT-0042'), ['emp', 'kit', '0042']);
  assert.deepEqual(searchTerms('*^:()'), []);
  assert.equal(searchTerms('a b c d e f g h i j k').length, 8);
});
