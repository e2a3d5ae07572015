// Environment variables -> a typed, validated configuration with safe local defaults.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseTrustProxy, type TrustProxy } from './lib/trust-proxy';

export type Environment = 'development' | 'production' | 'test';

export interface Config {
  env: Environment;
  host: string;
  port: number;
  /** Public base URL used in sitemap.xml, canonical links and emails (no trailing slash). */
  publicUrl: string;
  /** PostgreSQL connection string; when absent the shop uses the SQLite file. */
  databaseUrl: string | null;
  sqliteFile: string;
  /**
   * How long a database write may wait for a lock (SQLite busy_timeout, PostgreSQL lock_timeout) and a request for a
   * database connection before it is answered 503 "busy" (ms).
   */
  dbBusyTimeoutMs: number;
  dataDir: string;
  uploadDir: string;
  sessionSecret: string;
  currency: string;
  defaultLocale: 'en' | 'fr';
  /** Seed the demo shop when the database is empty at start. */
  seedDemo: boolean;
  /** Which reverse proxies' X-Forwarded-For/-Proto to believe: none, a number of hops, or their addresses/CIDRs (lib/trust-proxy.ts). */
  trustProxy: TrustProxy;
  /** Most open /live sockets one client address may hold at once. */
  liveMaxSocketsPerAddress: number;
  /** Settings that were accepted but deserve a look: logged once at start. */
  warnings: string[];
  /** Safety net for cached catalog pages when invalidation messages are missed (ms). */
  catalogCacheTtlMs: number;
  logLevel: string;
  /** Price of one year of Emporium Plus, in cents of the shop's currency. */
  plusPriceCents: number;
  /** Where the root of the repository is (views, static, db). */
  rootDir: string;
  /** smtp:// or smtps:// URL of the mail relay; without it each message is written as a .eml file to mailDir. */
  smtpUrl: string | null;
  /** The From header of every email the shop sends. */
  mailFrom: string;
  /** Where outgoing mail is written when there is no SMTP_URL (DATA_DIR/mail). */
  mailDir: string;
  /** Who takes payments: the built-in test processor (default) or Stripe's hosted payment page. */
  paymentProvider: 'test' | 'stripe';
  /** The test processor's ledger (JSON lines, DATA_DIR/test-processor/ledger.jsonl), or null to keep it in memory. */
  testProcessorLedger: string | null;
  /** How long the test processor's pending card stays pending (ms). */
  testProcessorPendingMs: number;
  /** How long the test processor's timing-out card makes a call wait before it fails (ms). */
  testProcessorTimeoutMs: number;
  /** Stripe's keys, set when paymentProvider is 'stripe'; apiUrl points the client elsewhere than api.stripe.com (a local stand-in). */
  stripe: StripeConfig | null;
  /** How often the payment reconciler runs (ms); 0: never, not even at start (the default in tests). */
  paymentsReconcileIntervalMs: number;
  /** How old an open payment attempt or refund must be before the reconciler asks about it (ms): the checkout may still be waiting for its answer. */
  paymentsReconcileGraceMs: number;
  /** How long SIGTERM waits for in-flight requests, work after answers and a reconciler run before exiting anyway. */
  shutdownGraceMs: number;
  /** REST API reads (GET /api/v1/...) allowed per minute per API token, else per client address; 0: no limit. */
  apiReadsPerMinute: number;
  /** GraphQL requests allowed per minute per API token, else per client address; 0: no limit. */
  graphqlRequestsPerMinute: number;
}

export interface StripeConfig {
  secretKey: string;
  webhookSecret: string;
  apiUrl: string | null;
}

export class ConfigError extends Error {}

