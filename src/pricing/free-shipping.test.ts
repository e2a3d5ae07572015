// Free delivery progress in the cart follows the checkout's rule: the lowest threshold, members' free methods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freeShippingProgress, headlineShipping } from './free-shipping';

const standard = { code: 'standard', priceCents: 490, freeAboveCents: 5000, freeForMembers: true };
const express = { code: 'express', priceCents: 1290, freeAboveCents: null, freeForMembers: false };

test('the amount still missing to the lowest threshold, then reached at the threshold exactly', () => {
  assert.deepEqual(freeShippingProgress([express, standard], 3770, false), { kind: 'missing', thresholdCents: 5000, missingCents: 1230 });
  assert.deepEqual(freeShippingProgress([express, standard], 5000, false), { kind: 'reached', thresholdCents: 5000 });
  assert.deepEqual(freeShippingProgress([express, { ...standard, freeAboveCents: 8000 }, { ...standard, code: 'eco', freeAboveCents: 3000 }], 100, false), { kind: 'missing', thresholdCents: 3000, missingCents: 2900 });
});

test('members on a method free for members; no threshold at all is no message', () => {
  assert.deepEqual(freeShippingProgress([standard], 100, true), { kind: 'member' });
  assert.deepEqual(freeShippingProgress([{ ...standard, freeForMembers: false }], 100, true), { kind: 'missing', thresholdCents: 5000, missingCents: 4900 });
  assert.equal(freeShippingProgress([express], 100_000, false), null);
  assert.equal(freeShippingProgress([], 100, false), null);
});

test('the product page names the cheapest method', () => {
  assert.equal(headlineShipping([express, standard])?.code, 'standard');
  assert.equal(headlineShipping([]), null);
});
