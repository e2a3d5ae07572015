// Card checks and the test-mode provider: test cards, Luhn, expiry, CVC, idempotency, refunds, no card data out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  cardBrand,
  cvcValid,
  expiryProblem,
  IdempotencyKeyReuseError,
  luhnValid,
  normaliseCardNumber,
  parseExpiry,
  type CardDetails,
  type ChargeInput,
} from './provider';
import { TEST_CARDS, TestCardProvider } from './test-card-provider';

const NOW = new Date(Date.UTC(2025, 5, 15, 12, 0, 0)); // 15 June 2025

function card(overrides: Partial<CardDetails> = {}): CardDetails {
  return { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2029, cvc: '123', holder: 'Ada Lovelace', ...overrides };
}

let keys = 0;
function chargeInput(overrides: Partial<ChargeInput> = {}): ChargeInput {
  return { amountCents: 4787, currency: 'EUR', card: card(), idempotencyKey: `order-1-attempt-${++keys}`, now: NOW, ...overrides };
}

test('normaliseCardNumber ignores spaces and dashes and wants 12 to 19 digits', () => {
  const cases: [string, string | null][] = [
    ['4242 4242 4242 4242', '4242424242424242'],
    ['4242-4242-4242-4242', '4242424242424242'],
    [' 4242424242424242 ', '4242424242424242'],
    ['378282246310005', '378282246310005'],
    ['123456789012', '123456789012'],
    ['1234567890123456789', '1234567890123456789'],
    ['12345678901', null],
    ['12345678901234567890', null],
    ['4242 4242 4242 424x', null],
    ['4242.4242.4242.4242', null],
    ['', null],
  ];
  for (const [input, expected] of cases) assert.equal(normaliseCardNumber(input), expected, input);
});

test('luhnValid accepts real test numbers and catches a mistyped digit', () => {
  for (const valid of ['4242424242424242', '4000 0000 0000 0002', '4000-0000-0000-9995', '5555555555554444', '2223003122003222', '378282246310005', '6011111111111117']) {
    assert.equal(luhnValid(valid), true, valid);
  }
  for (const invalid of ['4242424242424241', '4242424242424243', '4242424224424242', '1234567890123', 'abcd', '']) {
    assert.equal(luhnValid(invalid), false, invalid);
  }
});

test('property: changing any one digit breaks the Luhn check', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
      const digits = TEST_CARDS.succeeds.split('').map(Number);
      digits[position] = (digits[position] + delta) % 10;
      assert.equal(luhnValid(digits.join('')), false);
    }),
    { numRuns: 300 },
  );
});

test('cardBrand reads the leading digits', () => {
  const cases: [string, string][] = [
    ['4242424242424242', 'visa'],
    ['5105105105105100', 'mastercard'],
    ['5555 5555 5555 4444', 'mastercard'],
    ['2221000000000009', 'mastercard'],
    ['2720990000000000', 'mastercard'],
    ['2220990000000000', 'unknown'],
    ['2721000000000000', 'unknown'],
    ['5600000000000000', 'unknown'],
    ['378282246310005', 'amex'],
    ['341111111111111', 'amex'],
    ['6011111111111117', 'discover'],
    ['6500000000000002', 'discover'],
    ['3530111333300000', 'unknown'],
    ['not a number', 'unknown'],
  ];
  for (const [number, brand] of cases) assert.equal(cardBrand(number), brand, number);
});

test('parseExpiry reads MM/YY and MM/YYYY', () => {
  const cases: [string, { month: number; year: number } | null][] = [
    ['12/29', { month: 12, year: 2029 }],
    ['12/2029', { month: 12, year: 2029 }],
    ['01/30', { month: 1, year: 2030 }],
    ['1/30', { month: 1, year: 2030 }],
    [' 06 / 27 ', { month: 6, year: 2027 }],
    ['00/29', null],
    ['13/29', null],
    ['12/029', null],
    ['12/20290', null],
    ['1229', null],
    ['12-29', null],
    ['', null],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseExpiry(text), expected, text);
});