export const DEFAULT_DB_BUSY_TIMEOUT_MS = 5000;

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function stripeFrom(env: NodeJS.ProcessEnv): StripeConfig {
  const secretKey = env.STRIPE_SECRET_KEY ?? '';
  if (!/^(sk|rk)_(test|live)_\w+$/.test(secretKey)) throw new ConfigError('STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_… or sk_live_…) when PAYMENT_PROVIDER=stripe');
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET ?? '';
  if (!/^whsec_\w+$/.test(webhookSecret)) throw new ConfigError('STRIPE_WEBHOOK_SECRET must be a webhook signing secret (whsec_…) when PAYMENT_PROVIDER=stripe');
  const apiUrl = env.STRIPE_API_URL || null;
  if (apiUrl && !/^https?:\/\/[^\s/]+\/?$/.test(apiUrl)) throw new ConfigError(`STRIPE_API_URL must be a base URL such as http://127.0.0.1:12111, got "${apiUrl}"`);
  return { secretKey, webhookSecret, apiUrl };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const nodeEnv = (env.NODE_ENV ?? 'development') as Environment;
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${nodeEnv}"`);
  }
  const port = intFrom(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '0.0.0.0';
  const dataDir = path.resolve(ROOT, env.DATA_DIR || 'data');
  let sessionSecret = env.SESSION_SECRET ?? '';
  if (!sessionSecret) {
    if (nodeEnv === 'production') throw new ConfigError('SESSION_SECRET is required in production (32+ characters)');
    // A per-process secret is safe for one development process; sessions just do not survive a restart.
    sessionSecret = randomBytes(32).toString('hex');
  }
  if (sessionSecret.length < 32) throw new ConfigError('SESSION_SECRET must be at least 32 characters');
  const currency = (env.CURRENCY || 'EUR').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new ConfigError(`CURRENCY must be an ISO 4217 code such as EUR, got "${currency}"`);
  const defaultLocale = (env.DEFAULT_LOCALE || 'en') as 'en' | 'fr';
  if (!['en', 'fr'].includes(defaultLocale)) throw new ConfigError('DEFAULT_LOCALE must be en or fr');
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL');
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute URL, got "${publicUrl}"`);
  }

  const paymentProvider = env.PAYMENT_PROVIDER || 'test';
  if (paymentProvider !== 'test' && paymentProvider !== 'stripe') throw new ConfigError(`PAYMENT_PROVIDER must be test or stripe, got "${paymentProvider}"`);
  const ledgerDir = overrides.dataDir ?? dataDir;
  const ledger = env.TEST_PROCESSOR_LEDGER || path.join('test-processor', 'ledger.jsonl');
  const warnings: string[] = [];
  let trustProxy: TrustProxy;
  try {
    const parsed = parseTrustProxy(env.TRUST_PROXY);
    trustProxy = parsed.value;
    if (parsed.warning) warnings.push(parsed.warning);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }

  return {
    env: nodeEnv,
    host,
    port,
    publicUrl,
    databaseUrl: env.DATABASE_URL || null,
    sqliteFile: path.resolve(dataDir, env.SQLITE_FILE || 'emporium.sqlite'),
    dbBusyTimeoutMs: intFrom(env, 'DB_BUSY_TIMEOUT_MS', DEFAULT_DB_BUSY_TIMEOUT_MS, 1, 600_000),
    dataDir,
    uploadDir: path.resolve(dataDir, env.UPLOAD_DIR || 'uploads'),
    sessionSecret,
    currency,
    defaultLocale,
    seedDemo: boolFrom(env, 'SEED_DEMO', nodeEnv !== 'test'),
    trustProxy,
    liveMaxSocketsPerAddress: intFrom(env, 'LIVE_MAX_SOCKETS_PER_ADDRESS', 20, 1, 10_000),
    warnings,
    catalogCacheTtlMs: intFrom(env, 'CATALOG_CACHE_TTL_MS', 60_000, 0, 86_400_000),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    plusPriceCents: intFrom(env, 'PLUS_PRICE_CENTS', 4900, 0, 10_000_000),
    rootDir: ROOT,
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'Emporium <shop@localhost>',
    // Follows an overridden dataDir (tests) unless mailDir itself is overridden.
    mailDir: path.resolve(overrides.dataDir ?? dataDir, 'mail'),
    paymentProvider,
    // Like mailDir, follows an overridden dataDir; 'memory' keeps no file (unit tests that do not care).
    testProcessorLedger: ledger === 'memory' ? null : path.resolve(ledgerDir, ledger),
    testProcessorPendingMs: intFrom(env, 'TEST_PROCESSOR_PENDING_MS', 5_000, 0, 3_600_000),
    testProcessorTimeoutMs: intFrom(env, 'TEST_PROCESSOR_TIMEOUT_MS', 1_000, 0, 600_000),
    stripe: paymentProvider === 'stripe' ? stripeFrom(env) : null,
    paymentsReconcileIntervalMs: intFrom(env, 'PAYMENTS_RECONCILE_INTERVAL_MS', nodeEnv === 'test' ? 0 : 300_000, 0, 86_400_000),
    paymentsReconcileGraceMs: intFrom(env, 'PAYMENTS_RECONCILE_GRACE_MS', 120_000, 0, 86_400_000),
    // Below the 30 s most process managers (Kubernetes, systemd's TimeoutStopSec default is 90 s) allow before SIGKILL.
    shutdownGraceMs: intFrom(env, 'SHUTDOWN_GRACE_MS', 25_000, 1_000, 600_000),
    apiReadsPerMinute: intFrom(env, 'API_READS_PER_MINUTE', 600, 0, 1_000_000),
    graphqlRequestsPerMinute: intFrom(env, 'GRAPHQL_REQUESTS_PER_MINUTE', 300, 0, 1_000_000),
    ...overrides,
  };
}

/** For the server and the commands: the config, or a one-line "Configuration error: …" and exit 1, never a stack trace. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Configuration error: ${err.message}`);
    process.exit(1);
  }
}
