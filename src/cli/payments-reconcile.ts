// `npm run payments:reconcile [-- --json]`: one reconciler run now (ask the processor about every open payment and finish it), then a report.
import { configOrExit } from '../config';
import { createDb, migrateToLatest } from '../db';
import { buildApp } from '../app';
import { afterReconciledOrder } from '../orders/after-placed';
import { reconcilePayments } from '../payments/reconciler';
import { parseArgs } from './args';

const args = parseArgs(process.argv.slice(2));
// The shop's own app, so the processor and the mailer are the ones it is configured with; its timer stays off.
const config = { ...configOrExit(), paymentsReconcileIntervalMs: 0, logLevel: 'error' };
const db = createDb(config);
try {
  await migrateToLatest(db);
  const app = await buildApp(config, { db });
  try {
    const report = await reconcilePayments(db, app.payments, { graceMs: config.paymentsReconcileGraceMs, onOrderPlaced: (placed) => afterReconciledOrder(app, placed) });
    if (args.json === 'true') {
      console.log(JSON.stringify(report));
    } else {
      console.log(`${report.resolved} payment(s) resolved, ${report.unresolved.length} needing attention`);
      for (const u of report.unresolved) console.log(`  ${u.kind} ${u.reference} ${u.status} ${(u.amountCents / 100).toFixed(2)} ${u.currency}${u.orderNumber ? ` order ${u.orderNumber}` : ''}`);
    }
  } finally {
    await app.close();
  }
} finally {
  await db.destroy();
}