test('expiry: a card is good through the last moment of its month (UTC)', () => {
  const at = (iso: string) => new Date(iso);
  assert.equal(expiryProblem(6, 2025, at('2025-06-01T00:00:00Z')), null);
  assert.equal(expiryProblem(6, 2025, at('2025-06-30T23:59:59.999Z')), null);
  assert.equal(expiryProblem(6, 2025, at('2025-07-01T00:00:00Z')), 'expired_card');
  assert.equal(expiryProblem(6, 25, at('2025-06-30T23:59:59.999Z')), null);
  assert.equal(expiryProblem(5, 2025, at('2025-06-01T00:00:00Z')), 'expired_card');
  // December rolls over into the next year.
  assert.equal(expiryProblem(12, 2025, at('2025-12-31T23:59:59.999Z')), null);
  assert.equal(expiryProblem(12, 2025, at('2026-01-01T00:00:00Z')), 'expired_card');
  for (const [month, year] of [[0, 2029], [13, 2029], [1.5, 2029], [12, 202], [12, 20290], [12, -1], [12, 2029.5]]) {
    assert.equal(expiryProblem(month, year, NOW), 'invalid_expiry', `${month}/${year}`);
  }
});

test('cvcValid: three digits, four for American Express', () => {
  assert.equal(cvcValid('123', 'visa'), true);
  assert.equal(cvcValid('1234', 'visa'), false);
  assert.equal(cvcValid('12', 'mastercard'), false);
  assert.equal(cvcValid('12a', 'visa'), false);
  assert.equal(cvcValid('1234', 'amex'), true);
  assert.equal(cvcValid('123', 'amex'), false);
  assert.equal(cvcValid('', 'unknown'), false);
});

test('charge: the test cards and every decline reason', async () => {
  const cases: { name: string; card: Partial<CardDetails>; status: 'succeeded' | 'declined'; reason?: string; brand?: string; last4?: string }[] = [
    { name: 'success card', card: {}, status: 'succeeded', brand: 'visa', last4: '4242' },
    { name: 'decline card', card: { number: '4000 0000 0000 0002' }, status: 'declined', reason: 'card_declined', brand: 'visa', last4: '0002' },
    { name: 'insufficient funds card', card: { number: '4000-0000-0000-9995' }, status: 'declined', reason: 'insufficient_funds', brand: 'visa', last4: '9995' },
    { name: 'other valid number', card: { number: '5555 5555 5555 4444' }, status: 'succeeded', brand: 'mastercard', last4: '4444' },
    { name: 'amex with 4-digit cvc', card: { number: '3782 822463 10005', cvc: '1234' }, status: 'succeeded', brand: 'amex', last4: '0005' },
    { name: 'Luhn fails', card: { number: '4242 4242 4242 4241' }, status: 'declined', reason: 'invalid_number' },
    { name: 'too short', card: { number: '4242 4242' }, status: 'declined', reason: 'invalid_number' },
    { name: 'letters', card: { number: '4242 4242 4242 abcd' }, status: 'declined', reason: 'invalid_number' },
    { name: 'last month', card: { expMonth: 5, expYear: 2025 }, status: 'declined', reason: 'expired_card', brand: 'visa', last4: '4242' },
    { name: 'this month', card: { expMonth: 6, expYear: 25 }, status: 'succeeded', brand: 'visa', last4: '4242' },
    { name: 'month 13', card: { expMonth: 13 }, status: 'declined', reason: 'invalid_expiry', brand: 'visa', last4: '4242' },
    { name: 'three-digit year', card: { expYear: 202 }, status: 'declined', reason: 'invalid_expiry', brand: 'visa', last4: '4242' },
    { name: 'cvc too short', card: { cvc: '12' }, status: 'declined', reason: 'invalid_cvc', brand: 'visa', last4: '4242' },
    { name: 'amex with 3-digit cvc', card: { number: '378282246310005', cvc: '123' }, status: 'declined', reason: 'invalid_cvc', brand: 'amex', last4: '0005' },
    // The number is checked first, then expiry, then CVC.
    { name: 'decline card, expired', card: { number: TEST_CARDS.declined, expYear: 2020 }, status: 'declined', reason: 'expired_card', brand: 'visa', last4: '0002' },
    { name: 'expired and bad cvc', card: { expYear: 2020, cvc: 'x' }, status: 'declined', reason: 'expired_card', brand: 'visa', last4: '4242' },
  ];
  const provider = new TestCardProvider();
  for (const c of cases) {
    const result = await provider.charge(chargeInput({ card: card(c.card) }));
    assert.equal(result.status, c.status, c.name);
    if (result.status === 'declined') assert.equal(result.reason, c.reason, c.name);
    else {
      assert.match(result.chargeId, /^ch_test_[0-9a-f]{24}$/, c.name);
      assert.equal(result.amountCents, 4787, c.name);
      assert.equal(result.currency, 'EUR', c.name);
    }
    assert.equal(result.brand, c.brand, c.name);
    assert.equal(result.last4, c.last4, c.name);
  }
});

