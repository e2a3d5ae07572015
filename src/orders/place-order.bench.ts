// Times placeOrder alone (the review page's quote and the cart are set up untimed) and counts its SQL queries.
//
//   node --import tsx src/orders/place-order.bench.ts            SQLite
//   TEST_DATABASE_URL=postgres://… node --import tsx src/orders/place-order.bench.ts   SQLite, then PostgreSQL
//
// Environment: BENCH_ORDERS (measured orders, default 50). A report, never an assertion.
import { performance } from 'node:perf_hooks';
import { createTestDb, dialects } from '../test-support/databases';
import { placeOrder } from './service';
import { ensureDefaultCheckoutSettings } from './settings';
import { addDiscountCode, addVariant, cartWith, guest, RecordingProvider, reviewedOrder } from './testing';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 50);
const WARMUP = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p + 0.5))];
}

for (const dialect of dialects) {
  const t = await createTestDb(dialect);
  try {
    await ensureDefaultCheckoutSettings(t.db);
    const now = Date.now();
    const a = await addVariant(t.db, 1990, 10_000);
    const b = await addVariant(t.db, 4500, 10_000);
    await addDiscountCode(t.db, { code: 'BENCH', kind: 'percent', value: 1000, per_customer_limit: 1 });
    const provider = new RecordingProvider();
    let counting = false;
    let queries: string[] = [];
    t.db.on('query', (q: { sql: string }) => {
      if (counting) queries.push(q.sql);
    });

    const times: number[] = [];
    const counts: number[] = [];
    let sample: string[] = [];
    for (let i = 0; i < WARMUP + ORDERS; i++) {
      const withCode = i % 2 === 1;
      const cartId = await cartWith(t.db, [[a.variantId, 2], [b.variantId, 1]], guest(now));
      const input = await reviewedOrder(t.db, { cartId, audience: guest(now), now, email: `bench-${i}@example.test`, discountCode: withCode ? 'BENCH' : null });
      queries = [];
      counting = true;
      const start = performance.now();
      await placeOrder(t.db, provider, input);
      const ms = performance.now() - start;
      counting = false;
      if (i < WARMUP) continue;
      times.push(ms);
      counts.push(queries.length);
      if (withCode && sample.length === 0) sample = queries;
    }
    times.sort((x, y) => x - y);
    const byCount = [...new Set(counts)].sort((x, y) => x - y).map((n) => `${n}×${counts.filter((c) => c === n).length}`);
    console.log(
      `${dialect}: ${ORDERS} orders (2 lines; every other one with a per-customer code), median ${percentile(times, 0.5).toFixed(2)} ms, ` +
        `p90 ${percentile(times, 0.9).toFixed(2)} ms, min ${times[0].toFixed(2)} ms; queries per order ${byCount.join(', ')}`,
    );
    console.log(`  queries of one order with a code:\n    ${sample.map((s) => s.replace(/\s+/g, ' ').slice(0, 110)).join('\n    ')}`);
  } finally {
    await t.cleanup();
  }
}
