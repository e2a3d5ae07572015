// `npm run payments:ledger -- [--json] [--file PATH]`: the test processor's side of every charge, read from its ledger file.
import { configOrExit } from '../config';
import { ledgerReport, readLedgerFile } from '../payments/test-processor-ledger';
import { parseArgs } from './args';

const args = parseArgs(process.argv.slice(2));
const file = args.file ?? configOrExit().testProcessorLedger;
if (!file || file === 'true') {
  console.error('the test processor keeps its ledger in memory (TEST_PROCESSOR_LEDGER=memory): there is no file to read; pass --file PATH');
  process.exit(2);
}
// Only reads: the shop may be running and appending at the same time, and a half-written last line is left out.
const report = ledgerReport(await readLedgerFile(file), Date.now());
if (args.json === 'true') {
  console.log(JSON.stringify(report));
} else {
  const money = (cents: number) => (cents / 100).toFixed(2);
  for (const c of report.charges) console.log([c.id, c.status.padEnd(18), `${money(c.amountCents)} ${c.currency}`.padStart(14), `refunded ${money(c.refundedCents)}`].join('  '));
  const kept = new Map<string, number>();
  for (const c of report.charges) if (c.status !== 'pending') kept.set(c.currency, (kept.get(c.currency) ?? 0) + c.amountCents - c.refundedCents);
  const totals = [...kept].map(([currency, cents]) => `${money(cents)} ${currency}`).join(', ') || 'nothing';
  console.log(`${report.charges.length} charges in ${file}; kept after refunds: ${totals}`);
}
