// Pure helpers: money parsing, pagination, safe redirects, the TTL cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centsToInput, formatMoney, parseMoneyInput } from './money';
import { pageWindow, paginationLinks } from './pagination';
import { safeReturnPath } from './safe-redirect';
import { TtlCache } from './ttl-cache';
import { stockState } from './stock';
import { toBool, toDate, toInt } from './rows';

test('parseMoneyInput reads what people type and refuses the rest', () => {
  const cases: [string, number | null][] = [
    ['12', 1200], ['12.5', 1250], ['12,50', 1250], ['€ 9.99', 999], ['0', 0], [' 7 ', 700],
    ['', null], ['abc', null], ['-1', null], ['1e3', null], ['12.345', null], ['1000001', null], ['NaN', null], ['Infinity', null], ['0x10', null],
  ];
  for (const [raw, cents] of cases) assert.equal(parseMoneyInput(raw), cents, raw);
  assert.equal(centsToInput(1250), '12.50');
  assert.equal(centsToInput(1200), '12');
});

test('formatMoney formats cents for the locale', () => {
  assert.equal(formatMoney(123456, 'EUR', 'en-GB'), '€1,234.56');
  assert.equal(formatMoney(5, 'USD', 'en-GB'), 'US$0.05');
  assert.match(formatMoney(123456, 'EUR', 'fr-FR'), /^1\s234,56\s€$/);
});

test('pageWindow clamps any requested page into range', () => {
  assert.deepEqual(pageWindow(50, 1, 24), { page: 1, perPage: 24, pageCount: 3, offset: 0, total: 50 });
  assert.equal(pageWindow(50, 99, 24).page, 3);
  assert.equal(pageWindow(50, -3, 24).page, 1);
  assert.equal(pageWindow(50, Number.NaN, 24).page, 1);
  assert.equal(pageWindow(0, 5, 24).page, 1);
  assert.equal(pageWindow(0, 5, 24).pageCount, 1);
});

test('paginationLinks shows first, last and neighbours with gaps', () => {
  const p = paginationLinks({ page: 5, pageCount: 10 }, (n) => `?page=${n}`);
  assert.deepEqual(p.links.map((l) => l.page), [1, null, 4, 5, 6, null, 10]);
  assert.equal(p.prevHref, '?page=4');
  assert.equal(p.nextHref, '?page=6');
  assert.equal(paginationLinks({ page: 1, pageCount: 1 }, String).prevHref, null);
});

test('safeReturnPath keeps visitors on this site', () => {
  assert.equal(safeReturnPath('/products/a?x=1'), '/products/a?x=1');
  for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', undefined, ['/a'], '/a\nb']) {
    assert.equal(safeReturnPath(bad), '/', String(bad));
  }
});

test('TtlCache expires entries, evicts the least recently used and shares one computation', async () => {
  let now = 0;
  const cache = new TtlCache<number>(2, 100, () => now);
  cache.set('a', 1);
  cache.set('b', 2);
  cache.get('a');
  cache.set('c', 3);
  assert.equal(cache.get('b'), undefined, 'b was least recently used');
  assert.equal(cache.get('a'), 1);
  now = 101;
  assert.equal(cache.get('a'), undefined, 'expired');
  let calls = 0;
  const compute = async () => {
    calls++;
    return 42;
  };
  const [x, y] = await Promise.all([cache.getOrCompute('k', compute), cache.getOrCompute('k', compute)]);
  assert.equal(x + y, 84);
  assert.equal(calls, 1);
  cache.clear();
  assert.equal(cache.get('k'), undefined);
});

test('stockState says in stock, only N left, or sold out', () => {
  assert.deepEqual(stockState(0), { kind: 'sold_out' });
  assert.deepEqual(stockState(-2), { kind: 'sold_out' });
  assert.deepEqual(stockState(3), { kind: 'low', left: 3 });
  assert.deepEqual(stockState(4), { kind: 'in_stock' });
});

test('row values from SQLite and PostgreSQL normalise the same way', () => {
  assert.equal(toInt('42'), 42);
  assert.equal(toInt(7), 7);
  assert.equal(toBool(1), true);
  assert.equal(toBool(true), true);
  assert.equal(toBool(0), false);
  assert.equal(toDate('2026-01-02 03:04:05').toISOString(), '2026-01-02T03:04:05.000Z');
  assert.equal(toDate(0).getTime(), 0);
});

test('preferredEncoding picks brotli, then gzip, honouring q=0', async () => {
  const { preferredEncoding } = await import('./precompressed');
  assert.equal(preferredEncoding('gzip, deflate, br'), 'br');
  assert.equal(preferredEncoding('gzip'), 'gzip');
  assert.equal(preferredEncoding('br;q=0, gzip'), 'gzip');
  assert.equal(preferredEncoding('identity'), 'identity');
  assert.equal(preferredEncoding(undefined), 'identity');
});