test('charge checks expiry against the current time when no clock is given', async () => {
  const provider = new TestCardProvider();
  const { now: _now, ...withoutClock } = chargeInput();
  assert.equal((await provider.charge({ ...withoutClock, card: card({ expYear: 2099 }) })).status, 'succeeded');
  assert.equal((await provider.charge({ ...withoutClock, idempotencyKey: 'no-clock-2', card: card({ expYear: 2001 }) })).status, 'declined');
});

test('results carry brand and last4 only, never the card number, CVC or holder', async () => {
  const provider = new TestCardProvider();
  const secrets = (c: CardDetails) => [c.number.replace(/[\s-]/g, ''), c.number, c.number.replace(/[\s-]/g, '').slice(0, 12), c.holder ?? ''];
  for (const c of [card(), card({ number: TEST_CARDS.declined }), card({ number: TEST_CARDS.insufficientFunds }), card({ cvc: '98' }), card({ number: '3782 822463 10005', cvc: '7391' })]) {
    const result = await provider.charge(chargeInput({ card: c }));
    const json = JSON.stringify(result);
    for (const secret of secrets(c)) assert.equal(json.includes(secret), false, `${json} leaks ${secret}`);
    assert.equal(json.includes(`"${c.cvc}"`), false, `${json} leaks the CVC`);
    assert.deepEqual(Object.keys(result).filter((k) => !['status', 'chargeId', 'amountCents', 'currency', 'reason', 'brand', 'last4'].includes(k)), []);
  }
});

test('idempotency: the same key twice charges once and returns the same charge', async () => {
  const provider = new TestCardProvider();
  const input = chargeInput({ idempotencyKey: 'order-42-attempt-1' });
  const [first, second] = await Promise.all([provider.charge(input), provider.charge({ ...input, card: { ...input.card } })]);
  const third = await provider.charge(input);
  assert.equal(first.status, 'succeeded');
  assert.deepEqual(second, first);
  assert.deepEqual(third, first);
  // Exactly one charge exists: refunding the full amount once works, a second full refund does not.
  const chargeId = first.status === 'succeeded' ? first.chargeId : '';
  assert.equal((await provider.refund({ chargeId, amountCents: 4787, idempotencyKey: 'refund-1' })).status, 'succeeded');
  assert.deepEqual(await provider.refund({ chargeId, amountCents: 4787, idempotencyKey: 'refund-2' }), { status: 'failed', reason: 'exceeds_refundable' });

  // A new key is a new charge.
  const other = await provider.charge({ ...input, idempotencyKey: 'order-42-attempt-2' });
  assert.equal(other.status, 'succeeded');
  assert.notEqual(other.status === 'succeeded' && other.chargeId, chargeId);
});

