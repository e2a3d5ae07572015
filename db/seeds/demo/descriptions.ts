// Product descriptions for the demo: the type's own sentence, then material, size and care sentences chosen by keyword.
import type { ProductType } from './catalog';
import { pick, type Rng } from './random';

export interface Material {
  keys: string[];
  made: string[];
  care: string;
  hex: string;
}

const MATERIALS: Material[] = [
  { keys: ['provençal', 'oat &', 'olive oil', 'charcoal', 'rosemary', 'neroli', 'dead sea', 'eucalyptus'], made: ['Made in small batches in Provence with plant oils and essential oils.', 'Vegan, palm-oil-free and wrapped in recycled paper.'], care: 'Keep it dry between uses to make it last.', hex: '#C9B7D6' },
  { keys: ['dot-grid', 'lined', 'plain', 'hardback', 'spiral', 'undated', 'cloth-bound', 'linen-bound', 'letterpress', 'botanical', 'kraft', 'block-print ', 'watercolour', 'graphite'], made: ['Printed and bound in Italy on FSC-certified paper.', 'The paper takes fountain pen ink without feathering or bleeding through.'], care: 'Made with vegetable-based inks.', hex: '#E8DFCF' },
  { keys: ['waxed'], made: ['Waxed cotton canvas that shrugs off rain and wears in like an old jacket.'], care: 'Sponge clean, and re-wax it once a year.', hex: '#6F6A4E' },
  { keys: ['porcelain'], made: ['Fine porcelain fired at a high temperature for a thin, bright and chip-resistant finish.', 'Made in Limoges-style porcelain by a small factory in central Portugal.'], care: 'Dishwasher and microwave safe.', hex: '#F3F0EA' },
  { keys: ['stoneware', 'reactive glaze', 'dipped-glaze', 'hand-painted', 'glazed', 'ceramic'], made: ['Thrown by a family pottery in Portugal from a heavy stoneware clay.', 'Each glaze pools a little differently in the kiln, so no two pieces are quite alike.', 'Made by hand in a small studio in Wales, glazed inside and out.'], care: 'Dishwasher and microwave safe.', hex: '#E2D8C8' },
  { keys: ['crystal', 'glass', 'borosilicate'], made: ['Mouth-blown in Lithuania; tiny bubbles in the glass are a mark of the process.', 'Made from recycled glass with a soft green-grey tint.', 'Heat-resistant glass that is thin, light and surprisingly tough.'], care: 'Hand washing keeps it clear for longest.', hex: '#D6E6E6' },
  { keys: ['cast iron'], made: ['Cast in one piece in a foundry that has worked iron since 1910.', 'Heavy, solid and practically indestructible.'], care: 'Dry straight after washing and rub with a drop of oil.', hex: '#3E3F42' },
  { keys: ['enamel'], made: ['Tough enamel fused onto steel: light, easy to clean and made to be used daily.'], care: 'Wash in warm soapy water; avoid metal scourers.', hex: '#F2EEE6' },
  { keys: ['copper'], made: ['Copper that slowly darkens to a warm, even patina.', 'Finished by hand in a family workshop in Normandy.'], care: 'Polish now and then, or let it weather naturally.', hex: '#B8734A' },
  { keys: ['brass'], made: ['Solid brass that softens to a warm, old-gold patina over the years.'], care: 'Wipe with a dry cloth; polish only if you prefer it bright.', hex: '#C9A55C' },
  { keys: ['stainless', 'steel', 'carbon', 'aluminium', 'wire', 'zinc', 'galvanised', 'tin'], made: ['Made from durable metal that will not rust or flake.', 'Pressed and finished in a family workshop in northern Italy.'], care: 'Wipe clean with a soft, damp cloth.', hex: '#B9BEC2' },
  { keys: ['marble', 'terrazzo', 'concrete', 'slate'], made: ['Each piece is cut from a single block, so the veining is unique.', 'Heavy and cool to the touch, with a soft honed finish.'], care: 'Wipe clean; avoid acidic cleaners.', hex: '#E4E1DB' },
  { keys: ['walnut'], made: ['Cut from FSC-certified walnut and finished with food-safe oil.'], care: 'Wipe clean with a damp cloth and oil it now and then.', hex: '#7B5338' },
  { keys: ['oak', 'beech', 'olive', 'acacia', 'cherry', 'cedar', 'teak', 'wood', 'bamboo', 'horn'], made: ['Made from FSC-certified hardwood and finished with a food-safe oil.', 'Turned and sanded by hand in a small Slovenian workshop.'], care: 'Wipe clean with a damp cloth and oil it now and then.', hex: '#C99E6C' },
  { keys: ['linen', 'chambray'], made: ['Woven from European flax and stonewashed, so it is soft from the first use.', 'Pure linen that breathes, dries fast and softens with every wash.'], care: 'Machine wash at 40 °C; line dry for a relaxed crumple.', hex: '#D8CBB4' },
  { keys: ['merino', 'wool', 'lambswool', 'alpaca', 'cashmere', 'fisherman'], made: ['Spun from responsibly farmed wool and knitted in Scotland.', 'Naturally breathable and temperature-regulating, and it resists odours.'], care: 'Hand wash cold and dry flat.', hex: '#CDBFA8' },
  { keys: ['cotton', 'terry', 'waffle', 'canvas', 'velvet', 'percale', 'sateen', 'needlecord'], made: ['Woven from long-staple organic cotton, certified to GOTS.', 'Made in Portugal by a mill that has woven cotton for three generations.'], care: 'Machine wash at 40 °C and tumble dry low.', hex: '#EAE3D6' },
  { keys: ['rattan', 'seagrass', 'jute', 'macramé', 'sisal'], made: ['Hand-woven from natural plant fibres by a cooperative in Vietnam.', 'Natural fibres, so the colour and weave vary slightly from piece to piece.'], care: 'Brush off dust; keep away from standing water.', hex: '#C9A46E' },
  { keys: ['leather'], made: ['Vegetable-tanned leather from a tannery in Tuscany that darkens beautifully with use.'], care: 'Condition it once or twice a year.', hex: '#9A6841' },
  { keys: ['terracotta'], made: ['Unglazed terracotta from a pottery near Florence; it breathes, so roots stay healthy.'], care: 'Bring it indoors before the first frost.', hex: '#C46A4A' },
  { keys: ['soy', 'beeswax', 'wax'], made: ['Poured by hand in small batches in our Bristol workshop.', 'Natural wax with a cotton wick: no paraffin, no soot.'], care: 'Trim the wick to 5 mm before each lighting.', hex: '#F0E6D2' },
];

