// `npm run membership:grant -- --email a@b.c [--days 365] [--end]`: give or end Emporium Plus from the command line.
import { configOrExit } from '../config';
import { createDb, migrateToLatest } from '../db';
import { endMembership, grantMembership } from '../membership/service';
import { parseArgs } from './args';

const args = parseArgs(process.argv.slice(2));
const email = (args.email ?? '').trim().toLowerCase();
if (!email) {
  console.error('usage: npm run membership:grant -- --email someone@example.com [--days 365] [--end]');
  process.exit(2);
}
const days = Number(args.days ?? 365);
if (!Number.isInteger(days) || days < 1 || days > 3660) {
  console.error('--days must be a whole number from 1 to 3660');
  process.exit(2);
}
const db = createDb(configOrExit());
try {
  await migrateToLatest(db);
  const user = await db('users').where({ email }).first('id');
  if (!user) {
    console.error(`no account with the email ${email}`);
    process.exitCode = 1;
  } else if (args.end === 'true') {
    // Signed-in sessions of the account get a new id on their next request (plugins/auth.ts).
    await endMembership(db, Number(user.id));
    console.log(`Emporium Plus ended for ${email}`);
  } else {
    const { endsAt } = await grantMembership(db, Number(user.id), { days, source: 'admin' });
    console.log(`${email} is an Emporium Plus member until ${new Date(endsAt).toISOString().slice(0, 10)}`);
  }
} finally {
  await db.destroy();
}
