// `npm run user:create -- --email a@b.c --name "A B" --role admin [--password ...]`: make an account from the shell.
import { randomBytes } from 'node:crypto';
import { configOrExit } from '../config';
import { createDb, migrateToLatest } from '../db';
import { createAccount, normaliseEmail } from '../accounts/service';
import { ValidationError } from '../lib/errors';
import { translate } from '../i18n';
import { parseArgs } from './args';

const ROLES = ['customer', 'staff', 'admin'] as const;
const args = parseArgs(process.argv.slice(2));
const role = (args.role ?? 'customer') as (typeof ROLES)[number];
if (!args.email || !ROLES.includes(role)) {
  console.error('usage: npm run user:create -- --email someone@example.com [--name "Full Name"] [--role customer|staff|admin] [--password secret]');
  process.exit(2);
}
// Without --password a strong one is generated and printed once.
const password = args.password ?? randomBytes(12).toString('base64url');
const db = createDb(configOrExit());
try {
  await migrateToLatest(db);
  const id = await createAccount(db, { email: args.email, name: args.name ?? args.email.split('@')[0], password });
  await db('users').where({ id }).update({ role, updated_at: new Date() });
  console.log(`created ${role} account #${id} for ${normaliseEmail(args.email)}${args.password ? '' : ` with the password ${password}`}`);
} catch (err) {
  if (err instanceof ValidationError) {
    for (const [field, key] of Object.entries(err.fields)) console.error(`${field}: ${translate('en', key)}`);
    process.exitCode = 1;
  } else {
    throw err;
  }
} finally {
  await db.destroy();
}
