// Product descriptions for the demo: the type's own sentence, then material, size and care sentences chosen by keyword.
import type { ProductType } from './catalog';
import { pickIndex, type Rng } from './random';
import type { TypeFr } from './french';

export interface Material {
  keys: string[];
  made: string[];
  care: string;
  hex: string;
  /** The same sentences in French, in the same order. */
  madeFr: string[];
  careFr: string;
}

const MATERIALS: Material[] = [
  { keys: ['provençal', 'oat &', 'olive oil', 'charcoal', 'rosemary', 'neroli', 'dead sea', 'eucalyptus'], made: ['Made in small batches in Provence with plant oils and essential oils.', 'Vegan, palm-oil-free and wrapped in recycled paper.'], care: 'Keep it dry between uses to make it last.', hex: '#C9B7D6', madeFr: ['Fabriqué en petites séries en Provence, aux huiles végétales et aux huiles essentielles.', 'Vegan, sans huile de palme et emballé dans du papier recyclé.'], careFr: 'Laissez-le sécher entre deux utilisations pour qu’il dure plus longtemps.' },
  { keys: ['dot-grid', 'lined', 'plain', 'hardback', 'spiral', 'undated', 'cloth-bound', 'linen-bound', 'letterpress', 'botanical', 'kraft', 'block-print ', 'watercolour', 'graphite'], made: ['Printed and bound in Italy on FSC-certified paper.', 'The paper takes fountain pen ink without feathering or bleeding through.'], care: 'Made with vegetable-based inks.', hex: '#E8DFCF', madeFr: ['Imprimé et relié en Italie sur papier certifié FSC.', 'Le papier accepte l’encre du stylo plume sans baver ni traverser.'], careFr: 'Imprimé avec des encres végétales.' },
  { keys: ['waxed'], made: ['Waxed cotton canvas that shrugs off rain and wears in like an old jacket.'], care: 'Sponge clean, and re-wax it once a year.', hex: '#6F6A4E', madeFr: ['Une toile de coton cirée qui ne craint pas la pluie et se patine comme une vieille veste.'], careFr: 'Nettoyez à l’éponge et recirez une fois par an.' },
  { keys: ['porcelain'], made: ['Fine porcelain fired at a high temperature for a thin, bright and chip-resistant finish.', 'Made in Limoges-style porcelain by a small factory in central Portugal.'], care: 'Dishwasher and microwave safe.', hex: '#F3F0EA', madeFr: ['Une porcelaine fine cuite à haute température, pour une finition fine, lumineuse et résistante aux éclats.', 'En porcelaine façon Limoges, par une petite manufacture du centre du Portugal.'], careFr: 'Passe au lave-vaisselle et au micro-ondes.' },
  { keys: ['stoneware', 'reactive glaze', 'dipped-glaze', 'hand-painted', 'glazed', 'ceramic'], made: ['Thrown by a family pottery in Portugal from a heavy stoneware clay.', 'Each glaze pools a little differently in the kiln, so no two pieces are quite alike.', 'Made by hand in a small studio in Wales, glazed inside and out.'], care: 'Dishwasher and microwave safe.', hex: '#E2D8C8', madeFr: ['Tourné par une poterie familiale au Portugal dans une argile de grès bien dense.', 'Chaque émail coule un peu différemment au four : aucune pièce n’est tout à fait pareille.', 'Fait main dans un petit atelier du pays de Galles, émaillé dedans et dehors.'], careFr: 'Passe au lave-vaisselle et au micro-ondes.' },
  { keys: ['crystal', 'glass', 'borosilicate'], made: ['Mouth-blown in Lithuania; tiny bubbles in the glass are a mark of the process.', 'Made from recycled glass with a soft green-grey tint.', 'Heat-resistant glass that is thin, light and surprisingly tough.'], care: 'Hand washing keeps it clear for longest.', hex: '#D6E6E6', madeFr: ['Soufflé à la bouche en Lituanie ; les petites bulles dans le verre sont la marque du savoir-faire.', 'En verre recyclé, d’une douce teinte gris-vert.', 'Un verre résistant à la chaleur, fin, léger et étonnamment solide.'], careFr: 'Un lavage à la main le garde limpide plus longtemps.' },
  { keys: ['cast iron'], made: ['Cast in one piece in a foundry that has worked iron since 1910.', 'Heavy, solid and practically indestructible.'], care: 'Dry straight after washing and rub with a drop of oil.', hex: '#3E3F42', madeFr: ['Coulé d’une seule pièce dans une fonderie qui travaille le fer depuis 1910.', 'Lourd, massif et pratiquement indestructible.'], careFr: 'Séchez aussitôt après le lavage et frottez avec une goutte d’huile.' },
  { keys: ['enamel'], made: ['Tough enamel fused onto steel: light, easy to clean and made to be used daily.'], care: 'Wash in warm soapy water; avoid metal scourers.', hex: '#F2EEE6', madeFr: ['Un émail résistant fondu sur de l’acier : léger, facile à nettoyer et fait pour servir tous les jours.'], careFr: 'Lavez à l’eau chaude savonneuse ; évitez les éponges métalliques.' },
  { keys: ['copper'], made: ['Copper that slowly darkens to a warm, even patina.', 'Finished by hand in a family workshop in Normandy.'], care: 'Polish now and then, or let it weather naturally.', hex: '#B8734A', madeFr: ['Un cuivre qui fonce lentement jusqu’à une patine chaude et régulière.', 'Fini à la main dans un atelier familial de Normandie.'], careFr: 'Faites-le briller de temps en temps, ou laissez-le se patiner.' },
  { keys: ['brass'], made: ['Solid brass that softens to a warm, old-gold patina over the years.'], care: 'Wipe with a dry cloth; polish only if you prefer it bright.', hex: '#C9A55C', madeFr: ['Du laiton massif qui se patine au fil des ans d’un beau vieil or.'], careFr: 'Essuyez avec un chiffon sec ; ne le polissez que si vous l’aimez brillant.' },
  { keys: ['stainless', 'steel', 'carbon', 'aluminium', 'wire', 'zinc', 'galvanised', 'tin'], made: ['Made from durable metal that will not rust or flake.', 'Pressed and finished in a family workshop in northern Italy.'], care: 'Wipe clean with a soft, damp cloth.', hex: '#B9BEC2', madeFr: ['Un métal durable qui ne rouille pas et ne s’écaille pas.', 'Embouti et fini dans un atelier familial du nord de l’Italie.'], careFr: 'Nettoyez avec un chiffon doux et humide.' },
  { keys: ['marble', 'terrazzo', 'concrete', 'slate'], made: ['Each piece is cut from a single block, so the veining is unique.', 'Heavy and cool to the touch, with a soft honed finish.'], care: 'Wipe clean; avoid acidic cleaners.', hex: '#E4E1DB', madeFr: ['Chaque pièce est taillée dans un seul bloc : ses veines sont uniques.', 'Lourd et frais au toucher, avec une finition adoucie.'], careFr: 'Nettoyez simplement ; évitez les produits acides.' },
  { keys: ['walnut'], made: ['Cut from FSC-certified walnut and finished with food-safe oil.'], care: 'Wipe clean with a damp cloth and oil it now and then.', hex: '#7B5338', madeFr: ['Taillé dans du noyer certifié FSC et fini à l’huile alimentaire.'], careFr: 'Nettoyez avec un chiffon humide et huilez-le de temps en temps.' },
  { keys: ['oak', 'beech', 'olive', 'acacia', 'cherry', 'cedar', 'teak', 'wood', 'bamboo', 'horn'], made: ['Made from FSC-certified hardwood and finished with a food-safe oil.', 'Turned and sanded by hand in a small Slovenian workshop.'], care: 'Wipe clean with a damp cloth and oil it now and then.', hex: '#C99E6C', madeFr: ['En bois dur certifié FSC, fini à l’huile alimentaire.', 'Tourné et poncé à la main dans un petit atelier slovène.'], careFr: 'Nettoyez avec un chiffon humide et huilez-le de temps en temps.' },
  { keys: ['linen', 'chambray'], made: ['Woven from European flax and stonewashed, so it is soft from the first use.', 'Pure linen that breathes, dries fast and softens with every wash.'], care: 'Machine wash at 40 °C; line dry for a relaxed crumple.', hex: '#D8CBB4', madeFr: ['Tissé en lin européen et lavé à la pierre, donc doux dès la première utilisation.', 'Du pur lin qui respire, sèche vite et s’adoucit à chaque lavage.'], careFr: 'Lavage en machine à 40 °C ; séchez sur un fil pour un joli froissé.' },
  { keys: ['merino', 'wool', 'lambswool', 'alpaca', 'cashmere', 'fisherman'], made: ['Spun from responsibly farmed wool and knitted in Scotland.', 'Naturally breathable and temperature-regulating, and it resists odours.'], care: 'Hand wash cold and dry flat.', hex: '#CDBFA8', madeFr: ['Filé dans une laine d’élevage responsable et tricoté en Écosse.', 'Naturellement respirante et thermorégulatrice, elle résiste aux odeurs.'], careFr: 'Lavez à la main à froid et séchez à plat.' },
  { keys: ['cotton', 'terry', 'waffle', 'canvas', 'velvet', 'percale', 'sateen', 'needlecord'], made: ['Woven from long-staple organic cotton, certified to GOTS.', 'Made in Portugal by a mill that has woven cotton for three generations.'], care: 'Machine wash at 40 °C and tumble dry low.', hex: '#EAE3D6', madeFr: ['Tissé en coton bio à fibres longues, certifié GOTS.', 'Fabriqué au Portugal par une filature qui tisse le coton depuis trois générations.'], careFr: 'Lavage en machine à 40 °C, séchage en tambour à basse température.' },
  { keys: ['rattan', 'seagrass', 'jute', 'macramé', 'sisal'], made: ['Hand-woven from natural plant fibres by a cooperative in Vietnam.', 'Natural fibres, so the colour and weave vary slightly from piece to piece.'], care: 'Brush off dust; keep away from standing water.', hex: '#C9A46E', madeFr: ['Tressé à la main en fibres végétales par une coopérative au Vietnam.', 'Fibres naturelles : la couleur et le tressage varient légèrement d’une pièce à l’autre.'], careFr: 'Dépoussiérez à la brosse ; tenez à l’écart de l’eau stagnante.' },
  { keys: ['leather'], made: ['Vegetable-tanned leather from a tannery in Tuscany that darkens beautifully with use.'], care: 'Condition it once or twice a year.', hex: '#9A6841', madeFr: ['Un cuir à tannage végétal, d’une tannerie toscane, qui fonce joliment avec le temps.'], careFr: 'Nourrissez-le une ou deux fois par an.' },
  { keys: ['terracotta'], made: ['Unglazed terracotta from a pottery near Florence; it breathes, so roots stay healthy.'], care: 'Bring it indoors before the first frost.', hex: '#C46A4A', madeFr: ['Terre cuite non émaillée d’une poterie près de Florence ; elle respire, les racines restent saines.'], careFr: 'Rentrez-le avant les premières gelées.' },
  { keys: ['soy', 'beeswax', 'wax'], made: ['Poured by hand in small batches in our Bristol workshop.', 'Natural wax with a cotton wick: no paraffin, no soot.'], care: 'Trim the wick to 5 mm before each lighting.', hex: '#F0E6D2', madeFr: ['Coulée à la main en petites séries dans notre atelier de Bristol.', 'Cire naturelle et mèche en coton : ni paraffine, ni suie.'], careFr: 'Recoupez la mèche à 5 mm avant chaque allumage.' },
];

