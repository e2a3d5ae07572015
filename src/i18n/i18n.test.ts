// Translation and language negotiation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { negotiateLocale, translate } from './index';
import { en } from './en';
import { fr } from './fr';

test('every English message has a French translation with the same placeholders', () => {
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    assert.ok(fr[key], key);
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(placeholders(fr[key]), placeholders(en[key]), key);
  }
});

test('translate fills placeholders', () => {
  assert.equal(translate('en', 'product.stockLow', { left: 2 }), 'Only 2 left');
  assert.equal(translate('fr', 'product.stockLow', { left: 2 }), 'Plus que 2 en stock');
});

test('Accept-Language picks the best supported language by q-value', () => {
  assert.equal(negotiateLocale('fr-CA,fr;q=0.9,en;q=0.8', 'en'), 'fr');
  assert.equal(negotiateLocale('de-DE,en;q=0.5,fr;q=0.7', 'en'), 'fr');
  assert.equal(negotiateLocale('de, es', 'en'), 'en');
  assert.equal(negotiateLocale(undefined, 'fr'), 'fr');
  assert.equal(negotiateLocale('fr;q=abc', 'en'), 'en');
});

test('French typography: no-break space before ":" and inside « », narrow no-break space before ; ! ?', async () => {
  const { frenchTypography, translate, colonOf } = await import('./index');
  assert.equal(frenchTypography('Livraison : Standard'), 'Livraison\u00a0: Standard');
  assert.equal(frenchTypography('Et maintenant ?'), 'Et maintenant\u202f?');
  assert.equal(frenchTypography('Merci !'), 'Merci\u202f!');
  assert.equal(frenchTypography('« tablier en lin »'), '«\u00a0tablier en lin\u00a0»');
  assert.equal(frenchTypography('à 10:30, voir https://x.test'), 'à 10:30, voir https://x.test', 'times and addresses are left alone');
  assert.match(translate('fr', 'orders.page.nextTitle'), /maintenant\u202f\?$/);
  assert.doesNotMatch(translate('en', 'orders.page.nextTitle'), /\u202f/);
  assert.equal(colonOf('fr'), '\u00a0:');
  assert.equal(colonOf('en'), ':');
});
