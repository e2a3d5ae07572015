// The password policy and argon2id hashing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hash } from '@node-rs/argon2';
import { hashPassword, isCommonPassword, needsRehash, passwordLength, passwordProblem, verifyAgainstDummy, verifyPassword } from './passwords';
import { emailProblem, normaliseEmail } from './service';

test('passwords of 8 to 128 characters of any script are accepted; common ones are not', () => {
  assert.equal(passwordProblem('lantern orbit mosaic'), null);
  assert.equal(passwordProblem('пароль-для-магазина'), null);
  assert.equal(passwordProblem('🔑🔑🔑🔑🔑🔑🔑🔑'), null, 'eight emoji are eight characters');
  assert.equal(passwordLength('🔑🔑🔑🔑🔑🔑🔑🔑'), 8);
  assert.equal(passwordProblem('🔑🔑🔑🔑🔑🔑🔑'), 'accounts.password.tooShort');
  assert.equal(passwordProblem('a'.repeat(128).replace(/^a{8}/, 'xq7!kz3p')), null);
  assert.equal(passwordProblem('x'.repeat(129)), 'accounts.password.tooLong');
  assert.equal(passwordProblem(''), 'accounts.password.required');
  for (const common of ['password', 'PASSWORD1', 'qwertyuiop', '12345678', 'iloveyou', 'sunshine', 'trustno1', 'Password123!', 'motdepasse']) {
    assert.ok(isCommonPassword(common), common);
  }
  assert.equal(passwordProblem('Football1'), 'accounts.password.common');
  assert.equal(passwordProblem('ada.lovelace', { email: 'ada.lovelace@example.test' }), 'accounts.password.personal');
  assert.equal(passwordProblem('Ada Lovelace', { name: 'ada lovelace' }), 'accounts.password.personal');
});

test('hashes are argon2id with our parameters, salted, and verify composed and decomposed accents alike', async () => {
  const one = await hashPassword('crème brûlée');
  const two = await hashPassword('crème brûlée');
  assert.match(one, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.notEqual(one, two, 'a fresh salt each time');
  assert.equal(await verifyPassword(one, 'crème brûlée'.normalize('NFD')), true);
  assert.equal(await verifyPassword(one, 'creme brulee'), false);
  assert.equal(await verifyPassword('not-a-hash', 'anything'), false);
  assert.equal(await verifyAgainstDummy('anything'), false);
  assert.equal(needsRehash(one), false);
  assert.equal(needsRehash(await hash('x', { memoryCost: 4096, timeCost: 1 })), true, 'weaker hashes are upgraded at the next login');
});

test('emails are trimmed, lower-cased and checked for a plausible shape', () => {
  assert.equal(normaliseEmail('  Ada@Example.TEST '), 'ada@example.test');
  for (const ok of ['a@b.co', 'first.last+tag@example.co.uk', 'élise@exemple.fr']) assert.equal(emailProblem(ok), null, ok);
  for (const bad of ['plain', 'a@b', 'a@b.c', 'a b@c.de', 'a@@b.com', '@b.com', 'a@.com', 'a@b..com']) assert.equal(emailProblem(bad), 'accounts.email.invalid', bad);
  assert.equal(emailProblem(''), 'accounts.email.required');
  assert.equal(emailProblem(`${'a'.repeat(64)}@${'b'.repeat(190)}.com`), 'accounts.email.tooLong');
});
