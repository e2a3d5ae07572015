// The shared readers of typed input: days, percentages, counts, checkboxes and ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError } from './errors';
import { basisPointsToInput, checked, dayToInput, idFromPath, parseDayInput, parseId, parseOptionalCount, parsePercentInput, trimmedText } from './form-input';

test('a day is a real calendar day at UTC midnight, and goes back to the same text', () => {
  assert.equal(parseDayInput('2024-02-29'), Date.UTC(2024, 1, 29));
  for (const bad of ['2023-02-29', '2024-13-01', '2024-2-1', '01/02/2024', ' 2024-02-01', '']) assert.equal(parseDayInput(bad), null, bad);
  assert.equal(dayToInput(Date.UTC(2024, 1, 29, 23, 59)), '2024-02-29');
  assert.equal(dayToInput(null), '');
});

test('percentages become basis points and back', () => {
  assert.equal(parsePercentInput('20 %'), 2000);
  assert.equal(parsePercentInput('5,5'), 550);
  assert.equal(parsePercentInput('100.5'), null);
  assert.equal(basisPointsToInput(2000), '20');
  assert.equal(basisPointsToInput(550), '5.5');
  assert.equal(basisPointsToInput(825), '8.25');
});

test('optional counts, checkboxes, trimmed text and ids', () => {
  assert.equal(parseOptionalCount(''), null);
  assert.equal(parseOptionalCount('12'), 12);
  for (const bad of ['0', '-1', '1.5', 'ten', '1234567890']) assert.equal(parseOptionalCount(bad), undefined, bad);
  assert.equal(checked({ a: ['', 'on'] }, 'a'), true);
  assert.equal(checked({ a: '' }, 'a'), false);
  assert.equal(checked({}, 'a'), false);
  assert.equal(trimmedText({ a: '  x ' }, 'a'), 'x');
  assert.equal(trimmedText({ a: ['x'] }, 'a'), '');
  assert.equal(parseId('42'), 42);
  for (const bad of ['', '4a', '-1', '1234567890', 42, undefined]) assert.equal(parseId(bad), null, String(bad));
  assert.equal(idFromPath('7'), 7);
  assert.throws(() => idFromPath('x'), NotFoundError);
});