const GENERIC_MADE = [
  'Designed in our studio and made in small runs by a workshop we have worked with for years.',
  'Chosen by our buyers for how well it is made and how long it will last.',
  'Made in Europe by a family business, and packed without plastic.',
];

/** Colours for kinds whose look is not their material's (soaps by scent, for one). */
const KIND_HEX: Array<[string, string]> = [
  ['lavender', '#B9A7D1'],
  ['oat &', '#E3C99A'],
  ['olive oil', '#A9AE6B'],
  ['charcoal', '#4A4B4E'],
  ['rosemary', '#8FAF86'],
  ['neroli', '#EFA95E'],
  ['dead sea', '#B7D3DA'],
  ['eucalyptus', '#9FC7B3'],
  ['pampas', '#E0C9A6'],
  ['matte black', '#2F2F31'],
  ['smoked', '#8C8A86'],
  ['amber', '#C98B3C'],
];

export function kindHex(text: string): string | undefined {
  const lower = text.toLowerCase();
  return KIND_HEX.find(([k]) => lower.includes(k))?.[1];
}

export function materialFor(text: string): Material | null {
  const lower = text.toLowerCase();
  return MATERIALS.find((m) => m.keys.some((k) => lower.includes(k))) ?? null;
}

export function describe(rng: Rng, type: ProductType, kind: string): string {
  const material = materialFor(`${kind} ${type.noun}`);
  const sentences = [type.about, material ? pick(rng, material.made) : pick(rng, GENERIC_MADE)];
  if (type.dims && rng() < 0.7) sentences.push(`${type.dims[0]!.toUpperCase()}${type.dims.slice(1)}.`);
  const care = type.care ?? material?.care ?? '';
  if (care && (sentences.length < 3 || rng() < 0.5)) sentences.push(care);
  return sentences.join(' ');
}