const GENERIC_MADE = [
  'Designed in our studio and made in small runs by a workshop we have worked with for years.',
  'Chosen by our buyers for how well it is made and how long it will last.',
  'Made in Europe by a family business, and packed without plastic.',
];
const GENERIC_MADE_FR = [
  'Dessiné dans notre studio et fabriqué en petites séries par un atelier avec qui nous travaillons depuis des années.',
  'Choisi par nos acheteurs pour la qualité de sa fabrication et sa longévité.',
  'Fabriqué en Europe par une entreprise familiale, et emballé sans plastique.',
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

/** A product's description in English and in French, the same sentences chosen for both. */
export function describe(rng: Rng, type: ProductType, kind: string, typeFr: TypeFr): { en: string; fr: string } {
  const material = materialFor(`${kind} ${type.noun}`);
  const madeIndex = material ? pickIndex(rng, material.made) : pickIndex(rng, GENERIC_MADE);
  const sentences = [type.about, material ? material.made[madeIndex]! : GENERIC_MADE[madeIndex]!];
  const french = [typeFr.about, material ? material.madeFr[madeIndex]! : GENERIC_MADE_FR[madeIndex]!];
  if (type.dims && rng() < 0.7) {
    sentences.push(`${type.dims[0]!.toUpperCase()}${type.dims.slice(1)}.`);
    const dims = typeFr.dims ?? type.dims;
    french.push(`${dims[0]!.toUpperCase()}${dims.slice(1)}.`);
  }
  const care = type.care ?? material?.care ?? '';
  const careFr = typeFr.care ?? (type.care === undefined ? material?.careFr : undefined) ?? '';
  if (care && (sentences.length < 3 || rng() < 0.5)) {
    sentences.push(care);
    if (careFr) french.push(careFr);
  }
  return { en: sentences.join(' '), fr: french.join(' ') };
}