test('idempotency: a declined attempt stays declined under its key; reusing a key for another request is a bug', async () => {
  const provider = new TestCardProvider();
  const declined = chargeInput({ idempotencyKey: 'order-7-attempt-1', card: card({ number: TEST_CARDS.declined }) });
  assert.deepEqual(await provider.charge(declined), { status: 'declined', reason: 'card_declined', brand: 'visa', last4: '0002' });
  assert.deepEqual(await provider.charge(declined), { status: 'declined', reason: 'card_declined', brand: 'visa', last4: '0002' });
  await assert.rejects(provider.charge({ ...declined, card: card() }), (err: unknown) => {
    assert.ok(err instanceof IdempotencyKeyReuseError);
    assert.equal(err.message.includes('4242'), false);
    return true;
  });
  await assert.rejects(provider.charge({ ...declined, amountCents: 1 }), IdempotencyKeyReuseError);
});

test('refunds: partial refunds up to the amount charged, then refused', async () => {
  const provider = new TestCardProvider();
  const charged = await provider.charge(chargeInput({ amountCents: 1000 }));
  assert.equal(charged.status, 'succeeded');
  const chargeId = charged.status === 'succeeded' ? charged.chargeId : '';

  const first = await provider.refund({ chargeId, amountCents: 300, idempotencyKey: 'r1' });
  assert.equal(first.status, 'succeeded');
  if (first.status === 'succeeded') {
    assert.match(first.refundId, /^re_test_[0-9a-f]{24}$/);
    assert.deepEqual({ ...first, refundId: '' }, { status: 'succeeded', refundId: '', chargeId, amountCents: 300, refundedCents: 300, remainingCents: 700 });
  }
  // Retrying the same refund returns it again without refunding twice.
  assert.deepEqual(await provider.refund({ chargeId, amountCents: 300, idempotencyKey: 'r1' }), first);
  assert.deepEqual(await provider.refund({ chargeId, amountCents: 701, idempotencyKey: 'r2' }), { status: 'failed', reason: 'exceeds_refundable' });
  const rest = await provider.refund({ chargeId, amountCents: 700, idempotencyKey: 'r3' });
  assert.equal(rest.status === 'succeeded' && rest.remainingCents, 0);
  assert.deepEqual(await provider.refund({ chargeId, amountCents: 1, idempotencyKey: 'r4' }), { status: 'failed', reason: 'exceeds_refundable' });
  assert.deepEqual(await provider.refund({ chargeId: 'ch_test_nope', amountCents: 1, idempotencyKey: 'r5' }), { status: 'failed', reason: 'unknown_charge' });
  await assert.rejects(provider.refund({ chargeId, amountCents: 5, idempotencyKey: 'r1' }), IdempotencyKeyReuseError);
});

test('a declined charge cannot be refunded', async () => {
  const provider = new TestCardProvider();
  const declined = await provider.charge(chargeInput({ card: card({ number: TEST_CARDS.insufficientFunds }) }));
  assert.equal(declined.status, 'declined');
  // A declined charge has no id; an id from another provider instance is unknown here.
  const elsewhere = await new TestCardProvider().charge(chargeInput());
  const chargeId = elsewhere.status === 'succeeded' ? elsewhere.chargeId : '';
  assert.deepEqual(await provider.refund({ chargeId, amountCents: 1, idempotencyKey: 'r' }), { status: 'failed', reason: 'unknown_charge' });
});

test('malformed requests are programming errors (TypeError), not declines', async () => {
  const provider = new TestCardProvider();
  for (const [name, input] of [
    ['zero amount', chargeInput({ amountCents: 0 })],
    ['negative amount', chargeInput({ amountCents: -100 })],
    ['fractional cents', chargeInput({ amountCents: 10.5 })],
    ['lower-case currency', chargeInput({ currency: 'eur' })],
    ['no key', chargeInput({ idempotencyKey: '' })],
  ] as const) {
    await assert.rejects(provider.charge(input), TypeError, name);
  }
  await assert.rejects(provider.refund({ chargeId: 'x', amountCents: 0, idempotencyKey: 'k' }), TypeError);
  await assert.rejects(provider.refund({ chargeId: 'x', amountCents: 1, idempotencyKey: '' }), TypeError);
});
