// The address formatter: country names in the reader's language, the postcode where each country's post wants it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressLines, addressSummary } from './address-format';
import type { PostalAddress } from './addresses';

const PARIS: PostalAddress = { name: 'Ada Martin', line1: '12 rue de Rivoli', line2: '', postalCode: '75001', city: 'Paris', region: '', country: 'FR', phone: '+33 1 23 45 67 89' };

test('continental Europe: postcode before the town, the country spelled out in the reader language', () => {
  assert.deepEqual(addressLines('en', PARIS), ['Ada Martin', '12 rue de Rivoli', '75001 Paris', 'France', '+33 1 23 45 67 89']);
  assert.deepEqual(addressLines('fr', { ...PARIS, country: 'DE', city: 'Berlin', postalCode: '10115' }).slice(2, 4), ['10115 Berlin', 'Allemagne']);
  const madrid = addressLines('en', { ...PARIS, country: 'ES', city: 'Madrid', postalCode: '28013', region: 'Madrid' });
  assert.deepEqual(madrid.slice(2, 5), ['28013 Madrid', 'Madrid', 'Spain']);
});

test('Britain and Ireland: the postcode after the town', () => {
  const london = { ...PARIS, line1: '10 Downing Street', postalCode: 'SW1A 2AA', city: 'London', country: 'GB' };
  assert.deepEqual(addressLines('en', london).slice(2, 4), ['London SW1A 2AA', 'United Kingdom']);
  assert.equal(addressLines('fr', london)[3], 'Royaume-Uni');
  assert.equal(addressLines('en', { ...london, country: 'IE', city: 'Dublin', postalCode: 'D02 X285' })[2], 'Dublin D02 X285');
});

test('North America: town, state or province and postcode on one line', () => {
  const us = { ...PARIS, line1: '1 Main St', postalCode: '62704', city: 'Springfield', region: 'IL', country: 'US' };
  assert.deepEqual(addressLines('en', us).slice(2, 4), ['Springfield, IL 62704', 'United States']);
  assert.equal(addressLines('en', { ...us, country: 'CA', city: 'Toronto', region: 'ON', postalCode: 'M5V 3L9' })[2], 'Toronto, ON M5V 3L9');
});

test('empty parts leave no blank line; an unknown or malformed country prints as stored', () => {
  assert.deepEqual(addressLines('en', { ...PARIS, line2: '  ', phone: '' }), ['Ada Martin', '12 rue de Rivoli', '75001 Paris', 'France']);
  assert.equal(addressLines('en', { ...PARIS, country: 'France' }).at(-2), 'France');
  assert.equal(addressLines('en', { ...PARIS, country: '' }).at(-1), '+33 1 23 45 67 89');
});

test('one-line summary: the label lines without the phone', () => {
  assert.equal(addressSummary('en', PARIS), 'Ada Martin, 12 rue de Rivoli, 75001 Paris, France');
  assert.equal(addressSummary('fr', { ...PARIS, country: 'GB', city: 'London', postalCode: 'SW1A 2AA' }), 'Ada Martin, 12 rue de Rivoli, London SW1A 2AA, Royaume-Uni');
});
