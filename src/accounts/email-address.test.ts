// The canonical email form and what is refused: invisible characters, lookalike mixes of alphabets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emailProblem, normaliseEmail } from './email-address';

const check = (raw: string) => emailProblem(normaliseEmail(raw));

test('addresses are trimmed, NFKC-folded, lower-cased, with the domain in punycode', () => {
  assert.equal(normaliseEmail('  Ada@Example.COM '), 'ada@example.com');
  assert.equal(normaliseEmail('ａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ'), 'ada@example.com', 'full-width forms');
  assert.equal(normaliseEmail('Élise@Exemple.fr'), 'élise@exemple.fr');
  assert.equal(normaliseEmail('e\u0301lise@exemple.fr'), 'élise@exemple.fr', 'decomposed accents compose');
  assert.equal(normaliseEmail('ana@BÜCHER.de'), 'ana@xn--bcher-kva.de');
  assert.equal(normaliseEmail('ana@xn--bcher-kva.de'), 'ana@xn--bcher-kva.de');
  assert.equal(normaliseEmail(42), '');
  assert.equal(check('ana@bücher.de'), null);
  assert.equal(check('élise@exemple.fr'), null);
  assert.equal(check('ivan@пример.рф'), null, 'one script per label is fine');
  assert.equal(check('иван@example.com'), null, 'a whole local part in Cyrillic is fine');
  assert.equal(check('山田たろう@example.jp'), null, 'Japanese mixes Han and Hiragana');
  assert.equal(check('tanaka東京@example.jp'), null);
});

test('invisible and control characters are refused, never silently removed', () => {
  for (const raw of ['custo\u200bmer@emporium.test', 'customer\u200c@emporium.test', 'cust\u200domer@emporium.test', 'customer@empo\u2060rium.test', '\ufeffcustomer@emporium.test', 'customer@emporium.test\u202e', 'cus\u0000tomer@emporium.test', 'cus\u00adtomer@emporium.test']) {
    assert.equal(check(raw), 'accounts.email.invisible', JSON.stringify(raw));
  }
  assert.equal(check(' customer@emporium.test\n'), null, 'white space at the ends of a paste is trimmed');
});

test('a label that mixes Latin with Cyrillic or Greek is refused', () => {
  assert.equal(check('\u0441ustomer@emporium.test'), 'accounts.email.mixedScripts', 'Cyrillic с');
  assert.equal(check('customer@emp\u043erium.test'), 'accounts.email.mixedScripts', 'Cyrillic о in the domain');
  assert.equal(check('customer@xn--emprium-cjg.test'), 'accounts.email.mixedScripts', 'the same domain typed in punycode');
  assert.equal(check('\u03bfscar@example.com'), 'accounts.email.mixedScripts', 'Greek ο');
  assert.equal(check('customer@example.c\u043em'), 'accounts.email.mixedScripts');
  assert.equal(check('customer@emporium.test'), null);
});

test('format, length and presence', () => {
  assert.equal(check(''), 'accounts.email.required');
  assert.equal(check('   '), 'accounts.email.required');
  assert.equal(check('not-an-email'), 'accounts.email.invalid');
  assert.equal(check('a@b'), 'accounts.email.invalid');
  assert.equal(check(`${'a'.repeat(64)}@${'b'.repeat(200)}.com`), 'accounts.email.tooLong');
});
