// The variant choice of a product page: option groups (Size, Colour) with each value's state for the rest of the
// current choice, and the variant a posted choice names. Pure functions: the product page, the add-to-cart
// answer and the form's message all draw the same groups.
import type { MessageKey } from '../i18n';
import type { VariantView } from './service';

export type OptionValueState = 'available' | 'sold_out' | 'unavailable';

export interface OptionValueChoice {
  /** The value as stored, which the form posts. */
  value: string;
  /** The value in the shopper's language. */
  label: string;
  checked: boolean;
  /** For this value with the other groups' current values: for sale, sold out, or no such variant. */
  state: OptionValueState;
}

export interface OptionGroup {
  /** The option's name as stored on the variants ("size", "Colour"). */
  key: string;
  /** The translated name of a known option ("Size", "Taille"); null shows the stored name. */
  labelKey: MessageKey | null;
  values: OptionValueChoice[];
}

const OPTION_NAMES: Record<string, MessageKey> = {
  size: 'product.option.size',
  colour: 'product.option.colour',
  color: 'product.option.colour',
  pack: 'product.option.pack',
  capacity: 'product.option.capacity',
  scent: 'product.option.scent',
};

/** How a product's variants are chosen: by option groups, by one flat list (options that do not combine), or not at all. */
export type VariantChoice =
  | { kind: 'groups'; groups: OptionGroup[] }
  | { kind: 'list'; variants: { id: number; label: string; checked: boolean; state: OptionValueState; stock: VariantView['stock'] }[] }
  | { kind: 'single' };

function stateOf(variant: VariantView | undefined): OptionValueState {
  if (!variant) return 'unavailable';
  return variant.stock.kind === 'sold_out' ? 'sold_out' : 'available';
}

function sameOptions(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

/** The variant whose options are exactly `chosen`, or null. */
export function variantForOptions<V extends { options: Record<string, string> }>(variants: V[], chosen: Record<string, string>): V | null {
  return variants.find((v) => sameOptions(v.options, chosen)) ?? null;
}

/**
 * Options combine into groups when every variant names the same options and no two variants share a
 * combination; otherwise each variant is one choice of a flat list.
 */
export function variantChoice(variants: VariantView[], selected: VariantView): VariantChoice {
  if (variants.length < 2) return { kind: 'single' };
  const keys = Object.keys(variants[0].options);
  const combines =
    keys.length > 0 &&
    variants.every((v) => Object.keys(v.options).length === keys.length && keys.every((k) => typeof v.options[k] === 'string')) &&
    new Set(variants.map((v) => JSON.stringify(keys.map((k) => v.options[k])))).size === variants.length;
  if (!combines) {
    return {
      kind: 'list',
      variants: variants.map((v) => ({ id: v.id, label: v.label || v.sku, checked: v.id === selected.id, state: stateOf(v), stock: v.stock })),
    };
  }
  const groups = keys.map((key) => {
    const values: OptionValueChoice[] = [];
    for (const v of variants) {
      const value = v.options[key];
      if (values.some((c) => c.value === value)) continue;
      const candidate = variantForOptions(variants, { ...selected.options, [key]: value });
      values.push({ value, label: v.optionLabels?.[key] ?? value, checked: selected.options[key] === value, state: stateOf(candidate ?? undefined) });
    }
    return { key, labelKey: OPTION_NAMES[key.toLowerCase()] ?? null, values };
  });
  return { kind: 'groups', groups };
}

/**
 * The options a posted add-to-cart form names (`options[size]=M`), or null when it names none. A value that is
 * not one string (a repeated field) makes the choice unreadable: it is returned as an empty object, which no
 * variant matches.
 */
export function postedOptions(body: Record<string, unknown>): Record<string, string> | null {
  const chosen: Record<string, string> = {};
  let any = false;
  for (const [field, value] of Object.entries(body)) {
    const match = /^options\[(.{1,100})\]$/s.exec(field);
    if (!match) continue;
    any = true;
    if (typeof value !== 'string') return {};
    chosen[match[1]] = value;
  }
  return any ? chosen : null;
}
