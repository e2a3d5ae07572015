// `npm run bench:checkout`: a scripted guest checkout through every page (app.inject, no network),
// repeated; prints the median and p90 time and the SQL queries per checkout, on SQLite and, when
// TEST_DATABASE_URL is set, on PostgreSQL.
import type { FastifyInstance } from 'fastify';
import { createTestApp } from '../src/test-support/test-app';
import { addCategory, addProduct } from '../src/test-support/catalog-fixtures';
import { sessionCookieFrom } from '../src/test-support/sign-in';
import type { Dialect } from '../src/test-support/databases';

const RUNS = Number(process.env.BENCH_CHECKOUTS ?? 50);
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function field(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no ${name} on the page`);
  return m[1];
}

async function checkout(app: FastifyInstance, variantId: number): Promise<void> {
  let cookie = '';
  const send = async (method: 'GET' | 'POST', url: string, fields?: Record<string, string>) => {
    const res = await app.inject({ method, url, headers: { ...(fields ? FORM : {}), ...(cookie ? { cookie } : {}) }, payload: fields ? new URLSearchParams(fields).toString() : undefined });
    cookie = sessionCookieFrom(res) || cookie;
    if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode}`);
    return res;
  };
  const step = async (url: string, fields: Record<string, string>) => {
    const page = await send('GET', url);
    return send('POST', url, { _csrf: field(page.body, '_csrf'), ...fields });
  };
  await send('POST', '/cart/add', { product: 'mug', variant: String(variantId), quantity: '2' });
  await step('/checkout/contact', { email: 'bench@example.test' });
  await step('/checkout/shipping', { name: 'Camille Martin', line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR', shippingMethod: 'standard' });
  await step('/checkout/discount', { discountCode: '' });
  const review = await send('GET', '/checkout/review');
  const pay = await send('POST', '/checkout/pay', {
    _csrf: field(review.body, '_csrf'),
    token: field(review.body, 'token'),
    expectedTotal: field(review.body, 'expectedTotal'),
    cardNumber: '4242 4242 4242 4242',
    expiry: '12/34',
    cvc: '123',
  });
  if (pay.statusCode !== 303 || !String(pay.headers.location).startsWith('/orders/')) throw new Error(`pay answered ${pay.statusCode}`);
  await send('GET', String(pay.headers.location));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

async function run(dialect: Dialect): Promise<string> {
  const t = await createTestApp(dialect);
  try {
    await addCategory(t.testDb.db, 'k', 'Kitchen');
    await addProduct(t.testDb.db, 'k', { slug: 'mug', name: 'Mug', variants: [{ sku: 'MUG', priceCents: 1250, stock: 1_000_000 }] });
    const variantId = Number((await t.testDb.db('variants').where({ sku: 'MUG' }).first('id')).id);
    let queries = 0;
    t.testDb.db.on('query', () => queries++);
    await checkout(t.app, variantId); // warm-up: templates compiled, settings created
    const times: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      queries = 0;
      const start = process.hrtime.bigint();
      await checkout(t.app, variantId);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      counts.push(queries);
    }
    times.sort((a, b) => a - b);
    counts.sort((a, b) => a - b);
    return `| ${dialect} | ${RUNS} | ${times[Math.floor(RUNS / 2)].toFixed(1)} ms | ${percentile(times, 0.9).toFixed(1)} ms | ${counts[Math.floor(RUNS / 2)]} |`;
  } finally {
    await t.close();
  }
}

const rows = ['| database | checkouts | median | p90 | SQL queries per checkout (11 requests) |', '|---|---:|---:|---:|---:|'];
rows.push(await run('sqlite'));
if (process.env.TEST_DATABASE_URL) rows.push(await run('pg'));
console.log(rows.join('\n'));
