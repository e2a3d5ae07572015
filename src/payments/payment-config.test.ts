// The payment settings read from the environment: the test processor's ledger and the choice of Stripe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config';

const base = { NODE_ENV: 'test', DATA_DIR: '/srv/shop' };

test('the test processor is the default, with its ledger file in DATA_DIR', () => {
  const config = loadConfig(base);
  assert.equal(config.paymentProvider, 'test');
  assert.equal(config.stripe, null);
  assert.equal(config.testProcessorLedger, path.join('/srv/shop', 'test-processor', 'ledger.jsonl'));
  assert.equal(loadConfig({ ...base, TEST_PROCESSOR_LEDGER: 'memory' }).testProcessorLedger, null);
  assert.equal(loadConfig({ ...base, TEST_PROCESSOR_LEDGER: '/shared/ledger.jsonl' }).testProcessorLedger, '/shared/ledger.jsonl');
  // Tests that move DATA_DIR move the ledger with it.
  assert.equal(loadConfig(base, { dataDir: '/tmp/t1' }).testProcessorLedger, path.join('/tmp/t1', 'test-processor', 'ledger.jsonl'));
  assert.throws(() => loadConfig({ ...base, TEST_PROCESSOR_PENDING_MS: 'soon' }), ConfigError);
});

test('PAYMENT_PROVIDER=stripe needs both keys in their formats, and is accepted in production now that the checkout pays on its page', () => {
  const stripe = { ...base, PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_abc123' };
  assert.deepEqual(loadConfig(stripe).stripe, { secretKey: 'sk_test_abc123', webhookSecret: 'whsec_abc123', apiUrl: null });
  assert.equal(loadConfig({ ...stripe, STRIPE_API_URL: 'http://127.0.0.1:12111' }).stripe?.apiUrl, 'http://127.0.0.1:12111');
  for (const wrong of [
    { PAYMENT_PROVIDER: 'paypal' },
    { STRIPE_SECRET_KEY: '' },
    { STRIPE_SECRET_KEY: 'pk_test_abc' },
    { STRIPE_WEBHOOK_SECRET: 'secret' },
    { STRIPE_API_URL: 'api.stripe.com' },
  ]) {
    assert.throws(() => loadConfig({ ...stripe, ...wrong }), ConfigError, JSON.stringify(wrong));
  }
  assert.equal(loadConfig({ ...stripe, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).paymentProvider, 'stripe');
});
