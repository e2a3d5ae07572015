// The variant choice: groups by option, each value's state for the rest of the choice, and posted options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postedOptions, variantChoice, variantForOptions } from './variant-choice';
import type { VariantView } from './service';

function variant(id: number, options: Record<string, string>, stock: number): VariantView {
  return {
    id,
    sku: `SKU-${id}`,
    options,
    optionLabels: Object.fromEntries(Object.entries(options).map(([k, v]) => [k, v === 'Sage' ? 'Sauge' : v])),
    label: Object.values(options).join(' / '),
    priceCents: 1000,
    regularPriceCents: 1000,
    memberPriceCents: null,
    display: { regularPriceCents: null, memberTeaserCents: null } as VariantView['display'],
    stockOnHand: stock,
    stock: stock === 0 ? { kind: 'sold_out' } : { kind: 'in_stock' },
  } as VariantView;
}

const tee = [variant(1, { size: 'S', colour: 'Sand' }, 0), variant(2, { size: 'S', colour: 'Sage' }, 3), variant(3, { size: 'L', colour: 'Sand' }, 3)];

test('options combine into groups; values are marked for the rest of the current choice', () => {
  const choice = variantChoice(tee, tee[1]);
  assert.equal(choice.kind, 'groups');
  if (choice.kind !== 'groups') return;
  assert.deepEqual(choice.groups.map((g) => [g.key, g.labelKey]), [['size', 'product.option.size'], ['colour', 'product.option.colour']]);
  // With Sage chosen: S/Sage exists, L/Sage does not.
  assert.deepEqual(choice.groups[0].values, [{ value: 'S', label: 'S', checked: true, state: 'available' }, { value: 'L', label: 'L', checked: false, state: 'unavailable' }]);
  // With S chosen: Sand is sold out, Sage available; each value carries its label in the shopper's language.
  assert.deepEqual(choice.groups[1].values, [{ value: 'Sand', label: 'Sand', checked: false, state: 'sold_out' }, { value: 'Sage', label: 'Sauge', checked: true, state: 'available' }]);
});

test('options that do not combine are one list; one variant is no choice', () => {
  const odd = [variant(1, { size: 'S' }, 1), variant(2, { colour: 'Red' }, 1)];
  assert.equal(variantChoice(odd, odd[0]).kind, 'list');
  const twins = [variant(1, { size: 'S' }, 1), variant(2, { size: 'S' }, 0)];
  const list = variantChoice(twins, twins[1]);
  assert.equal(list.kind, 'list');
  if (list.kind === 'list') assert.deepEqual(list.variants.map((v) => [v.id, v.checked, v.state]), [[1, false, 'available'], [2, true, 'sold_out']]);
  assert.equal(variantChoice([tee[0]], tee[0]).kind, 'single');
  assert.equal(variantChoice([variant(1, {}, 1), variant(2, {}, 1)], tee[0]).kind, 'list', 'variants without options are listed by SKU');
});

test('posted options name one variant exactly, or none', () => {
  assert.deepEqual(postedOptions({ product: 'tee', 'options[size]': 'L', 'options[colour]': 'Sand', quantity: '1' }), { size: 'L', colour: 'Sand' });
  assert.equal(postedOptions({ product: 'tee', variant: '3' }), null);
  assert.deepEqual(postedOptions({ 'options[size]': ['S', 'L'] }), {}, 'a repeated field is unreadable');
  assert.equal(variantForOptions(tee, { size: 'L', colour: 'Sand' })?.id, 3);
  assert.equal(variantForOptions(tee, { size: 'L', colour: 'Sage' }), null);
  assert.equal(variantForOptions(tee, { size: 'L' }), null, 'every option must be named');
  assert.equal(variantForOptions(tee, {}), null);
});
