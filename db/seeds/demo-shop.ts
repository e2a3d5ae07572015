// The demo shop "Emporium": a deterministic catalog of categories, products, variants and generated SVG images.
import fs from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { reindexProducts } from '../../src/catalog/search';

export interface SeedOptions {
  uploadDir: string;
  now?: Date;
}

interface SeedCounts {
  categories: number;
  products: number;
  variants: number;
  images: number;
}

// ---------------------------------------------------------------------------------------------------
// Randomness: one seeded generator, so every run builds the very same shop.

type Rng = () => number;

function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function intIn(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)]!;
}

/** k distinct items of the list, in random order. */
function sample<T>(rng: Rng, list: readonly T[], k: number): T[] {
  const indices = list.map((_, i) => i);
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return indices.slice(0, Math.min(k, list.length)).map((i) => list[i]!);
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// ---------------------------------------------------------------------------------------------------
// Colours: option values shoppers pick, each with a SKU code and the hex the artwork paints it in.

interface Colour {
  name: string;
  code: string;
  hex: string;
}

const COLOURS: Record<string, Colour> = Object.fromEntries(
  (
    [
      ['Chalk', 'CHK', '#EDE7DC'],
      ['Sage', 'SAG', '#9DB08A'],
      ['Ochre', 'OCH', '#CF9A3E'],
      ['Ink Blue', 'INK', '#34507A'],
      ['Terracotta', 'TER', '#C4694A'],
      ['Charcoal', 'CHA', '#45474B'],
      ['Blush', 'BLS', '#E4B0A2'],
      ['Natural', 'NAT', '#E2D3B8'],
      ['Oat', 'OAT', '#D6C7AC'],
      ['Rust', 'RST', '#A9532F'],
      ['Forest Green', 'FOR', '#3C5E45'],
      ['Navy', 'NVY', '#2A3650'],
      ['Mustard', 'MUS', '#D7A531'],
      ['Sky Blue', 'SKY', '#93BCD8'],
      ['Tomato', 'TOM', '#D6583F'],
      ['Mint', 'MNT', '#A5D4BF'],
      ['Lilac', 'LIL', '#B9A7D1'],
      ['Black', 'BLK', '#2A2A2C'],
      ['White', 'WHT', '#F6F3EE'],
      ['Sand', 'SND', '#D8C29D'],
      ['Plum', 'PLM', '#7A4A68'],
      ['Slate', 'SLT', '#6B7A87'],
    ] as const
  ).map(([name, code, hex]) => [name, { name, code, hex }]),
);

const colourSet = (...names: string[]): Colour[] => names.map((n) => COLOURS[n]!);
const CERAMIC = colourSet('Chalk', 'Sage', 'Ochre', 'Ink Blue', 'Terracotta', 'Charcoal', 'Blush');
const LINEN = colourSet('Natural', 'Oat', 'Sage', 'Rust', 'Ink Blue', 'Charcoal', 'Blush', 'Forest Green');
const KNIT = colourSet('Oat', 'Navy', 'Forest Green', 'Charcoal', 'Rust', 'Ochre');
const KIDS = colourSet('Mustard', 'Sky Blue', 'Tomato', 'Mint', 'Lilac');
const LAMP = colourSet('Chalk', 'Black', 'Sage', 'Ochre', 'Blush', 'Ink Blue');
const PAPER = colourSet('Ink Blue', 'Rust', 'Forest Green', 'Mustard', 'Black', 'Blush', 'Sage');
const BATH = colourSet('White', 'Sage', 'Sand', 'Sky Blue', 'Blush', 'Charcoal');
const COOKWARE = colourSet('Ink Blue', 'Terracotta', 'Sage', 'Charcoal', 'Mustard');

// ---------------------------------------------------------------------------------------------------
// Options: each product type names its option dimensions; a product gets every combination (at most 6).

interface OptionValue {
  label: string;
  code: string;
  /** Price multiplier against the product's base price. */
  mult: number;
  hex?: string;
}

interface OptionDim {
  name: 'size' | 'colour' | 'capacity' | 'pack' | 'scent';
  values: OptionValue[];
  /** How many values one product offers (a random subset); all when absent. */
  pickRange?: [number, number];
}

type ValueSpec = string | [label: string, code: string, mult?: number];

function values(specs: ValueSpec[]): OptionValue[] {
  return specs.map((s) =>
    typeof s === 'string'
      ? { label: s, code: s.toUpperCase().replace(/[^A-Z0-9]/g, ''), mult: 1 }
      : { label: s[0], code: s[1], mult: s[2] ?? 1 },
  );
}

const size = (...specs: ValueSpec[]): OptionDim => ({ name: 'size', values: values(specs) });
const capacity = (...specs: ValueSpec[]): OptionDim => ({ name: 'capacity', values: values(specs) });
const pack = (...specs: ValueSpec[]): OptionDim => ({ name: 'pack', values: values(specs) });
const scent = (min: number, max: number, ...specs: ValueSpec[]): OptionDim => ({ name: 'scent', values: values(specs), pickRange: [min, max] });
const colour = (set: Colour[], min: number, max: number): OptionDim => ({
  name: 'colour',
  values: set.map((c) => ({ label: c.name, code: c.code, mult: 1, hex: c.hex })),
  pickRange: [min, max],
});

const GENERIC_SIZES = size(['Small', 'S'], ['Medium', 'M', 1.4], ['Large', 'L', 1.85]);
const APPAREL_SML = size('S', 'M', 'L');
const APPAREL_FULL = size('XS', 'S', 'M', 'L', 'XL');

// ---------------------------------------------------------------------------------------------------
// The catalog itself.

interface CategoryDef {
  slug: string;
  name: string;
  description: string;
  /** Three letters in the SKU of products under this top-level category. */
  code?: string;
  children?: Omit<CategoryDef, 'children' | 'code'>[];
}

const CATEGORIES: CategoryDef[] = [
  {
    slug: 'kitchen',
    name: 'Kitchen',
    code: 'KIT',
    description: 'Hard-working tools and cookware for people who like to cook. Everything here is chosen to last for years, not seasons.',
    children: [
      { slug: 'cookware', name: 'Cookware', description: 'Pans, pots and casseroles in cast iron, steel and copper that go from hob to table.' },
      { slug: 'coffee-tea', name: 'Coffee & Tea', description: 'Drippers, teapots and grinders for a slower, better morning cup.' },
      { slug: 'baking', name: 'Baking', description: 'Tins, bowls and proving baskets for bread, cakes and weekend pâtisserie.' },
    ],
  },
  {
    slug: 'tableware',
    name: 'Tableware',
    code: 'TAB',
    description: 'Plates, bowls and serving pieces from small potteries and glassworks. Mix and match freely: the glazes are chosen to sit together.',
    children: [
      { slug: 'dinnerware', name: 'Dinnerware', description: 'Everyday plates, bowls and mugs in stoneware and porcelain, sold singly or in sets.' },
      { slug: 'glassware', name: 'Glassware', description: 'Tumblers, carafes and wine glasses, many of them mouth-blown from recycled glass.' },
    ],
  },
  {
    slug: 'textiles',
    name: 'Textiles',
    code: 'TEX',
    description: 'Linen, cotton and wool for every room, woven and finished to soften with use.',
    children: [
      { slug: 'bed-linen', name: 'Bed Linen', description: 'Duvet covers, sheets and pillowcases in stonewashed linen and crisp cotton percale.' },
      { slug: 'throws-cushions', name: 'Throws & Cushions', description: 'Wool throws and cushion covers to layer on sofas and beds through the colder months.' },
    ],
  },
  {
    slug: 'lighting',
    name: 'Lighting',
    code: 'LIG',
    description: 'Lamps, shades and bulbs that give a warm, low light. Bulbs are sold separately unless stated.',
    children: [
      { slug: 'table-lamps', name: 'Table Lamps', description: 'Bedside and desk lamps in ceramic, glass and metal.' },
      { slug: 'candles', name: 'Candles & Holders', description: 'Hand-poured candles in natural wax, and the holders and lanterns to put them in.' },
    ],
  },
  {
    slug: 'stationery',
    name: 'Stationery',
    code: 'STA',
    description: 'Paper goods and desk tools for letters, lists and plans. Our notebooks use FSC-certified paper.',
    children: [
      { slug: 'notebooks', name: 'Notebooks & Planners', description: 'Dot-grid, lined and plain notebooks, sketchbooks and undated planners.' },
      { slug: 'desk', name: 'Desk Accessories', description: 'Trays, organisers and bookends that keep a desk calm.' },
    ],
  },
  {
    slug: 'bath',
    name: 'Bath',
    code: 'BAT',
    description: 'Towels, soaps and small comforts for the bathroom, in natural materials.',
    children: [
      { slug: 'towels', name: 'Towels', description: 'Absorbent towels in organic cotton, waffle weave and linen.' },
      { slug: 'soaps', name: 'Soaps & Care', description: 'Plant-based soaps, hand washes and bath salts made in small batches.' },
    ],
  },
  {
    slug: 'garden',
    name: 'Garden',
    code: 'GAR',
    description: 'For balconies, window sills and back gardens: planters, tools and a few things for the birds.',
    children: [
      { slug: 'planters', name: 'Planters', description: 'Pots and planters for indoors and out, from classic terracotta to glazed ceramic.' },
      { slug: 'garden-tools', name: 'Garden Tools', description: 'Trowels, watering cans and secateurs that are a pleasure to use.' },
    ],
  },
  {
    slug: 'kids',
    name: 'Kids & Toys',
    code: 'KID',
    description: 'Toys and small things for children, made without plastic wherever we can. All toys meet the EN 71 safety standard.',
    children: [
      { slug: 'wooden-toys', name: 'Wooden Toys', description: 'Blocks, trains and pull-along toys in solid wood, finished with water-based paints.' },
      { slug: 'soft-toys', name: 'Soft Toys', description: 'Knitted and stitched companions in organic cotton and wool.' },
    ],
  },
  {
    slug: 'apparel',
    name: 'Apparel',
    code: 'APP',
    description: 'Simple, well-made clothes in natural fibres, cut to be worn for years.',
    children: [
      { slug: 'knitwear', name: 'Knitwear', description: 'Sweaters, cardigans, hats and socks knitted from merino, lambswool and alpaca.' },
      { slug: 'accessories', name: 'Bags & Accessories', description: 'Totes, scarves, belts and caps to finish an outfit.' },
    ],
  },
  {
    slug: 'home-decor',
    name: 'Home Décor',
    code: 'DEC',
    description: 'Vases, mirrors, frames and clocks: the finishing touches for a room.',
    children: [
      { slug: 'vases', name: 'Vases', description: 'Bud vases and statement vases in glass, stoneware and brass.' },
      { slug: 'frames-mirrors', name: 'Frames & Mirrors', description: 'Picture frames and wall mirrors in oak, rattan and brass.' },
    ],
  },
];

interface ProductType {
  /** Category slug (top-level or child). */
  cat: string;
  /** Noun of the name; "%" marks where the variety goes, otherwise the variety is a prefix. */
  noun: string;
  /** One product per variety (material, finish, style); '' for a name that is the noun alone. */
  kinds: string[];
  shape: ShapeName;
  options: OptionDim[];
  /** Base price range in euros. */
  price: [number, number];
  about: string;
  dims?: string;
  /** Care sentence when the material's own would not fit ('' for none). */
  care?: string;
}

const T = (
  cat: string,
  noun: string,
  kinds: string[],
  shape: ShapeName,
  options: OptionDim[],
  price: [number, number],
  about: string,
  dims?: string,
  care?: string,
): ProductType => ({ cat, noun, kinds, shape, options, price, about, dims, care });

const LAMP_CARE = 'Takes an E27 bulb of up to 40 W; our LED filament bulbs suit it well.';
const CANDLE_CARE = 'Never leave a burning candle unattended.';

const PRODUCT_TYPES: ProductType[] = [
  // Kitchen
  T('kitchen', 'Utensil Crock', ['Speckled Stoneware', 'Glazed Terracotta'], 'crock', [colour(CERAMIC, 1, 3)], [24, 38], 'Keeps spoons, spatulas and whisks within reach of the hob.', '15 cm tall and 12 cm across'),
  T('kitchen', 'Chopping Board', ['Olive Wood', 'Walnut End-Grain', 'Oak'], 'board', [GENERIC_SIZES], [28, 55], 'A generous, heavy board that stays put while you chop.', '2 cm thick; the medium board is 40 × 28 cm'),
  T('kitchen', 'Wooden Spoon Set', ['Beech', 'Cherry Wood'], 'utensils', [], [14, 26], 'A spoon, a spatula and a corner spoon for stirring risotto, scraping pans and serving.', 'three pieces, each 30 cm long'),
  T('kitchen', "Chef's Linen Apron", [''], 'apron', [colour(LINEN, 2, 4)], [39, 39], 'A full-length apron with a deep pocket for a towel and a thermometer.', 'one size, with adjustable cross-back straps'),
  T('kitchen', 'Spice Jar Set', ['Amber Glass', 'Clear Glass'], 'jars', [pack(['Set of 3', 'S3'], ['Set of 6', 'S6', 1.8])], [18, 22], 'Airtight jars with cork lids that keep spices fresh and in sight.', '120 ml per jar'),
  T('kitchen', 'Tea Towel Set', ['Striped Linen', 'Waffle Cotton'], 'towel', [colour(LINEN, 2, 3)], [16, 24], 'Lint-free towels that dry glasses without streaks.', 'two towels, each 50 × 70 cm'),
  // Cookware
  T('cookware', 'Cast Iron Skillet', ['Enamelled', 'Pre-Seasoned'], 'pan', [size(['20 cm', '20'], ['26 cm', '26', 1.35], ['30 cm', '30', 1.7])], [45, 69], 'Sears steak, bakes cornbread and goes straight into the oven.', 'the 26 cm pan weighs 2.6 kg'),
  T('cookware', 'Dutch Oven', ['Enamelled Cast Iron', 'Cast Iron'], 'pot', [colour(COOKWARE, 1, 3)], [140, 260], 'A heavy casserole for slow braises, stews and no-knead bread.', '24 cm across, holding 4.2 litres'),
  T('cookware', 'Saucepan', ['Copper-Clad', 'Stainless Steel'], 'saucepan', [size(['16 cm', '16'], ['18 cm', '18', 1.15], ['20 cm', '20', 1.3])], [55, 120], 'A saucepan with a pouring lip for sauces, grains and custards.', 'the 18 cm pan holds 2 litres'),
  T('cookware', 'Stockpot', ['Brushed Steel'], 'pot', [], [70, 110], 'Tall enough for stock, a pot of pasta or a whole batch of soup.', '9 litres, 26 cm across'),
  T('cookware', 'Wok', ['Carbon Steel'], 'wok', [], [42, 60], 'A thin, fast-heating wok that builds its own non-stick patina.', '32 cm across'),
  T('cookware', 'Crème Brûlée Ramekins', [''], 'ramekin', [pack(['Set of 4', 'S4'], ['Set of 6', 'S6', 1.4])], [18, 26], 'Shallow porcelain dishes for crème brûlée, baked eggs and little gratins.', '12 cm across and 3 cm deep'),
  T('cookware', 'Shallow Braiser', ['Enamelled Cast Iron'], 'pot', [colour(COOKWARE, 2, 3)], [120, 180], 'Browns on the hob, then braises in the oven under its self-basting lid.', '28 cm across, 3.5 litres'),
  // Coffee & Tea
  T('coffee-tea', 'Pour-Over Coffee Dripper', ['Stoneware', 'Porcelain'], 'dripper', [colour(CERAMIC, 1, 3)], [24, 38], 'Brews a clean, bright cup straight into your mug or carafe.', '11 cm tall, for size 02 filters'),
  T('coffee-tea', 'Teapot', ['Cast Iron', 'Speckled Stoneware'], 'teapot', [colour(CERAMIC, 1, 3)], [38, 95], 'A round-bellied teapot with a removable infuser for loose leaves.', '800 ml, about four cups'),
  T('coffee-tea', 'Coffee Grinder', ['Hand-Crank Walnut'], 'grinder', [], [65, 89], 'Ceramic burrs grind evenly from espresso-fine to French-press coarse.', '18 cm tall, holding 40 g of beans'),
  T('coffee-tea', 'Tea Canister', ['Tin', 'Ceramic'], 'canister', [colour(CERAMIC, 1, 3)], [12, 22], 'A snug-lidded canister that keeps tea dry and away from light.', 'holds 100 g of loose tea', 'Wipe clean with a dry cloth.'),
  T('coffee-tea', 'Milk Jug', ['Stainless Steel', 'Enamel'], 'jug', [capacity(['350 ml', '350ML'], ['600 ml', '600ML', 1.25])], [18, 28], 'A sharp spout for latte art and a steady pour at the table.'),
  T('coffee-tea', 'French Press', ['Borosilicate Glass', 'Matte Black'], 'press', [capacity(['350 ml', '350ML'], ['800 ml', '800ML', 1.25], ['1 l', '1L', 1.4])], [32, 48], 'A four-minute brew with body; the fine mesh filter keeps grounds out of your cup.'),
  T('coffee-tea', 'Matcha Whisk Set', ['Bamboo'], 'whisk', [], [24, 32], 'A hundred-prong whisk, a scoop and a whisk rest for frothy, lump-free matcha.'),
  // Baking
  T('baking', 'Loaf Tin', ['Carbon Steel', 'Enamel'], 'tin', [size(['1 lb', '1LB'], ['2 lb', '2LB', 1.25])], [14, 24], 'Straight-sided tin for sandwich loaves, banana bread and terrines.', 'the 2 lb tin is 23 × 13 cm'),
  T('baking', 'Mixing Bowl', ['Speckled Stoneware', 'Stainless Steel', 'Glass'], 'bowl', [GENERIC_SIZES], [18, 32], 'A deep, steady bowl for doughs, batters and salads.'),
  T('baking', 'Rolling Pin', ['French Beech', 'Marble'], 'rollingpin', [], [16, 42], 'Tapered ends for turning and rolling pastry evenly.', '50 cm long'),
  T('baking', 'Pâtisserie Piping Set', [''], 'piping', [], [19, 24], 'Twelve steel nozzles and two reusable bags for choux, meringues and icing.'),
  T('baking', 'Proving Basket', ['Rattan'], 'basket', [size(['Round 22 cm', 'R22'], ['Oval 25 cm', 'O25', 1.1])], [18, 26], 'Gives sourdough its floury spiral and holds its shape while it proves.'),
  T('baking', 'Cooling Rack', ['Wire'], 'rack', [], [14, 22], 'Raised feet let air under cakes and biscuits so they cool without going soggy.', '40 × 25 cm'),
  T('baking', 'Cake Stand', ['Footed Porcelain', 'Glass-Domed'], 'cakestand', [], [34, 68], 'Lifts a cake to the centre of the table.', '28 cm across'),
  // Tableware
  T('tableware', 'Serving Platter', ['Stoneware', 'Olive Wood', 'Marble'], 'platter', [], [32, 68], 'A long platter for roasts, cheeses and everything in between.', '40 × 25 cm'),
  T('tableware', 'Salad Servers', ['Acacia', 'Horn-Handled'], 'servers', [], [18, 34], 'Broad heads that lift leaves without bruising them.', '30 cm long'),
  T('tableware', 'Linen Napkins', ['Stonewashed', 'Hemstitched'], 'napkin', [colour(LINEN, 1, 4)], [22, 36], 'Soft, generous napkins that only get better in the wash.', 'a set of four, each 45 × 45 cm'),
  T('tableware', 'Table Runner', ['Linen', 'Block-Printed Cotton'], 'napkin', [colour(LINEN, 1, 3)], [28, 46], 'A long runner to dress a table for every day or for guests.', '40 × 180 cm'),
  T('tableware', 'Butter Dish', ['Glazed Stoneware'], 'dish', [colour(CERAMIC, 2, 3)], [22, 28], 'Holds a standard block of butter and keeps it spreadable on the counter.'),
  T('tableware', 'Café au Lait Bowls', [''], 'bowl', [colour(CERAMIC, 2, 3)], [24, 36], 'Wide, handle-free bowls for the breakfast coffee you dunk your tartine in.', 'a pair of 14 cm bowls'),
  // Dinnerware
  T('dinnerware', 'Dinner Plate', ['Reactive Glaze', 'Speckled Stoneware', 'White Porcelain'], 'plate', [pack(['Single', '1'], ['Set of 4', 'S4', 3.6])], [12, 24], 'A generous plate with a low rim that keeps sauces where they belong.', '27 cm across'),
  T('dinnerware', 'Side Plate', ['Speckled Stoneware', 'Hand-Painted'], 'plate', [pack(['Single', '1'], ['Set of 4', 'S4', 3.6])], [9, 16], 'For bread, cake and small plates to share.', '20 cm across'),
  T('dinnerware', 'Pasta Bowl', ['Stoneware', 'Porcelain'], 'bowl', [colour(CERAMIC, 1, 3)], [14, 22], 'Wide and shallow, for pasta, risotto and big salads.', '23 cm across'),
  T('dinnerware', 'Espresso Cup & Saucer', ['Porcelain', 'Stoneware'], 'cup', [pack(['Single', '1'], ['Set of 2', 'S2', 1.9])], [10, 18], 'A thick-walled cup that keeps an espresso hot to the last sip.', '90 ml'),
  T('dinnerware', 'Mug', ['Speckled Stoneware', 'Dipped-Glaze', 'Enamel Camping'], 'mug', [colour(CERAMIC, 1, 4)], [14, 24], 'A well-balanced mug with a handle that fits three fingers.', '350 ml'),
  T('dinnerware', 'Cutlery Set', ['Brushed Steel', 'Matte Black', 'Brass-Finish'], 'cutlery', [pack(['16-piece', 'P16'], ['24-piece', 'P24', 1.45])], [65, 120], 'Weighty, well-balanced cutlery for four or six.'),
  // Glassware
  T('glassware', 'Tumbler Set', ['Recycled Glass', 'Ribbed Glass', 'Smoked Glass'], 'tumbler', [pack(['Set of 2', 'S2'], ['Set of 4', 'S4', 1.8], ['Set of 6', 'S6', 2.5])], [18, 26], 'Sturdy tumblers for water, juice or a short drink.', '300 ml each'),
  T('glassware', 'Wine Glasses', ['Hand-Blown', 'Stemless'], 'wineglass', [pack(['Pair', 'P2'], ['Set of 4', 'S4', 1.9])], [28, 42], 'Thin rims and a generous bowl that lets the wine open up.', '450 ml'),
  T('glassware', 'Water Carafe', ['Borosilicate', 'Fluted Glass'], 'carafe', [], [22, 38], 'A carafe for the table or the bedside, with a glass that doubles as a lid.', '1 litre'),
  T('glassware', 'Champagne Coupes', ['Etched Crystal'], 'wineglass', [], [42, 68], 'A pair of vintage-style coupes for celebrations large and small.'),
  T('glassware', 'Pitcher', ['Recycled Glass'], 'jug', [], [26, 34], 'A jug for water, lemonade or a bunch of garden flowers.', '1.2 litres'),
  // Textiles
  T('textiles', 'Curtain Panel', ['Washed Linen', 'Blackout Cotton'], 'curtain', [size(['140 × 250 cm', '250'], ['140 × 280 cm', '280', 1.15]), colour(LINEN, 1, 3)], [48, 95], 'Hangs in soft, heavy folds and filters the light beautifully.'),
  T('textiles', 'Rug', ['Hand-Woven Jute', 'Flatweave Wool'], 'rug', [size(['120 × 180 cm', '120'], ['160 × 230 cm', '160', 1.6], ['200 × 300 cm', '200', 2.6])], [110, 149], 'A hard-wearing rug that anchors a room without shouting.'),
  T('textiles', 'Laundry Bag', ['Cotton Canvas'], 'tote', [colour(LINEN, 1, 2)], [14, 22], 'A roomy drawstring bag for laundry, toys or travel.', '50 × 70 cm'),
  // Bed linen
  T('bed-linen', 'Duvet Cover', ['Stonewashed Linen', 'Cotton Percale', 'Cotton Sateen'], 'bed', [size(['Single', 'SGL'], ['Double', 'DBL', 1.3], ['King', 'KNG', 1.55]), colour(LINEN, 1, 2)], [69, 129], 'Breathable, soft and closed with hidden buttons.'),
  T('bed-linen', 'Pillowcase Pair', ['Linen', 'Organic Cotton'], 'pillows', [colour(LINEN, 1, 4)], [24, 39], 'Envelope-closed pillowcases that stay put through the night.', '50 × 75 cm each'),
  T('bed-linen', 'Fitted Sheet', ['Cotton Percale'], 'bed', [size(['Single', 'SGL'], ['Double', 'DBL', 1.25], ['King', 'KNG', 1.45])], [35, 49], 'Deep elasticated corners fit mattresses up to 35 cm thick.'),
  T('bed-linen', 'Waffle Bedspread', ['Cotton'], 'throw', [colour(LINEN, 1, 3)], [89, 129], 'A light, textured layer for the end of the bed or for summer nights.', '240 × 260 cm'),
  // Throws & cushions
  T('throws-cushions', 'Throw', ['Merino Wool', 'Herringbone Wool', 'Chunky Cotton Knit'], 'throw', [colour(KNIT, 1, 3)], [59, 149], 'Warm without weight, for the sofa or the foot of the bed.', '130 × 180 cm'),
  T('throws-cushions', 'Cushion Cover', ['Velvet', 'Linen', 'Embroidered Cotton'], 'cushion', [size(['45 × 45 cm', '45'], ['50 × 50 cm', '50', 1.15]), colour(LINEN, 1, 3)], [22, 39], 'A zipped cover that fits our feather pads and most others.'),
  T('throws-cushions', 'Floor Cushion', ['Bouclé'], 'cushion', [colour(KNIT, 1, 3)], [79, 95], 'A plump, oversized cushion for reading corners and extra guests.', '70 × 70 cm'),
  // Lighting
  T('lighting', 'Pendant Shade', ['Rattan', 'Pleated Linen', 'Spun Aluminium'], 'pendant', [size(['30 cm', '30'], ['45 cm', '45', 1.4])], [45, 95], 'Casts a warm pool of light over a dining table or kitchen island.', undefined, 'Fits a standard E27 lamp holder; the ceiling rose and cord are included.'),
  T('lighting', 'Floor Lamp', ['Brass Arc', 'Oak Tripod'], 'floorlamp', [], [149, 329], 'A reading light that reaches over the sofa.', '165 cm tall', LAMP_CARE),
  T('lighting', 'LED Filament Bulb', ['Globe', 'Squirrel-Cage'], 'bulb', [pack(['Single', '1'], ['Pack of 3', 'P3', 2.6])], [6, 9], 'A dimmable 4 W bulb with the warm glow of a filament lamp.', 'E27 fitting, 2200 K'),
  T('lighting', 'String Lights', ['Festoon', 'Paper Lantern'], 'stringlights', [], [18, 42], 'Ten warm-white lights for a balcony, a pergola or a bookshelf.', '5 m long'),
  // Table lamps
  T('table-lamps', 'Table Lamp', ['Ceramic Gourd', 'Opal Glass Mushroom', 'Brass Reading', 'Cordless Aluminium'], 'lamp', [colour(LAMP, 1, 3)], [69, 189], 'A soft, even light for a side table or a desk.', '42 cm tall', LAMP_CARE),
  T('table-lamps', 'Clip Lamp', ['Enamel'], 'lamp', [colour(LAMP, 2, 4)], [39, 49], 'Clips to shelves, headboards and desks and points where you need it.', undefined, LAMP_CARE),
  T('table-lamps', 'Bedside Lamp', ['Pleated Shade'], 'lamp', [colour(LAMP, 1, 3)], [59, 79], 'A small lamp with a touch dimmer for reading in bed.', '32 cm tall', LAMP_CARE),
  // Candles
  T('candles', 'Scented Candle', ['Soy Wax', 'Beeswax Blend'], 'candle', [scent(2, 4, ['Fig Leaf', 'FIG'], ['Cedar & Smoke', 'CED'], ['Neroli', 'NER'], ['Lavender', 'LAV'], ['Amber', 'AMB'])], [18, 36], 'Hand-poured with a cotton wick and a clean, even burn.', 'about 45 hours of burning'),
  T('candles', 'Taper Candles', ['Dip-Dyed', 'Pure Beeswax'], 'tapers', [pack(['Pair', 'P2'], ['Set of 6', 'S6', 2.6])], [8, 16], 'Drip-free tapers for candlesticks and long dinners.', '25 cm tall', CANDLE_CARE),
  T('candles', 'Candle Holder', ['Brass', 'Cast Iron', 'Ceramic'], 'candlestick', [], [14, 34], 'Fits standard taper candles and steadies them with a snug cup.', undefined, CANDLE_CARE),
  T('candles', 'Storm Lantern', ['Galvanised Steel', 'Glass Hurricane'], 'lantern', [size(['Small', 'S'], ['Medium', 'M', 1.3], ['Large', 'L', 1.6])], [28, 42], 'Keeps a candle burning on a breezy terrace.', undefined, CANDLE_CARE),
  // Stationery
  T('stationery', 'Greeting Card Set', ['Letterpress', 'Botanical Print'], 'card', [pack(['Pack of 5', 'P5'], ['Pack of 10', 'P10', 1.8])], [8, 16], 'Blank inside for your own words, with kraft envelopes.', 'A6'),
  T('stationery', 'Wrapping Paper', ['Recycled Kraft', 'Block-Print'], 'paperroll', [], [6, 12], 'Sturdy paper that folds crisply and can be wrapped again.', 'a 5 m roll, 50 cm wide'),
  T('stationery', 'Fountain Pen', ['Lacquered Brass', 'Resin'], 'pen', [colour(PAPER, 1, 3)], [29, 89], 'A steel medium nib that writes smoothly from the first line; takes standard cartridges.'),
  T('stationery', 'Pencil Set', ['Cedar Graphite', 'Watercolour'], 'pencils', [pack(['Set of 6', 'S6'], ['Set of 12', 'S12', 1.7])], [6, 14], 'Pencils that sharpen cleanly and lay down an even line.'),
  T('stationery', 'Washi Tape Set', ['Botanical'], 'tape', [], [9, 12], 'Five rolls of paper tape for journals, parcels and walls.'),
  // Notebooks
  T('notebooks', 'Notebook', ['A5 Dot-Grid', 'A5 Lined', 'Linen-Bound', 'Pocket Plain'], 'notebook', [colour(PAPER, 1, 4)], [9, 28], 'Lays flat when open, with numbered pages and a ribbon marker.', '192 pages'),
  T('notebooks', 'Sketchbook', ['Hardback', 'Spiral Watercolour'], 'notebook', [size(['A5', 'A5'], ['A4', 'A4', 1.45])], [12, 26], 'Heavy paper that takes pencil, ink and a light wash.', '160 gsm paper'),
  T('notebooks', 'Weekly Planner', ['Undated', 'Cloth-Bound'], 'notebook', [colour(PAPER, 1, 3)], [16, 24], 'A week on two pages, with room for lists, habits and notes.'),
  T('notebooks', "Gardener's Journal", [''], 'notebook', [], [22, 22], 'Month-by-month pages for sowing, planting and harvest notes.', '144 pages'),
  // Desk
  T('desk', 'Desk Organiser', ['Oak', 'Powder-Coated Steel'], 'organiser', [], [24, 58], 'Compartments for pens, cards and the phone that keep a desk clear.', undefined, ''),
  T('desk', 'Letter Tray', ['Walnut', 'Stackable Steel'], 'tray', [], [19, 42], 'Holds A4 paper and post that needs an answer.', undefined, ''),
  T('desk', 'Bookends', ['Marble', 'Cast Iron'], 'bookends', [], [28, 48], 'A heavy pair that holds up a shelf of hardbacks.', undefined, ''),
  T('desk', 'Pen Pot', ['Terrazzo', 'Leather'], 'penpot', [], [12, 22], 'Keeps pens, pencils and scissors upright and to hand.', '10 cm tall'),
  T('desk', 'Perpetual Calendar', ['Oak'], 'calendar', [], [24, 32], 'Turn the blocks each morning; it never needs replacing.', undefined, ''),
  // Bath
  T('bath', 'Bath Mat', ['Waffle Cotton', 'Tufted Cotton'], 'bathmat', [colour(BATH, 1, 3)], [24, 45], 'Thick, quick-drying and heavy enough not to slide.', '50 × 80 cm'),
  T('bath', 'Duckboard Bath Mat', ['Teak'], 'duckboard', [], [59, 75], 'Oiled teak slats that drain and dry between showers.', '50 × 80 cm'),
  T('bath', 'Soap Dish', ['Marble', 'Ceramic', 'Teak'], 'soapdish', [], [9, 22], 'Lets soap drain and dry so it lasts longer.'),
  T('bath', 'Toothbrush Cup', ['Terrazzo', 'Stoneware'], 'toothcup', [], [12, 18], 'A weighty cup that will not tip when you reach for it.'),
  T('bath', 'Bathrobe', ['Waffle', 'Cotton Terry'], 'robe', [size(['S/M', 'SM'], ['L/XL', 'LXL', 1.08]), colour(BATH, 1, 2)], [69, 119], 'A mid-length robe with deep pockets and a shawl collar.'),
  T('bath', 'Storage Basket', ['Seagrass'], 'basket', [GENERIC_SIZES], [18, 26], 'Woven baskets for towels, toys or laundry.'),
  // Towels
  T('towels', 'Bath Towel', ['Organic Cotton', 'Linen'], 'towel', [colour(BATH, 2, 4)], [22, 48], 'Absorbent and fast-drying, with a hanging loop.', '70 × 140 cm'),
  T('towels', 'Hammam Towel', ['Turkish Cotton'], 'towel', [colour(BATH, 2, 4)], [24, 32], 'Light and thin enough for the beach, the gym or the guest room.', '100 × 180 cm'),
  T('towels', 'Hand Towel Pair', ['Waffle', 'Terry'], 'towel', [colour(BATH, 2, 3)], [16, 26], 'Two hand towels that dry quickly between washes.', '50 × 90 cm each'),
  T('towels', 'Beach Towel', ['Striped Cotton'], 'towel', [colour(BATH, 1, 3)], [32, 45], 'A big, bold towel that shakes free of sand.', '100 × 180 cm'),
  // Soaps
  T('soaps', 'Soap', ['Provençal Lavender', 'Oat & Honey', 'Olive Oil', 'Charcoal'], 'soap', [pack(['Single bar', '1'], ['Three bars', 'P3', 2.7])], [5, 8], 'A cold-process soap made with plant oils and no palm oil.', '100 g per bar'),
  T('soaps', 'Hand Wash', ['Rosemary & Mint', 'Neroli'], 'pumpbottle', [capacity(['300 ml', '300ML'], ['500 ml', '500ML', 1.5])], [12, 18], 'A gentle, plant-based hand wash in a refillable amber bottle.'),
  T('soaps', 'Bath Salts', ['Dead Sea', 'Eucalyptus Epsom'], 'jar', [], [14, 24], 'Mineral salts with essential oils for a long, slow soak.', '500 g'),
  T('soaps', 'Body Brush', ['Beech & Sisal'], 'brush', [], [12, 18], 'Firm natural bristles for dry brushing before a shower.'),
  // Garden
  T('garden', 'Bird Feeder', ['Hanging Copper', 'Cedar'], 'birdhouse', [], [19, 48], 'Seeds stay dry under the roof, and small birds get a perch of their own.', undefined, 'Clean it out every few weeks with hot water.'),
  T('garden', "Gardener's Kneeling Pad", [''], 'kneeler', [colour(colourSet('Sage', 'Rust', 'Ink Blue'), 1, 3)], [16, 16], 'Thick, waterproof foam that saves your knees while you weed.', '42 × 25 cm'),
  T('garden', 'Seed Starter Kit', ['Herb', 'Wildflower'], 'seedbox', [], [14, 22], 'Everything you need to start a window-sill garden, seeds included.'),
  T('garden', 'Outdoor Cushion', ['Water-Resistant'], 'cushion', [colour(colourSet('Sage', 'Ochre', 'Ink Blue', 'Terracotta'), 1, 4)], [34, 34], 'A weatherproof cushion for garden chairs and benches.', '45 × 45 cm'),
  // Planters
  T('planters', 'Plant Pot', ['Terracotta', 'Glazed Ceramic', 'Concrete', 'Speckled Stoneware'], 'plantpot', [size(['Small', 'S'], ['Medium', 'M', 1.6], ['Large', 'L', 2.4])], [9, 28], 'A classic pot with a drainage hole and a matching saucer.', undefined, 'Empty any standing water in winter so frost cannot crack it.'),
  T('planters', 'Hanging Planter', ['Macramé', 'Ceramic'], 'hangingplanter', [], [19, 38], 'Lifts trailing plants up to the light and off the window sill.', undefined, 'Water sparingly: there is no drainage hole.'),
  T('planters', 'Jardinière Planter', ['Zinc'], 'trough', [], [48, 72], 'A long trough for herbs on a sill or bulbs on a table.', '60 × 18 cm'),
  T('planters', 'Plant Stand', ['Mid-Century Oak'], 'plantstand', [], [39, 59], 'Raises a potted plant to eye level; fits pots up to 24 cm.', undefined, ''),
  // Garden tools
  T('garden-tools', 'Hand Trowel', ['Stainless Steel', 'Copper'], 'trowel', [], [16, 36], 'A forged blade and an ash handle for planting and potting on.'),
  T('garden-tools', 'Watering Can', ['Galvanised', 'Indoor Powder-Coated'], 'wateringcan', [capacity(['1.5 l', '1L5'], ['5 l', '5L', 1.7])], [24, 34], 'A long spout and a fine rose for seedlings and house plants.'),
  T('garden-tools', 'Pruning Secateurs', ['Forged Steel'], 'secateurs', [], [28, 42], 'Bypass blades that cut stems cleanly up to 2 cm thick.'),
  T('garden-tools', 'Garden Gloves', ['Leather', 'Cotton Canvas'], 'gloves', [size(['S', 'S'], ['M', 'M'], ['L', 'L'])], [14, 26], 'Tough enough for roses, supple enough for seeds.'),
  T('garden-tools', 'Garden Twine', ['Jute'], 'twine', [pack(['Single', '1'], ['Pack of 3', 'P3', 2.6])], [3.5, 5], 'Soft, strong twine for tying in climbers and tomatoes.', '100 m', ''),
  T('garden-tools', 'Plant Labels', ['Copper', 'Slate'], 'labels', [pack(['Pack of 10', 'P10'], ['Pack of 25', 'P25', 2])], [6, 14], 'Write on them with a pencil and they last the season.'),
  // Kids
  T('kids', "Kids' Bamboo Picnic Set", [''], 'kidsplate', [colour(KIDS, 2, 4)], [24, 24], 'A plate, a bowl, a cup and a spoon that survive being dropped.'),
  T('kids', 'Crayon Set', ['Beeswax'], 'crayons', [pack(['Set of 8', 'S8'], ['Set of 16', 'S16', 1.6])], [9, 14], 'Chunky crayons that are easy for small hands to hold.'),
  T('kids', 'Night Light', ['Moon', 'Cloud'], 'nightlight', [], [24, 32], 'A soft, rechargeable glow that dims itself after half an hour.'),
  T('kids', "Children's Backpack", ['Canvas'], 'backpack', [colour(KIDS, 2, 4)], [29, 34], 'Sized for a lunch box, a drink and a favourite toy.'),
  T('kids', 'Jigsaw Puzzle', ['World Map', 'Wooden Animal'], 'puzzle', [], [14, 24], 'Thick pieces that fit together with a satisfying click.'),
  // Wooden toys
  T('wooden-toys', 'Stacking Blocks', ['Beech Wood', 'Rainbow'], 'blocks', [], [19, 39], 'Smooth, solid blocks for towers, bridges and knocking down again.', 'a set of 24 pieces', 'Wipe clean with a damp cloth.'),
  T('wooden-toys', "Children's Wooden Train", [''], 'train', [], [34, 49], 'An engine and two carriages joined by magnets.'),
  T('wooden-toys', 'Wooden Pull-Along %', ['Duck', 'Dachshund'], 'pullalong', [], [22, 29], 'A cheerful companion for first steps, with rubber-rimmed wheels.'),
  T('wooden-toys', 'Play Kitchen Set', ['Wooden'], 'playkitchen', [], [45, 89], 'Pots, pans and a wooden stove top for serious pretend cooking.', undefined, 'Wipe clean with a damp cloth.'),
  // Soft toys
  T('soft-toys', 'Bear', ['Knitted Alpaca', 'Organic Cotton'], 'teddy', [], [29, 45], 'A huggable bear with embroidered eyes, safe from birth.', '30 cm tall'),
  T('soft-toys', 'Rabbit', ['Knitted', 'Linen'], 'rabbit', [], [24, 36], 'Long ears, soft paws and a very calm expression.', '35 cm tall'),
  // Apparel
  T('apparel', 'T-Shirt', ['Organic Cotton', 'Heavyweight Pocket'], 'tshirt', [APPAREL_SML, colour(KNIT, 1, 2)], [24, 38], 'A relaxed fit in a fabric that holds its shape wash after wash.'),
  T('apparel', 'Work Shirt', ['Chambray', 'Linen'], 'shirt', [size('S', 'M', 'L', 'XL')], [59, 89], 'A classic shirt with two chest pockets and a straight hem.'),
  T('apparel', 'Overshirt', ['Needlecord'], 'shirt', [APPAREL_SML, colour(KNIT, 1, 2)], [79, 79], 'A warm layer between a shirt and a coat.'),
  T('apparel', 'Smock Dress', ['Linen'], 'dress', [size('XS', 'S', 'M', 'L')], [89, 120], 'A loose, easy dress with deep pockets and a gathered yoke.'),
  // Knitwear
  T('knitwear', 'Sweater', ['Merino Crew-Neck', 'Fisherman Rib', 'Lambswool'], 'sweater', [APPAREL_FULL, colour(KNIT, 1, 1)], [79, 159], 'Knitted to last, soft enough to wear next to the skin.'),
  T('knitwear', 'Cardigan', ['Alpaca Blend'], 'cardigan', [size('S', 'M', 'L'), colour(KNIT, 1, 2)], [129, 129], 'A light, warm cardigan with horn buttons.'),
  T('knitwear', 'Beanie', ['Ribbed Merino', 'Cashmere-Blend'], 'beanie', [colour(KNIT, 2, 4)], [24, 59], 'A close-fitting hat with a deep turn-up.', 'one size'),
  T('knitwear', 'Socks', ['Wool Hiking', 'Ribbed Cotton'], 'socks', [size(['36–39', '3639'], ['40–43', '4043'], ['44–46', '4446'])], [9, 22], 'Cushioned soles and reinforced heels for all-day comfort.'),
  // Accessories
  T('accessories', 'Tote Bag', ['Waxed Canvas', 'Natural Cotton', 'Leather-Handled'], 'tote', [colour(KNIT, 1, 3)], [18, 89], 'Big enough for the market, the library or a laptop.', '40 × 38 cm'),
  T('accessories', 'Scarf', ['Lambswool Check', 'Silk-Blend'], 'scarf', [colour(KNIT, 1, 3)], [39, 89], 'A long scarf that wraps twice and never itches.', '190 × 35 cm'),
  T('accessories', 'Leather Belt', ['Vegetable-Tanned'], 'belt', [size(['80 cm', '80'], ['90 cm', '90'], ['100 cm', '100'])], [45, 59], 'A solid brass buckle on a belt cut from one piece of leather.'),
  T('accessories', 'Cap', ['Waxed Cotton'], 'cap', [colour(KNIT, 2, 3)], [29, 29], 'A six-panel cap with an adjustable leather strap.'),
  // Home décor
  T('home-decor', 'Wall Clock', ['Oak', 'Concrete'], 'clock', [], [39, 69], 'A silent sweep movement, so it never ticks.', '30 cm across', 'Runs on one AA battery, included.'),
  T('home-decor', 'Dried Flower Bunch', ['Pampas', 'Lavender'], 'dried', [], [18, 32], 'Dried flowers that last for months without water.'),
  T('home-decor', 'Storage Box', ['Lidded Linen'], 'box', [GENERIC_SIZES], [24, 32], 'Covered boxes for shelves, for everything that has no home.', undefined, ''),
  // Vases
  T('vases', 'Bud Vase', ['Ribbed Glass', 'Stoneware', 'Brass'], 'budvase', [], [14, 32], 'For a single stem from the garden or the market.', '12 cm tall', 'Watertight; wipe clean with a soft cloth.'),
  T('vases', 'Vase', ['Tall Ceramic', 'Recycled Glass', 'Terrazzo'], 'vase', [], [34, 89], 'A statement vase for branches and big bunches.', '30 cm tall', 'Watertight; wipe clean with a soft cloth.'),
  // Frames & mirrors
  T('frames-mirrors', 'Picture Frame', ['Oak', 'Brass'], 'frame', [size(['13 × 18 cm', '1318'], ['A4', 'A4', 1.4], ['30 × 40 cm', '3040', 1.9])], [16, 28], 'Glazed with real glass, with a mount and hooks for hanging or standing.', undefined, ''),
  T('frames-mirrors', 'Round Mirror', ['Rattan', 'Brass-Framed'], 'mirror', [size(['50 cm', '50'], ['70 cm', '70', 1.45])], [59, 149], 'Bounces light around a hallway or a small room.', undefined, ''),
];

// ---------------------------------------------------------------------------------------------------
// Descriptions: the type's own sentence, then material, size and care sentences chosen by keyword.

interface Material {
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

function kindHex(text: string): string | undefined {
  const lower = text.toLowerCase();
  return KIND_HEX.find(([k]) => lower.includes(k))?.[1];
}

function materialFor(text: string): Material | null {
  const lower = text.toLowerCase();
  return MATERIALS.find((m) => m.keys.some((k) => lower.includes(k))) ?? null;
}

function describe(rng: Rng, type: ProductType, kind: string): string {
  const material = materialFor(`${kind} ${type.noun}`);
  const sentences = [type.about, material ? pick(rng, material.made) : pick(rng, GENERIC_MADE)];
  if (type.dims && rng() < 0.7) sentences.push(`${type.dims[0]!.toUpperCase()}${type.dims.slice(1)}.`);
  const care = type.care ?? material?.care ?? '';
  if (care && (sentences.length < 3 || rng() < 0.5)) sentences.push(care);
  return sentences.join(' ');
}

// ---------------------------------------------------------------------------------------------------
// Artwork: flat, softly shaded SVG illustrations, one generator per kind of product.

interface Paint {
  main: string;
  dark: string;
  light: string;
  /** A second colour for toys and patterned pieces. */
  second: string;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(a: string, b: string, t: number): string {
  const [r1, g1, b1] = hexToRgb(a);
  const [r2, g2, b2] = hexToRgb(b);
  const c = (x: number, y: number) => Math.round(x + (y - x) * t).toString(16).padStart(2, '0');
  return `#${c(r1, r2)}${c(g1, g2)}${c(b1, b2)}`;
}

const darker = (hex: string, t = 0.28) => mix(hex, '#1d1a17', t);
const lighter = (hex: string, t = 0.4) => mix(hex, '#ffffff', t);

const WOOD = '#C99E6C';
const WOOD_DARK = '#8E643F';
const METAL = '#B7BCC1';
const BRASS = '#C9A55C';
const LEAF = '#5E8C5A';
const LEAF_DARK = '#3F6A45';
const FLAME = '#F4B740';
const GLASS = '#D4E7EA';
const INK = '#2F2B28';
const PAPER_WHITE = '#FBF8F2';

// Small builders: a shape drawn in a colour, optionally with the shared light-to-shade overlay for volume.
const shade = (el: string) => el.replace(/fill="[^"]*"/, 'fill="url(#v)"');
const path = (d: string, fill: string, extra = '') => `<path d="${d}" fill="${fill}"${extra}/>`;
const vpath = (d: string, fill: string, extra = '') => path(d, fill, extra) + shade(path(d, fill));
const rect = (x: number, y: number, w: number, h: number, r: number, fill: string, extra = '') =>
  `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${r}" fill="${fill}"${extra}/>`;
const vrect = (x: number, y: number, w: number, h: number, r: number, fill: string, extra = '') =>
  rect(x, y, w, h, r, fill, extra) + shade(rect(x, y, w, h, r, fill));
const ellipse = (cx: number, cy: number, rx: number, ry: number, fill: string, extra = '') =>
  `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="${fill}"${extra}/>`;
const vellipse = (cx: number, cy: number, rx: number, ry: number, fill: string, extra = '') =>
  ellipse(cx, cy, rx, ry, fill, extra) + shade(ellipse(cx, cy, rx, ry, fill));
const circle = (cx: number, cy: number, r: number, fill: string, extra = '') => `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}"${extra}/>`;
const line = (d: string, stroke: string, width: number, extra = '') =>
  `<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"${extra}/>`;
const group = (transform: string, body: string) => `<g transform="${transform}">${body}</g>`;
const op = (o: number) => ` opacity="${o}"`;

function flame(x: number, y: number, s = 1): string {
  return (
    circle(x, y - 14 * s, 46 * s, FLAME, op(0.18)) +
    path(`M${x} ${y - 46 * s} Q${x + 14 * s} ${y - 18 * s} ${x + 9 * s} ${y - 6 * s} Q${x} ${y + 4 * s} ${x - 9 * s} ${y - 6 * s} Q${x - 14 * s} ${y - 18 * s} ${x} ${y - 46 * s}Z`, FLAME) +
    ellipse(x, y - 12 * s, 4 * s, 9 * s, '#FFF3C9')
  );
}

function leaves(cx: number, cy: number, count: number, len: number, spread: number): string {
  let out = '';
  for (let i = 0; i < count; i++) {
    const angle = -spread / 2 + (spread * i) / Math.max(1, count - 1);
    const l = len * (0.75 + 0.25 * Math.cos((i * 2.1) % 3));
    const fill = i % 2 ? LEAF : LEAF_DARK;
    out += group(`rotate(${angle.toFixed(1)} ${cx} ${cy})`, path(`M${cx} ${cy} Q${cx + l * 0.32} ${cy - l * 0.55} ${cx} ${cy - l} Q${cx - l * 0.32} ${cy - l * 0.55} ${cx} ${cy}Z`, fill) + line(`M${cx} ${cy} L${cx} ${cy - l * 0.85}`, '#ffffff', 2, op(0.25)));
  }
  return out;
}

function cube(x: number, y: number, s: number, fill: string, mark: string): string {
  const h = s * 0.5;
  return (
    path(`M${x} ${y} L${x + s} ${y - h} L${x + 2 * s} ${y} L${x + s} ${y + h}Z`, lighter(fill, 0.3)) +
    path(`M${x} ${y} L${x + s} ${y + h} L${x + s} ${y + h + s} L${x} ${y + s}Z`, fill) +
    path(`M${x + s} ${y + h} L${x + 2 * s} ${y} L${x + 2 * s} ${y + s} L${x + s} ${y + h + s}Z`, darker(fill, 0.18)) +
    circle(x + s * 0.5, y + s * 0.75, s * 0.18, mark, op(0.85))
  );
}

function garment(p: Paint, sleeves: 'short' | 'long', collar: 'crew' | 'shirt' | 'open', length = 620): string {
  const body =
    sleeves === 'short'
      ? `M310 215 L240 240 L170 335 L232 380 L280 340 L280 ${length} L520 ${length} L520 340 L568 380 L630 335 L560 240 L490 215 Q400 262 310 215Z`
      : `M310 215 L245 238 Q205 258 195 330 L170 590 L226 598 L268 370 L280 340 L280 ${length} L520 ${length} L520 340 L532 370 L574 598 L630 590 L605 330 Q595 258 555 238 L490 215 Q400 262 310 215Z`;
  let out = vpath(body, p.main);
  if (sleeves === 'long') out += path('M170 590 L226 598 L222 620 L167 612Z', p.dark) + path('M630 590 L574 598 L578 620 L633 612Z', p.dark);
  if (collar === 'crew') out += line('M310 215 Q400 262 490 215', p.dark, 14);
  if (collar === 'shirt') {
    out += path('M310 215 L400 262 L355 300Z', p.light) + path('M490 215 L400 262 L445 300Z', p.light);
    out += line(`M400 262 L400 ${length - 6}`, p.dark, 3, op(0.6));
    for (let y = 300; y < length - 20; y += 62) out += circle(412, y, 6, p.light);
    out += rect(300, 320, 62, 66, 6, p.dark, op(0.35)) + rect(438, 320, 62, 66, 6, p.dark, op(0.35));
  }
  if (collar === 'open') {
    out += path('M310 215 L400 330 L490 215 L470 210 L400 300 L330 210Z', p.dark, op(0.5));
    out += line(`M400 330 L400 ${length - 4}`, p.dark, 4, op(0.5));
    for (let y = 360; y < length - 20; y += 58) out += circle(412, y, 7, WOOD_DARK);
  }
  out += rect(280, length - 26, 240, 26, 4, p.dark, op(0.45));
  return out;
}

type ShapeFn = (p: Paint) => string;

const SHAPES = {
  mug: (p) =>
    line('M505 390 h28 a56 56 0 0 1 0 112 h-28', p.dark, 26) +
    vpath('M280 330 H515 V585 Q515 620 480 620 H315 Q280 620 280 585Z', p.main) +
    path('M280 520 H515 V585 Q515 620 480 620 H315 Q280 620 280 585Z', p.light, op(0.55)) +
    ellipse(397, 330, 118, 20, p.dark) +
    ellipse(397, 334, 106, 14, darker(p.main, 0.45)),
  cup: (p) =>
    vellipse(400, 600, 190, 40, p.light) +
    ellipse(400, 596, 120, 22, p.main, op(0.5)) +
    line('M475 490 h18 a36 36 0 0 1 0 72 h-22', p.dark, 18) +
    vpath('M310 440 H490 Q488 560 445 592 H355 Q312 560 310 440Z', p.main) +
    ellipse(400, 440, 90, 16, p.dark) +
    ellipse(400, 443, 80, 11, '#4a2e1f'),
  dripper: (p) =>
    vpath('M330 520 H470 L485 630 H315Z', GLASS, op(0.85)) +
    path('M322 580 H478 L485 630 H315Z', '#6b4228', op(0.8)) +
    vellipse(400, 505, 110, 20, p.dark) +
    vpath('M250 290 H550 L460 495 H340Z', p.main) +
    line('M330 330 L370 470 M400 320 L400 480 M470 330 L430 470', p.dark, 4, op(0.35)) +
    ellipse(400, 290, 150, 24, p.dark) +
    ellipse(400, 294, 136, 17, darker(p.main, 0.45)) +
    line('M550 320 q40 10 30 60', p.main, 18),
  teapot: (p) =>
    vpath('M265 470 Q210 420 185 370 Q215 380 240 410 Q262 440 290 455Z', p.main) +
    line('M520 420 q90 20 60 120', p.dark, 22) +
    vellipse(400, 500, 150, 125, p.main) +
    ellipse(400, 392, 84, 18, p.dark) +
    vellipse(400, 386, 76, 14, p.light) +
    circle(400, 362, 18, p.dark) +
    line('M335 470 Q400 440 465 470', p.light, 6, op(0.5)),
  bowl: (p) =>
    vrect(340, 600, 120, 26, 8, p.dark) +
    vpath('M200 430 Q210 610 400 612 Q590 610 600 430Z', p.main) +
    path('M210 500 Q235 600 400 606 Q565 600 590 500 Q400 540 210 500Z', p.light, op(0.3)) +
    ellipse(400, 430, 200, 46, p.dark) +
    ellipse(400, 436, 184, 36, p.light),
  ramekin: (p) =>
    group('translate(-110 40)', vpath('M270 470 H450 L440 590 Q360 610 280 590Z', p.main) + ellipse(360, 470, 90, 18, p.light) + ellipse(360, 474, 78, 12, '#E8B65A')) +
    group('translate(90 -30)', vpath('M270 470 H450 L440 590 Q360 610 280 590Z', p.main) + ellipse(360, 470, 90, 18, p.light) + ellipse(360, 474, 78, 12, '#C98A35') + line('M320 470 l20 6 l20 -6 l20 6', '#8a5a22', 3, op(0.6))),
  plate: (p) => {
    let out = '';
    for (let i = 0; i < 3; i++) out += vellipse(400, 560 - i * 24, 270, 92, i === 2 ? p.main : darker(p.main, 0.08 * (2 - i)));
    return out + ellipse(400, 512, 190, 60, p.light) + ellipse(400, 512, 190, 60, 'none', ` stroke="${p.dark}" stroke-width="3" opacity=".35"`) + ellipse(340, 490, 60, 14, '#ffffff', op(0.35));
  },
  platter: (p) => vellipse(400, 520, 300, 120, p.dark) + ellipse(400, 508, 290, 112, p.main) + ellipse(400, 508, 220, 78, p.light, op(0.7)) + ellipse(320, 470, 80, 18, '#ffffff', op(0.25)),
  tumbler: (p) => {
    const glass = (x: number, h: number) =>
      path(`M${x - 80} ${620 - h} L${x - 66} 620 H${x + 66} L${x + 80} ${620 - h}Z`, mix(GLASS, p.main, 0.35), `${op(0.85)} stroke="${darker(mix(GLASS, p.main, 0.5), 0.3)}" stroke-width="4"`) +
      path(`M${x - 74} ${620 - h * 0.55} L${x - 66} 614 H${x + 66} L${x + 74} ${620 - h * 0.55}Z`, mix(GLASS, p.main, 0.6), op(0.6)) +
      ellipse(x, 620 - h, 80, 14, lighter(p.main, 0.6)) +
      line(`M${x - 50} ${640 - h} L${x - 42} 596`, '#ffffff', 8, op(0.5));
    return glass(300, 250) + glass(490, 290);
  },
  wineglass: (p) => {
    const glass = (x: number, y: number) =>
      path(`M${x - 80} ${y} Q${x - 92} ${y + 170} ${x} ${y + 190} Q${x + 92} ${y + 170} ${x + 80} ${y}Z`, mix(GLASS, p.main, 0.3), `${op(0.8)} stroke="${darker(GLASS, 0.3)}" stroke-width="4"`) +
      path(`M${x - 86} ${y + 90} Q${x - 80} ${y + 178} ${x} ${y + 188} Q${x + 80} ${y + 178} ${x + 86} ${y + 90}Z`, '#8b2a3a', op(0.55)) +
      rect(x - 6, y + 188, 12, 430 - y - 188 + 190, 4, mix(GLASS, p.main, 0.4)) +
      ellipse(x, 622, 70, 12, mix(GLASS, p.main, 0.45)) +
      line(`M${x - 52} ${y + 30} Q${x - 58} ${y + 100} ${x - 36} ${y + 150}`, '#ffffff', 7, op(0.55));
    return glass(315, 230) + glass(490, 260);
  },
  carafe: (p) =>
    path('M365 215 H435 V325 Q550 370 550 495 Q550 628 400 628 Q250 628 250 495 Q250 370 365 325Z', mix(GLASS, p.main, 0.3), `${op(0.85)} stroke="${darker(GLASS, 0.3)}" stroke-width="4"`) +
    path('M254 470 H546 Q552 628 400 628 Q248 628 254 470Z', mix(GLASS, '#7fb2c9', 0.5), op(0.55)) +
    rect(350, 175, 100, 50, 14, mix(GLASS, p.main, 0.45), `${op(0.95)} stroke="${darker(GLASS, 0.3)}" stroke-width="4"`) +
    line('M300 420 Q285 500 320 570', '#ffffff', 10, op(0.5)),
  jug: (p) =>
    line('M500 330 q100 30 40 180', p.dark, 24) +
    vpath('M305 300 L500 300 Q510 460 520 600 Q520 628 492 628 H320 Q292 628 292 600 Q300 460 305 300Z', p.main) +
    vpath('M305 300 L255 282 L318 352Z', p.main) +
    ellipse(402, 300, 98, 14, p.dark),
  press: (p) =>
    rect(395, 150, 10, 150, 4, METAL) +
    circle(400, 150, 20, p.dark) +
    line('M500 320 h36 a30 30 0 0 1 30 30 v200 a30 30 0 0 1 -30 30 h-36', p.dark, 22) +
    rect(300, 310, 200, 310, 16, mix(GLASS, p.main, 0.15), op(0.85)) +
    rect(304, 440, 192, 176, 12, '#5b3620', op(0.85)) +
    rect(290, 290, 220, 30, 10, p.dark) +
    rect(290, 600, 220, 30, 10, p.dark) +
    line('M330 340 L330 420', '#ffffff', 8, op(0.5)),
  pot: (p) =>
    vrect(195, 430, 50, 30, 12, p.dark) +
    vrect(555, 430, 50, 30, 12, p.dark) +
    vpath('M230 400 H570 V560 Q570 620 510 620 H290 Q230 620 230 560Z', p.main) +
    vpath('M222 400 Q400 300 578 400Z', p.main) +
    ellipse(400, 400, 178, 22, p.dark) +
    vellipse(400, 338, 36, 16, p.dark),
  saucepan: (p) =>
    vpath('M540 450 L730 400 Q750 396 754 414 Q758 430 738 436 L550 486Z', WOOD_DARK) +
    vpath('M240 400 H560 V570 Q560 620 510 620 H290 Q240 620 240 570Z', p.main) +
    ellipse(400, 400, 160, 32, p.dark) +
    ellipse(400, 404, 146, 24, darker(p.main, 0.4)),
  pan: (p) =>
    vpath('M560 480 L735 430 Q760 424 764 444 Q768 462 744 470 L572 520Z', p.dark) +
    vpath('M170 500 Q170 600 380 600 Q590 600 590 500Z', p.dark) +
    ellipse(380, 500, 210, 86, p.main) +
    ellipse(380, 506, 186, 70, darker(p.main, 0.35)),
  wok: (p) =>
    vpath('M560 440 L740 392 Q762 388 764 406 Q766 424 746 428 L566 470Z', WOOD_DARK) +
    rect(118, 430, 70, 22, 10, p.dark) +
    vpath('M160 440 Q220 620 380 620 Q540 620 600 440Z', p.main) +
    ellipse(380, 440, 220, 56, p.dark) +
    ellipse(380, 446, 200, 44, darker(p.main, 0.35)),
  board: (p) =>
    group(
      'rotate(-8 400 440)',
      vpath('M230 290 H360 V250 Q360 215 400 215 Q440 215 440 250 V290 H570 Q600 290 600 320 V600 Q600 630 570 630 H230 Q200 630 200 600 V320 Q200 290 230 290Z', p.main) +
        circle(400, 252, 16, darker(p.main, 0.5)) +
        line('M240 360 Q400 330 560 370 M240 440 Q400 470 560 430 M240 520 Q400 500 560 530', p.dark, 4, op(0.35)),
    ),
  utensils: (p) =>
    group('rotate(-18 400 420)', rect(300, 330, 22, 300, 10, p.main) + vellipse(311, 290, 44, 70, p.main)) +
    group('rotate(0 400 420)', rect(390, 320, 22, 310, 10, p.dark) + vpath('M362 180 H440 V300 Q440 330 401 330 Q362 330 362 300Z', p.dark)) +
    group('rotate(18 400 420)', rect(480, 330, 22, 300, 10, p.main) + vpath('M460 210 Q500 170 540 210 L520 320 H482Z', p.main)),
  servers: (p) =>
    group('rotate(-14 400 420)', rect(340, 360, 24, 280, 10, p.dark) + vellipse(352, 300, 52, 88, p.main)) +
    group('rotate(14 400 420)', rect(436, 360, 24, 280, 10, p.dark) + vpath('M398 230 Q448 190 498 230 L490 380 H406Z', p.main) + line('M430 250 V360 M448 250 V360 M466 250 V360', darker(p.main, 0.4), 6)),
  cutlery: (p) =>
    group('rotate(-10 400 430)', rect(300, 350, 26, 280, 12, p.main) + path('M286 210 h54 v120 q0 30 -27 30 q-27 0 -27 -30z', p.main) + line('M300 210 v80 M313 210 v80 M326 210 v80', lighter(p.main, 0.5), 5, op(0.7))) +
    rect(388, 200, 26, 430, 12, p.dark) + path('M388 200 Q420 250 414 340 H388Z', lighter(p.dark, 0.3)) +
    group('rotate(10 400 430)', rect(474, 350, 26, 280, 12, p.main) + vellipse(487, 280, 40, 64, p.main)),
  whisk: (p) =>
    group('rotate(-25 400 450)', rect(386, 460, 28, 170, 12, p.main) + path('M350 470 Q340 320 400 270 Q460 320 450 470Z', lighter(p.main, 0.3)) + line('M365 470 Q360 340 400 285 M380 470 Q378 330 400 285 M420 470 Q422 330 400 285 M435 470 Q440 340 400 285', p.dark, 3)) +
    vpath('M470 520 Q480 630 590 630 Q700 630 710 520Z', '#6d8a4a') +
    ellipse(590, 520, 120, 24, '#90b05a'),
  grinder: (p) =>
    line('M400 250 L470 230 L480 200', METAL, 10) +
    circle(484, 196, 14, WOOD_DARK) +
    rect(390, 255, 20, 30, 4, METAL) +
    vpath('M330 285 H470 L485 330 H315Z', METAL) +
    vrect(300, 330, 200, 290, 14, p.main) +
    rect(330, 470, 140, 70, 8, p.dark) +
    circle(400, 505, 8, BRASS),
  crock: (p) =>
    group('rotate(-12 400 330)', rect(320, 160, 22, 260, 10, WOOD) + vellipse(331, 160, 34, 52, WOOD)) +
    group('rotate(10 400 330)', rect(420, 170, 22, 250, 10, WOOD_DARK) + vrect(404, 120, 54, 80, 14, WOOD_DARK)) +
    vpath('M290 330 H510 Q520 470 505 610 Q500 628 480 628 H320 Q300 628 295 610 Q280 470 290 330Z', p.main) +
    ellipse(400, 330, 110, 20, p.dark),
  canister: (p) =>
    vrect(300, 340, 200, 280, 18, p.main) + vrect(292, 300, 216, 60, 14, p.dark) + rect(330, 430, 140, 100, 10, PAPER_WHITE, op(0.9)) + line('M350 465 H450 M350 495 H420', p.dark, 6, op(0.5)),
  jar: (p) =>
    vrect(300, 350, 200, 270, 36, mix(GLASS, p.main, 0.35), op(0.9)) +
    rect(308, 430, 184, 182, 30, lighter(p.main, 0.2)) +
    vrect(316, 300, 168, 60, 10, WOOD) +
    rect(340, 470, 120, 70, 8, PAPER_WHITE, op(0.9)),
  jars: (p) => {
    const jar = (x: number, h: number) => vrect(x - 60, 620 - h, 120, h, 22, mix(GLASS, p.main, 0.45), op(0.9)) + rect(x - 54, 620 - h * 0.6, 108, h * 0.6 - 6, 18, p.dark, op(0.55)) + vrect(x - 50, 590 - h, 100, 40, 8, WOOD);
    return jar(270, 220) + jar(530, 200) + jar(400, 260);
  },
  tin: (p) =>
    vpath('M230 420 H570 L540 610 H260Z', p.main) + path('M230 420 H570 L560 446 H240Z', p.dark) + path('M252 450 Q400 360 548 450Z', '#D9A15A') + path('M252 450 Q400 380 548 450', 'none', ` stroke="#b0773a" stroke-width="4"`),
  rollingpin: (p) =>
    group('rotate(-10 400 520)', vrect(170, 495, 70, 34, 17, WOOD_DARK) + vrect(560, 495, 70, 34, 17, WOOD_DARK) + vpath('M230 480 Q400 460 570 480 V545 Q400 565 230 545Z', p.main)) +
    vellipse(400, 610, 210, 22, '#F1E7D8') ,
  piping: (p) =>
    group('rotate(-20 400 400)', vpath('M330 200 H470 L420 520 H380Z', lighter(p.main, 0.2)) + path('M380 520 H420 L408 580 H392Z', METAL) + line('M350 260 H450', p.dark, 6, op(0.5))) +
    [0, 1, 2, 3].map((i) => path(`M${470 + i * 45} 620 l18 -60 l18 60z`, METAL) + ellipse(488 + i * 45, 620, 18, 6, darker(METAL, 0.2))).join(''),
  basket: (p) =>
    line('M290 420 Q290 300 400 300 Q510 300 510 420', p.dark, 16) +
    vpath('M230 420 H570 L540 610 Q540 625 520 625 H280 Q260 625 260 610Z', p.main) +
    [450, 490, 530, 570].map((y) => line(`M${236 + (y - 420) * 0.15} ${y} H${564 - (y - 420) * 0.15}`, p.dark, 5, op(0.4))).join('') +
    [290, 340, 390, 440, 490].map((x) => line(`M${x + 10} 425 L${x + 14} 620`, p.dark, 3, op(0.3))).join('') +
    rect(224, 410, 352, 22, 10, p.dark),
  rack: (p) =>
    path('M190 520 L400 430 L610 520 L400 610Z', 'none', ` stroke="${p.dark}" stroke-width="12" stroke-linejoin="round"`) +
    [0.2, 0.35, 0.5, 0.65, 0.8].map((t) => line(`M${190 + 210 * t} ${520 - 90 * t} L${400 + 210 * t} ${610 - 90 * t}`, p.dark, 5)).join('') +
    line('M190 520 v30 M400 610 v30 M610 520 v30', p.dark, 10) +
    vellipse(330, 500, 40, 16, '#D9A15A') + vellipse(440, 520, 40, 16, '#C98A45') + vellipse(400, 470, 40, 16, '#D9A15A'),
  cakestand: (p) =>
    vpath('M260 450 Q260 290 400 290 Q540 290 540 450Z', '#E8A6A0') +
    path('M260 400 Q400 420 540 400', 'none', ` stroke="#fff" stroke-width="14" stroke-linecap="round"`) +
    circle(400, 282, 16, '#C0392B') +
    vellipse(400, 460, 210, 30, p.main) +
    vpath('M380 470 H420 L432 600 H368Z', p.main) +
    vellipse(400, 608, 90, 18, p.dark),
  napkin: (p) =>
    group('rotate(-6 400 460)', vpath('M220 330 H580 V600 H220Z', p.main) + path('M220 330 L580 600 H220Z', p.dark, op(0.25)) + line('M236 346 H564 V584 H236Z', lighter(p.main, 0.45), 3, ' stroke-dasharray="10 8"')) +
    group('rotate(8 400 460)', rect(380, 250, 40, 300, 8, WOOD, op(0.95))),
  dish: (p) => vellipse(400, 590, 230, 40, p.dark) + vpath('M220 580 V460 Q220 400 280 400 H520 Q580 400 580 460 V580Z', p.main) + vellipse(400, 390, 60, 16, p.dark),
  curtain: (p) =>
    line('M140 180 H660', WOOD_DARK, 12) + circle(140, 180, 14, WOOD_DARK) + circle(660, 180, 14, WOOD_DARK) +
    vpath('M170 190 H380 Q360 420 300 630 H170Z', p.main) +
    vpath('M630 190 H420 Q440 420 500 630 H630Z', p.main) +
    line('M220 200 Q214 420 210 620 M270 200 Q268 420 250 625 M330 200 Q320 380 280 630', p.dark, 5, op(0.35)) +
    line('M580 200 Q586 420 590 620 M530 200 Q532 420 550 625 M470 200 Q480 380 520 630', p.dark, 5, op(0.35)),
  rug: (p) =>
    path('M210 360 H590 L700 620 H100Z', p.main) +
    path('M240 380 H560 L650 600 H150Z', 'none', ` stroke="${p.light}" stroke-width="12"`) +
    path('M400 420 L520 490 L400 560 L280 490Z', p.dark) +
    path('M400 455 L460 490 L400 525 L340 490Z', p.light) +
    [...Array(15).keys()].map((i) => line(`M${110 + i * 41.5} 622 v22`, p.light, 4)).join(''),
  tote: (p) =>
    line('M310 370 Q310 230 380 230 Q420 230 420 370', p.dark, 16) +
    line('M380 370 Q380 230 450 230 Q490 230 490 370', p.dark, 16) +
    vpath('M250 360 H550 L575 630 H225Z', p.main) +
    rect(330, 450, 140, 110, 6, p.dark, op(0.25)) +
    line('M250 392 H550', p.dark, 4, op(0.3)),
  backpack: (p) =>
    line('M345 260 Q345 200 400 200 Q455 200 455 260', p.dark, 16) +
    vpath('M270 300 Q270 250 330 250 H470 Q530 250 530 300 V600 Q530 630 500 630 H300 Q270 630 270 600Z', p.main) +
    vpath('M270 330 Q400 400 530 330 V300 Q530 250 470 250 H330 Q270 250 270 300Z', p.dark) +
    vrect(315, 470, 170, 120, 24, p.second) +
    line('M340 490 H460', p.dark, 6, op(0.5)) + circle(400, 380, 10, BRASS),
  bed: (p) =>
    vrect(170, 240, 460, 240, 24, WOOD) +
    vrect(210, 310, 170, 90, 30, PAPER_WHITE) +
    vrect(420, 310, 170, 90, 30, PAPER_WHITE) +
    vpath('M150 420 Q400 400 650 420 V600 Q650 630 620 630 H180 Q150 630 150 600Z', p.main) +
    path('M150 420 Q400 400 650 420 V460 Q400 440 150 460Z', p.light) +
    line('M200 520 Q400 500 600 520', p.dark, 4, op(0.3)) + rect(170, 620, 28, 24, 4, WOOD_DARK) + rect(602, 620, 28, 24, 4, WOOD_DARK),
  pillows: (p) => {
    const pillow = (y: number, fill: string) =>
      vpath(`M160 ${y + 20} Q160 ${y} 190 ${y} Q400 ${y + 18} 610 ${y} Q640 ${y} 640 ${y + 20} Q628 ${y + 70} 640 ${y + 120} Q640 ${y + 140} 610 ${y + 140} Q400 ${y + 122} 190 ${y + 140} Q160 ${y + 140} 160 ${y + 120} Q172 ${y + 70} 160 ${y + 20}Z`, fill) +
      line(`M190 ${y + 14} Q400 ${y + 32} 610 ${y + 14}`, '#ffffff', 4, op(0.35));
    return pillow(490, p.main) + pillow(360, lighter(p.main, 0.25));
  },
  throw: (p) =>
    vpath('M200 380 H600 Q640 380 640 420 V560 H160 V420 Q160 380 200 380Z', p.main) +
    [250, 330, 410, 490, 570].map((x) => line(`M${x} 384 V556`, p.light, 4, op(0.45))).join('') +
    line('M166 440 H634 M166 500 H634', p.light, 4, op(0.45)) +
    vpath('M160 540 H640 V600 H160Z', p.dark) +
    [...Array(24).keys()].map((i) => line(`M${170 + i * 20} 600 v26`, p.dark, 4)).join(''),
  cushion: (p) =>
    vpath('M230 290 Q400 320 570 290 Q540 460 570 630 Q400 600 230 630 Q260 460 230 290Z', p.main) +
    path('M230 290 Q400 320 570 290 Q540 460 570 630 Q400 600 230 630 Q260 460 230 290Z', 'none', ` stroke="${p.dark}" stroke-width="8" stroke-linejoin="round"`) +
    line('M300 360 Q400 380 500 360 M300 560 Q400 540 500 560', p.light, 5, op(0.5)) +
    circle(400, 460, 14, p.dark),
  kneeler: (p) => vrect(200, 480, 400, 130, 40, p.main) + vrect(330, 430, 140, 70, 30, p.dark) + rect(356, 450, 88, 30, 14, darker(p.main, 0.5)),
  pendant: (p) =>
    line('M400 40 V270', '#2a2a2a', 4) +
    rect(386, 250, 28, 36, 6, '#2a2a2a') +
    path('M400 470 L120 700 H680Z', FLAME, op(0.12)) +
    circle(400, 470, 46, '#FFE7A8') +
    vpath('M230 480 Q230 280 400 280 Q570 280 570 480Z', p.main) +
    ellipse(400, 480, 170, 20, p.dark) +
    line('M290 330 Q400 300 510 330 M250 400 Q400 370 550 400', p.dark, 4, op(0.3)),
  floorlamp: (p) =>
    line('M300 630 Q300 250 420 210 Q520 180 560 250', BRASS, 12) +
    vellipse(300, 632, 80, 16, p.dark) +
    path('M560 380 L430 660 H700Z', FLAME, op(0.1)) +
    circle(560, 380, 30, '#FFE7A8') +
    vpath('M470 390 Q470 260 560 260 Q650 260 650 390Z', p.main) +
    ellipse(560, 390, 90, 12, p.dark),
  bulb: (p) =>
    circle(400, 350, 170, FLAME, op(0.12)) +
    circle(400, 350, 130, mix(GLASS, '#ffe4a6', 0.4), op(0.9)) +
    line('M370 470 L370 330 L385 300 L400 330 L415 300 L430 330 L430 470', '#E08A2B', 5) +
    vrect(350, 470, 100, 30, 6, p.main) +
    [510, 540, 570].map((y) => vrect(355, y, 90, 24, 8, METAL)).join('') +
    path('M375 600 H425 L410 630 H390Z', darker(METAL, 0.4)),
  stringlights: (p) => {
    let out = line('M60 230 Q230 420 400 300 Q570 190 740 360', '#3b3b3b', 5);
    const pts: Array<[number, number]> = [[120, 300], [220, 360], [320, 345], [420, 290], [520, 255], [620, 280], [700, 330]];
    pts.forEach(([x, y], i) => {
      out += line(`M${x} ${y} v30`, '#3b3b3b', 4) + circle(x, y + 62, 44, FLAME, op(0.18)) + circle(x, y + 62, 26, i % 2 ? '#FFE7A8' : lighter(p.main, 0.2));
    });
    return out;
  },
  lamp: (p) =>
    path('M270 390 L130 640 H670 L530 390Z', FLAME, op(0.08)) +
    vellipse(400, 620, 80, 14, p.dark) +
    vpath('M340 620 Q290 570 320 500 Q345 455 400 450 Q455 455 480 500 Q510 570 460 620Z', p.main) +
    rect(392, 400, 16, 54, 4, BRASS) +
    vpath('M300 240 H500 L560 400 H240Z', lighter(p.main, 0.7)) +
    ellipse(400, 400, 160, 14, '#FFE7A8', op(0.8)),
  candle: (p) =>
    flame(400, 330) +
    line('M400 330 V355', INK, 4) +
    vpath('M290 360 H510 V600 Q510 630 480 630 H320 Q290 630 290 600Z', mix(p.main, '#8A4E1C', 0.7)) +
    ellipse(400, 362, 110, 18, '#F3E9D6') +
    rect(320, 460, 160, 90, 6, PAPER_WHITE, op(0.92)) +
    line('M350 495 H450 M370 520 H430', p.dark, 5, op(0.5)),
  tapers: (p) =>
    [340, 400, 460].map((x, i) => flame(x, 180 + i * 20, 0.75) + vrect(x - 16, 190 + i * 20, 32, 340 - i * 20, 10, i === 1 ? p.light : p.main)).join('') +
    vrect(270, 530, 260, 40, 12, BRASS) + vellipse(400, 610, 160, 22, BRASS) + rect(380, 560, 40, 50, 4, darker(BRASS, 0.2)),
  candlestick: (p) =>
    flame(400, 160, 0.9) + vrect(380, 170, 40, 230, 10, PAPER_WHITE) +
    vpath('M360 400 H440 L420 430 H380Z', p.main) +
    vpath('M388 430 H412 Q430 500 412 580 H388 Q370 500 388 430Z', p.main) +
    vellipse(400, 470, 30, 12, p.main) +
    vellipse(400, 600, 110, 26, p.main),
  lantern: (p) =>
    line('M400 160 a34 34 0 0 1 0 68', p.dark, 8) + line('M400 160 a34 34 0 0 0 0 68', p.dark, 8) +
    vpath('M310 270 L400 220 L490 270Z', p.main) +
    rect(320, 270, 160, 310, 10, mix(GLASS, '#ffe7a8', 0.3), op(0.7)) +
    flame(400, 430, 0.8) + vrect(380, 440, 40, 120, 8, PAPER_WHITE) +
    line('M320 270 V580 M480 270 V580 M400 270 V300', p.dark, 12) +
    vrect(296, 578, 208, 44, 8, p.main) + rect(300, 262, 200, 16, 6, p.dark),
  card: (p) =>
    group('rotate(-8 400 450)', vrect(210, 330, 380, 260, 6, '#D7B98E') + line('M214 334 L400 470 L586 334', '#B89566', 5)) +
    group('rotate(6 400 420)', vrect(300, 200, 240, 330, 6, PAPER_WHITE) + leaves(420, 460, 5, 150, 100) + circle(420, 280, 28, p.main)),
  paperroll: (p) =>
    group('rotate(-12 400 450)', vrect(180, 400, 440, 130, 20, p.main) + [220, 300, 380, 460, 540].map((x) => circle(x, 440, 12, p.dark, op(0.55)) + circle(x + 40, 495, 12, p.dark, op(0.55))).join('') + vellipse(620, 465, 30, 65, darker(p.main, 0.1)) + ellipse(620, 465, 12, 26, '#8E7252')) +
    vpath('M200 600 L560 560 L600 610 L240 650Z', lighter(p.main, 0.25)),
  pen: (p) =>
    group(
      'rotate(-38 400 420)',
      vrect(170, 398, 260, 44, 22, p.main) +
        vrect(420, 396, 170, 48, 24, p.dark) +
        rect(440, 392, 110, 10, 5, BRASS) +
        rect(420, 396, 14, 48, 3, BRASS) +
        path('M170 402 L110 420 L170 438Z', BRASS),
    ) + vellipse(400, 640, 200, 12, '#000000', op(0.02)),
  pencils: (p) => {
    const colours = [p.main, p.second, p.dark, lighter(p.second, 0.3), darker(p.main, 0.1)];
    return colours
      .map((c, i) =>
        group(`rotate(${-24 + i * 12} 400 640)`, vrect(382, 250, 36, 340, 4, c) + path('M382 250 L400 190 L418 250Z', '#E9C99C') + path('M394 210 L400 190 L406 210Z', INK) + rect(382, 570, 36, 20, 2, METAL)),
      )
      .join('');
  },
  crayons: (p) => {
    const colours = ['#D6583F', '#D7A531', '#5E8C5A', '#3F6FA8', p.main, '#8E5BA8'];
    return vrect(220, 470, 360, 160, 14, WOOD) + colours.map((c, i) => vrect(240 + i * 56, 330 + (i % 2) * 30, 42, 160, 12, c) + path(`M${240 + i * 56} ${330 + (i % 2) * 30} L${261 + i * 56} ${280 + (i % 2) * 30} L${282 + i * 56} ${330 + (i % 2) * 30}Z`, c)).join('') + vrect(220, 470, 360, 160, 14, WOOD);
  },
  tape: (p) =>
    [[300, 470, p.main], [480, 450, p.second], [390, 580, p.dark]]
      .map(([x, y, c]) => vellipse(x as number, y as number, 100, 100, c as string) + circle(x as number, y as number, 50, '#F5EFE6') + circle(x as number, y as number, 100, 'none', ` stroke="${darker(c as string, 0.2)}" stroke-width="4"`))
      .join(''),
  notebook: (p) =>
    group('rotate(8 400 440)', vrect(300, 250, 260, 350, 12, p.second)) +
    group(
      'rotate(-6 400 440)',
      rect(266, 226, 276, 380, 14, PAPER_WHITE) + vrect(250, 220, 280, 380, 14, p.main) + rect(480, 220, 18, 380, 0, p.dark) + path('M330 600 V660 L345 645 L360 660 V600Z', '#C0392B') + rect(300, 300, 140, 50, 6, lighter(p.main, 0.4), op(0.6)),
    ),
  organiser: (p) =>
    vpath('M200 420 L400 350 L600 420 V560 L400 630 L200 560Z', p.main) +
    path('M200 420 L400 490 L600 420 L400 350Z', darker(p.main, 0.35)) +
    path('M400 490 V630', 'none', ` stroke="${p.dark}" stroke-width="4"`) +
    group('rotate(-8 300 350)', rect(280, 240, 16, 200, 6, '#3F6FA8') + rect(310, 260, 16, 180, 6, '#D6583F')) +
    rect(440, 300, 90, 140, 10, '#222', op(0.85)) + path('M420 300 L520 280 L530 400 L430 420Z', PAPER_WHITE),
  tray: (p) =>
    vpath('M190 460 L400 390 L610 460 L400 530Z', PAPER_WHITE) +
    vpath('M170 470 L400 560 V620 L170 530Z', p.main) +
    vpath('M630 470 L400 560 V620 L630 530Z', darker(p.main, 0.15)) +
    path('M170 470 L400 390 L630 470', 'none', ` stroke="${p.dark}" stroke-width="10" stroke-linejoin="round"`) +
    path('M230 470 L400 410 L570 470 L400 520Z', '#EDE6D8', op(0.8)),
  bookends: (p) => {
    const books = ['#34507A', '#C4694A', '#D7A531', '#3C5E45', '#E4B0A2', '#6B7A87'];
    return vpath('M180 300 H240 V580 H300 V630 H180Z', p.main) + vpath('M620 300 H560 V580 H500 V630 H620Z', p.main) + books.map((c, i) => vrect(246 + i * 52, 330 + (i % 3) * 20, 46, 300 - (i % 3) * 20, 4, c) + rect(246 + i * 52, 380 + (i % 3) * 20, 46, 8, 0, '#ffffff', op(0.35))).join('');
  },
  penpot: (p) =>
    group('rotate(-12 400 400)', rect(340, 200, 18, 260, 6, '#34507A') + path('M340 200 L349 170 L358 200Z', INK)) +
    group('rotate(6 400 400)', rect(395, 180, 20, 280, 6, '#D7A531') + path('M395 180 L405 150 L415 180Z', '#E9C99C')) +
    group('rotate(18 400 400)', rect(445, 230, 16, 240, 6, '#C4694A')) +
    vpath('M290 380 H510 V600 Q510 630 480 630 H320 Q290 630 290 600Z', p.main) +
    [330, 380, 450, 470].map((x, i) => circle(x, 440 + i * 40, 10 + (i % 2) * 4, [p.second, p.dark, '#ffffff', p.second][i]!, op(0.8))).join('') +
    ellipse(400, 380, 110, 18, p.dark),
  calendar: (p) => vrect(200, 500, 400, 120, 12, p.main) + vrect(230, 330, 150, 180, 10, p.light) + vrect(400, 330, 170, 180, 10, p.light) + rect(266, 390, 78, 60, 6, INK, op(0.8)) + rect(440, 380, 90, 26, 6, INK, op(0.8)) + rect(440, 430, 60, 26, 6, INK, op(0.5)),
  bathmat: (p) =>
    path('M230 400 H570 L660 620 H140Z', p.main) +
    [0.2, 0.4, 0.6, 0.8].map((t) => line(`M${230 - 90 * t} ${400 + 220 * t} H${570 + 90 * t}`, p.dark, 4, op(0.35))).join('') +
    [0.2, 0.4, 0.6, 0.8].map((t) => line(`M${230 + 340 * t} 400 L${140 + 520 * t} 620`, p.dark, 4, op(0.35))).join('') +
    path('M140 620 H660 V640 H140Z', p.dark),
  duckboard: (p) =>
    [0, 1, 2, 3, 4, 5].map((i) => vpath(`M${240 - i * 16} ${400 + i * 38} H${560 + i * 16} L${566 + i * 16} ${428 + i * 38} H${234 - i * 16}Z`, i % 2 ? p.main : darker(p.main, 0.08))).join('') +
    path('M150 630 H650 V640 H150Z', p.dark),
  soapdish: (p) => vpath('M200 540 Q220 620 400 620 Q580 620 600 540Z', p.main) + ellipse(400, 540, 200, 40, p.dark) + ellipse(400, 540, 184, 32, p.light) + vpath('M300 520 Q300 470 340 470 H460 Q500 470 500 520 Q500 545 470 545 H330 Q300 545 300 520Z', '#EAD7C0'),
  soap: (p) =>
    vpath('M210 560 L400 620 L590 560 V520 L400 580 L210 520Z', darker(p.main, 0.2)) +
    vpath('M210 520 L400 460 L590 520 L400 580Z', p.main) +
    ellipse(400, 520, 70, 24, p.dark, op(0.25)) +
    vpath('M260 430 L400 390 L540 430 V460 L400 500 L260 460Z', lighter(p.main, 0.2)) +
    path('M260 430 L400 390 L540 430 L400 470Z', lighter(p.main, 0.35)) +
    leaves(620, 620, 3, 120, 60),
  pumpbottle: (p) =>
    vrect(300, 340, 200, 280, 30, '#9A5A22') +
    rect(330, 420, 140, 120, 8, PAPER_WHITE, op(0.95)) +
    rect(330, 420, 140, 22, 4, p.main) +
    line('M355 460 H445 M365 490 H435', INK, 5, op(0.5)) +
    vrect(370, 290, 60, 60, 8, INK) +
    rect(392, 230, 16, 60, 4, INK) +
    vpath('M370 230 H460 Q480 230 480 248 H400 Q370 248 370 230Z', INK),
  brush: () =>
    group('rotate(-30 400 450)', vrect(150, 420, 260, 40, 20, WOOD_DARK) + vellipse(500, 440, 140, 80, WOOD) + [440, 470, 500, 530, 560].map((x) => line(`M${x} 516 v26`, '#C2A27A', 10)).join('')),
  birdhouse: (p) =>
    line('M400 90 V200', '#6b5a45', 4) + circle(400, 200, 14, 'none', ` stroke="${p.dark}" stroke-width="6"`) +
    vpath('M250 340 L400 210 L550 340Z', p.dark) +
    vpath('M280 330 H520 V590 H280Z', p.main) +
    circle(400, 400, 40, INK) +
    rect(390, 470, 20, 50, 4, WOOD_DARK) + rect(340, 500, 120, 14, 6, WOOD_DARK) +
    rect(270, 590, 260, 24, 6, p.dark),
  seedbox: (p) =>
    vpath('M200 480 H600 L570 620 H230Z', p.main) +
    ellipse(400, 480, 200, 20, '#5b4636') +
    [260, 330, 400, 470, 540].map((x, i) => line(`M${x} 480 V${420 - (i % 2) * 30}`, LEAF_DARK, 5) + leaves(x, 425 - (i % 2) * 30, 2, 50, 110)).join(''),
  plantpot: (p) =>
    leaves(400, 420, 7, 230, 150) +
    vpath('M285 440 H515 L490 630 H310Z', p.main) +
    vrect(270, 410, 260, 50, 10, p.main) +
    rect(270, 410, 260, 12, 6, p.dark, op(0.3)) +
    vellipse(400, 632, 130, 14, p.dark),
  hangingplanter: (p) =>
    line('M400 60 L300 380 M400 60 L500 380 M400 60 L400 380', p.dark, 5) +
    circle(400, 60, 14, 'none', ` stroke="${p.dark}" stroke-width="6"`) +
    leaves(400, 330, 5, 150, 120) +
    vpath('M290 330 H510 Q510 470 400 480 Q290 470 290 330Z', p.main) +
    line('M300 440 Q270 520 290 600 M500 440 Q540 520 520 620', LEAF_DARK, 5) +
    [0, 1, 2, 3].map((i) => circle(290 - (i % 2) * 12, 470 + i * 40, 16, LEAF) + circle(518 + (i % 2) * 12, 480 + i * 40, 16, LEAF)).join(''),
  trough: (p) => leaves(290, 430, 5, 140, 100) + leaves(510, 430, 5, 150, 100) + leaves(400, 430, 4, 120, 80) + vpath('M150 430 H650 L620 610 H180Z', p.main) + vrect(140, 410, 520, 36, 6, p.main) + rect(140, 410, 520, 10, 4, p.dark, op(0.3)),
  plantstand: (p) =>
    leaves(400, 300, 7, 190, 150) +
    vpath('M310 300 H490 L470 440 H330Z', p.second) +
    vrect(280, 440, 240, 26, 6, p.main) +
    line('M300 466 L250 640 M500 466 L550 640 M340 466 L330 620 M460 466 L470 620', p.main, 16),
  trowel: (p) =>
    group('rotate(35 400 420)', vrect(370, 430, 60, 210, 28, WOOD) + rect(388, 390, 24, 50, 6, METAL) + vpath('M400 130 Q490 220 470 330 Q450 390 400 395 Q350 390 330 330 Q310 220 400 130Z', p.main) + line('M400 170 V380', darker(p.main, 0.25), 4)),
  secateurs: (p) =>
    group('rotate(-20 400 420)', vpath('M380 420 Q300 520 320 640 L360 636 Q360 520 410 440Z', '#C0392B') + vpath('M420 420 Q500 520 480 640 L440 636 Q440 520 390 440Z', '#A33225') + vpath('M380 420 Q360 300 400 200 Q410 300 412 420Z', p.main) + vpath('M420 420 Q450 320 430 240 Q400 330 392 420Z', darker(p.main, 0.2)) + circle(402, 420, 14, METAL)),
  gloves: (p) => {
    const glove = (dx: number, rot: number, fill: string) =>
      group(`translate(${dx} 0) rotate(${rot} 400 460)`, [350, 385, 420, 455].map((x, i) => vrect(x - 15, 250 + Math.abs(i - 1.5) * 18, 32, 200, 16, fill)).join('') + vpath('M330 380 H475 V560 H330Z', fill) + group('rotate(-35 330 470)', vrect(250, 455, 110, 34, 17, fill)) + rect(320, 540, 165, 80, 10, darker(fill, 0.2)));
    return glove(-90, -8, p.dark) + glove(90, 8, p.main);
  },
  twine: (p) => vellipse(400, 470, 170, 150, p.main) + [...Array(9).keys()].map((i) => line(`M${245 + i * 8} ${390 + i * 20} Q400 ${350 + i * 22} ${555 - i * 8} ${390 + i * 20}`, p.dark, 4, op(0.45))).join('') + line('M540 540 Q620 600 700 560', p.main, 6),
  labels: (p) => [300, 380, 460, 540].map((x, i) => group(`rotate(${-10 + i * 6} ${x} 620)`, vpath(`M${x - 30} 300 H${x + 30} V560 L${x} 640 L${x - 30} 560Z`, p.main) + line(`M${x - 18} 340 H${x + 18} M${x - 18} 370 H${x + 10}`, '#ffffff', 5, op(0.45)))).join('') + leaves(200, 640, 4, 160, 70),
  kidsplate: (p) =>
    vellipse(360, 540, 220, 80, p.main) + ellipse(360, 530, 150, 50, lighter(p.main, 0.4)) +
    vpath('M470 360 H600 L585 540 Q535 560 485 540Z', p.second) + ellipse(535, 360, 65, 14, darker(p.second, 0.3)) +
    group('rotate(-30 300 450)', rect(290, 380, 20, 160, 8, p.dark) + vellipse(300, 380, 26, 38, p.dark)),
  nightlight: (p) =>
    circle(400, 400, 220, '#FFE7A8', op(0.25)) +
    vpath('M470 220 A190 190 0 1 0 470 580 A150 150 0 1 1 470 220Z', '#F7E2A4') +
    circle(360, 350, 14, '#e8c77a') + circle(330, 460, 22, '#e8c77a') +
    vellipse(400, 612, 150, 24, p.main),
  puzzle: (p) => {
    const piece = (x: number, y: number, fill: string) => vrect(x, y, 140, 140, 10, fill) + circle(x + 140, y + 70, 24, fill) + circle(x + 70, y + 140, 24, fill);
    return piece(240, 250, p.main) + piece(410, 260, p.second) + piece(250, 430, '#5E8C5A') + group('rotate(12 480 500)', piece(430, 440, '#3F6FA8'));
  },
  blocks: (p) => {
    const colours = [p.main, p.second, '#5E8C5A', '#3F6FA8', '#D6583F', '#D7A531'];
    return cube(200, 480, 100, colours[0]!, '#ffffff') + cube(400, 480, 100, colours[1]!, '#ffffff') + cube(300, 370, 100, colours[2]!, '#ffffff') + cube(300, 530, 100, colours[3]!, '#ffffff') + cube(300, 260, 100, colours[4]!, '#ffffff');
  },
  train: (p) => {
    const wheel = (x: number) => circle(x, 590, 34, INK) + circle(x, 590, 12, METAL);
    return (
      vrect(120, 450, 260, 120, 16, p.main) + vrect(250, 330, 130, 130, 12, p.main) + rect(280, 360, 70, 50, 8, PAPER_WHITE) + vrect(150, 360, 50, 90, 8, p.dark) + vrect(240, 310, 160, 30, 8, p.dark) +
      vrect(420, 440, 260, 130, 16, p.second) + vrect(440, 400, 220, 40, 8, lighter(p.second, 0.3)) +
      rect(380, 500, 40, 16, 6, INK) + wheel(180) + wheel(320) + wheel(480) + wheel(620)
    );
  },
  pullalong: (p) =>
    line('M240 560 Q150 460 120 300', INK, 4) + circle(118, 296, 16, '#C0392B') +
    vellipse(420, 460, 170, 100, p.main) +
    vellipse(540, 340, 70, 70, p.main) +
    path('M600 330 L680 350 L600 370Z', '#E69A2E') +
    circle(560, 320, 10, INK) +
    path('M330 420 Q400 380 470 430 Q400 470 330 420Z', p.dark, op(0.5)) +
    rect(300, 540, 260, 30, 10, WOOD_DARK) +
    circle(330, 590, 40, p.second) + circle(330, 590, 12, INK) + circle(530, 590, 40, p.second) + circle(530, 590, 12, INK),
  playkitchen: (p) =>
    vrect(200, 420, 400, 210, 16, p.main) + vrect(200, 400, 400, 30, 10, p.dark) +
    circle(300, 405, 40, INK, op(0.6)) + circle(500, 405, 40, INK, op(0.6)) +
    vpath('M240 330 H360 V390 Q360 400 350 400 H250 Q240 400 240 390Z', METAL) + rect(220, 340, 20, 14, 6, METAL) + rect(360, 340, 20, 14, 6, METAL) +
    rect(240, 460, 320, 120, 10, darker(p.main, 0.2)) + circle(260, 520, 10, BRASS) + rect(280, 470, 260, 100, 8, '#2a2a2a', op(0.5)),
  teddy: (p) =>
    circle(310, 230, 46, p.main) + circle(490, 230, 46, p.main) + circle(310, 230, 24, p.light) + circle(490, 230, 24, p.light) +
    vellipse(320, 600, 70, 50, p.main) + vellipse(480, 600, 70, 50, p.main) +
    vellipse(400, 480, 140, 150, p.main) + ellipse(400, 500, 80, 90, p.light) +
    vellipse(270, 450, 44, 80, p.main) + vellipse(530, 450, 44, 80, p.main) +
    vcircle(400, 300, 120, p.main) + ellipse(400, 340, 50, 38, p.light) + ellipse(400, 322, 14, 10, INK) + circle(355, 285, 10, INK) + circle(445, 285, 10, INK) +
    line('M385 352 Q400 364 415 352', INK, 4),
  rabbit: (p) =>
    vellipse(350, 160, 34, 110, p.main) + vellipse(450, 160, 34, 110, p.main) + ellipse(350, 170, 16, 80, p.light) + ellipse(450, 170, 16, 80, p.light) +
    vellipse(400, 500, 130, 140, p.main) + vellipse(330, 620, 60, 30, p.main) + vellipse(470, 620, 60, 30, p.main) +
    vcircle(400, 310, 105, p.main) + circle(360, 300, 9, INK) + circle(440, 300, 9, INK) + path('M390 335 h20 l-10 12z', '#D98A8A') +
    circle(520, 560, 30, PAPER_WHITE) + line('M330 420 Q400 450 470 420', p.second, 14),
  tshirt: (p) => garment(p, 'short', 'crew'),
  shirt: (p) => garment(p, 'long', 'shirt'),
  sweater: (p) => garment(p, 'long', 'crew') + [...Array(8).keys()].map((i) => line(`M${296 + i * 30} 250 V600`, p.dark, 3, op(0.15))).join(''),
  cardigan: (p) => garment(p, 'long', 'open'),
  robe: (p) => group('translate(400 120) scale(0.86) translate(-400 -120)', garment(p, 'long', 'open', 740) + rect(270, 450, 260, 26, 8, p.dark) + line('M420 476 l20 90 M400 476 l-10 100', p.dark, 14)),
  dress: (p) =>
    vpath('M330 200 L300 220 L260 330 L310 350 L330 300 L300 630 H500 L470 300 L490 350 L540 330 L500 220 L470 200 Q400 250 330 200Z', p.main) +
    line('M330 320 Q400 340 470 320', p.dark, 5, op(0.4)) + line('M340 330 L320 620 M400 336 V624 M460 330 L480 620', p.dark, 3, op(0.2)) + rect(316, 440, 50, 60, 8, p.dark, op(0.25)) + rect(434, 440, 50, 60, 8, p.dark, op(0.25)),
  beanie: (p) =>
    circle(400, 200, 40, p.light) +
    vpath('M250 470 Q240 220 400 215 Q560 220 550 470Z', p.main) +
    [290, 330, 370, 410, 450, 490].map((x) => line(`M${x + 10} 250 Q${x + 6} 360 ${x} 470`, p.dark, 5, op(0.25))).join('') +
    vrect(230, 460, 340, 110, 24, p.dark) +
    [...Array(11).keys()].map((i) => line(`M${255 + i * 30} 470 V560`, p.main, 5, op(0.35))).join(''),
  cap: (p) =>
    vpath('M240 470 Q240 300 400 300 Q560 300 560 470Z', p.main) + line('M400 300 V470 M320 320 Q300 400 310 470 M480 320 Q500 400 490 470', p.dark, 4, op(0.35)) + circle(400, 298, 12, p.dark) +
    vpath('M240 470 Q380 490 560 470 Q660 470 690 520 Q560 540 420 520 Q280 510 240 470Z', p.dark),
  socks: (p) => {
    const sock = (dx: number, fill: string) =>
      group(`translate(${dx} 0)`, vpath('M300 200 H400 V480 Q400 520 440 540 L520 580 Q560 600 540 630 Q520 660 470 640 L340 580 Q300 560 300 510Z', fill) + rect(300, 200, 100, 60, 6, lighter(fill, 0.45)) + line('M300 290 H400 M300 310 H400', p.second, 8, op(0.8)) + path('M470 640 Q520 660 540 630 Q560 600 520 580 L490 566Z', darker(fill, 0.2)));
    return sock(-80, p.main) + sock(60, p.dark);
  },
  scarf: (p) =>
    vpath('M300 160 Q230 260 280 380 Q320 470 260 620 L350 620 Q400 470 360 370 Q330 280 380 200Z', p.main) +
    vpath('M380 200 Q460 240 500 340 Q540 460 500 620 L420 620 Q450 480 420 370 Q400 290 340 250Z', p.dark) +
    line('M290 260 L370 240 M300 360 L360 340 M300 460 L370 460', p.light, 6, op(0.5)) +
    [...Array(6).keys()].map((i) => line(`M${268 + i * 16} 620 v30 M${428 + i * 14} 620 v30`, p.dark, 4)).join(''),
  belt: (p) =>
    circle(400, 460, 170, 'none', ` stroke="${p.main}" stroke-width="44"`) +
    circle(400, 460, 110, 'none', ` stroke="${darker(p.main, 0.15)}" stroke-width="44"`) +
    [0, 1, 2].map((i) => circle(400 + 170 * Math.cos(2.2 + i * 0.18), 460 + 170 * Math.sin(2.2 + i * 0.18), 5, INK)).join('') +
    rect(510, 380, 90, 90, 12, 'none', ` stroke="${BRASS}" stroke-width="14"`) + line('M520 425 H600', BRASS, 10),
  clock: (p) =>
    vcircle(400, 420, 220, p.main) + circle(400, 420, 190, PAPER_WHITE) +
    [...Array(12).keys()].map((i) => {
      const a = (i * Math.PI) / 6;
      const r1 = i % 3 ? 168 : 150;
      return line(`M${(400 + r1 * Math.sin(a)).toFixed(1)} ${(420 - r1 * Math.cos(a)).toFixed(1)} L${(400 + 178 * Math.sin(a)).toFixed(1)} ${(420 - 178 * Math.cos(a)).toFixed(1)}`, INK, i % 3 ? 4 : 8);
    }).join('') +
    line('M400 420 L400 300', INK, 10) + line('M400 420 L490 470', INK, 8) + line('M400 420 L330 270', '#C0392B', 3) + circle(400, 420, 12, INK),
  dried: (p) =>
    [[-30, 300], [-12, 340], [0, 360], [14, 330], [30, 290]]
      .map(([a, len]) => group(`rotate(${a} 400 520)`, line(`M400 520 V${520 - len!}`, '#8E7A58', 5) + vellipse(400, 520 - len! - 20, 26, 70, p.second))).join('') +
    vpath('M330 460 Q300 540 340 630 H460 Q500 540 470 460Z', p.main) + ellipse(400, 460, 70, 14, p.dark),
  box: (p) => vrect(200, 460, 400, 170, 10, p.main) + vrect(186, 420, 428, 60, 10, p.dark) + rect(370, 520, 60, 24, 8, WOOD_DARK) + vrect(260, 330, 280, 100, 10, p.second) + vrect(250, 300, 300, 40, 8, darker(p.second, 0.2)),
  budvase: (p) =>
    line('M400 470 Q380 300 420 180', LEAF_DARK, 5) + circle(424, 170, 24, '#E4897A') + circle(424, 170, 10, '#F3C14A') + leaves(396, 360, 2, 70, 120) +
    vpath('M380 440 H420 V470 Q480 510 480 570 Q480 630 400 630 Q320 630 320 570 Q320 510 380 470Z', p.main) + ellipse(400, 440, 20, 6, p.dark),
  vase: (p) =>
    [-25, -8, 8, 25].map((a) => group(`rotate(${a} 400 360)`, line('M400 360 V140', '#7B6A4A', 5) + leaves(400, 250, 3, 70, 140))).join('') +
    vpath('M350 330 H450 Q440 390 480 440 Q540 520 500 600 Q480 630 400 630 Q320 630 300 600 Q260 520 320 440 Q360 390 350 330Z', p.main) +
    ellipse(400, 330, 50, 10, p.dark),
  frame: (p) =>
    vrect(230, 190, 340, 440, 8, p.main) + rect(260, 220, 280, 380, 2, PAPER_WHITE) + rect(300, 260, 200, 300, 0, p.second, op(0.35)) +
    circle(440, 330, 30, '#F3C14A', op(0.9)) + path('M300 560 L380 420 L440 500 L470 460 L500 520 V560Z', '#5E8C5A', op(0.85)),
  mirror: (p) =>
    vcircle(400, 410, 230, p.main) +
    [...Array(36).keys()].map((i) => {
      const a = (i * Math.PI) / 18;
      return line(`M${(400 + 196 * Math.cos(a)).toFixed(1)} ${(410 + 196 * Math.sin(a)).toFixed(1)} L${(400 + 226 * Math.cos(a)).toFixed(1)} ${(410 + 226 * Math.sin(a)).toFixed(1)}`, p.dark, 4, op(0.45));
    }).join('') +
    circle(400, 410, 190, '#D9E6EA') + path('M280 340 L470 250 L500 280 L310 370Z', '#ffffff', op(0.55)) + path('M320 430 L500 345 L515 362 L335 447Z', '#ffffff', op(0.4)),
  towel: (p) =>
    [0, 1, 2].map((i) => {
      const y = 560 - i * 80;
      const fill = i === 1 ? p.second : p.main;
      return vrect(210 + i * 10, y, 380 - i * 20, 78, 22, fill) + rect(250 + i * 10, y + 10, 16, 58, 0, darker(fill, 0.2), op(0.4)) + rect(534 - i * 10, y + 10, 16, 58, 0, darker(fill, 0.2), op(0.4)) + line(`M${240 + i * 10} ${y + 39} H${560 - i * 10}`, lighter(fill, 0.4), 3, op(0.5));
    }).join(''),
  wateringcan: (p) =>
    line('M360 385 Q430 250 520 345', p.dark, 22) +
    vpath('M320 470 L170 330 L150 350 L300 520Z', p.main) +
    group('rotate(-45 160 336)', vellipse(160, 336, 22, 44, p.dark)) +
    vpath('M300 380 H520 V590 Q520 622 488 622 H332 Q300 622 300 590Z', p.main) +
    ellipse(410, 380, 110, 18, p.dark) +
    line('M300 430 H520 M300 560 H520', p.dark, 4, op(0.3)),
  toothcup: (p) =>
    group('rotate(-14 400 430)', rect(352, 230, 18, 250, 9, p.second) + rect(348, 200, 26, 70, 10, PAPER_WHITE)) +
    group('rotate(10 400 430)', rect(420, 250, 18, 230, 9, '#6B9AC4') + rect(416, 220, 26, 70, 10, PAPER_WHITE)) +
    vpath('M310 400 H490 L478 610 Q476 628 458 628 H342 Q324 628 322 610Z', p.main) +
    [[350, 470, 9], [440, 450, 7], [380, 540, 11], [460, 560, 8], [340, 590, 6]].map(([x, y, r]) => circle(x!, y!, r!, p.dark, op(0.55))).join('') +
    ellipse(400, 400, 90, 14, p.dark),
  apron: (p) =>
    line('M335 230 Q400 120 465 230', p.dark, 12) +
    line('M250 380 Q180 400 150 470 M550 380 Q620 400 650 470', p.dark, 12) +
    vpath('M330 225 H470 L480 370 Q560 380 560 420 L580 640 H220 L240 420 Q240 380 320 370Z', p.main) +
    rect(330, 470, 140, 90, 8, p.dark, op(0.3)) + line('M400 470 V560', p.main, 4) +
    line('M330 225 H470', p.dark, 10),
} satisfies Record<string, ShapeFn>;

function vcircle(cx: number, cy: number, r: number, fill: string): string {
  return circle(cx, cy, r, fill) + shade(circle(cx, cy, r, fill));
}

type ShapeName = keyof typeof SHAPES;

interface Scene {
  background: string;
  pattern: 'dots' | 'lines' | 'grid';
}

const CATEGORY_SCENES: Record<string, Scene> = {
  kitchen: { background: '#F4EEE6', pattern: 'dots' },
  tableware: { background: '#EEF1EA', pattern: 'grid' },
  textiles: { background: '#F3EAE4', pattern: 'lines' },
  lighting: { background: '#F1EEE4', pattern: 'dots' },
  stationery: { background: '#EBEFF4', pattern: 'grid' },
  bath: { background: '#E6F0EF', pattern: 'dots' },
  garden: { background: '#EAF0E2', pattern: 'lines' },
  kids: { background: '#F8EEDD', pattern: 'dots' },
  apparel: { background: '#EEEAE6', pattern: 'lines' },
  'home-decor': { background: '#F2ECE6', pattern: 'grid' },
};

const VIEWS = ['front view', 'close-up', 'side view'] as const;

function renderSvg(shape: ShapeFn, paint: Paint, scene: Scene, view: number): string {
  const bg = view === 2 ? mix(scene.background, paint.main, 0.12) : scene.background;
  const ink = darker(bg, 0.5);
  const pattern =
    scene.pattern === 'dots'
      ? `<circle cx="16" cy="16" r="2.2" fill="${ink}" opacity=".16"/>`
      : scene.pattern === 'lines'
        ? `<path d="M0 32 L32 0" stroke="${ink}" stroke-width="1.6" opacity=".12"/>`
        : `<path d="M32 0 V32 H0" fill="none" stroke="${ink}" stroke-width="1.2" opacity=".12"/>`;
  const transform =
    view === 1 ? 'translate(400 440) scale(1.35) translate(-400 -440)' : view === 2 ? 'translate(800 0) scale(-1 1)' : 'translate(0 0)';
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 800" width="800" height="800">',
    '<defs>',
    '<linearGradient id="v" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#fff" stop-opacity=".24"/><stop offset=".45" stop-color="#fff" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity=".2"/></linearGradient>',
    `<radialGradient id="g" cx=".5" cy=".45" r=".55"><stop offset="0" stop-color="#fff" stop-opacity=".7"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient>`,
    `<pattern id="p" width="32" height="32" patternUnits="userSpaceOnUse">${pattern}</pattern>`,
    '</defs>',
    `<rect width="800" height="800" fill="${bg}"/>`,
    '<rect width="800" height="800" fill="url(#p)"/>',
    '<rect width="800" height="800" fill="url(#g)"/>',
    `<rect y="640" width="800" height="160" fill="${darker(bg, 0.06)}"/>`,
    `<g transform="${transform}">`,
    '<ellipse cx="400" cy="642" rx="250" ry="20" fill="#000" opacity=".07"/>',
    shape(paint),
    '</g>',
    '</svg>',
  ].join('');
}

// ---------------------------------------------------------------------------------------------------
// Building the plan: every row the seed will insert, worked out before touching the database.

interface PlannedVariant {
  sku: string;
  options: Record<string, string>;
  priceCents: number;
  stock: number;
  colourHex?: string;
  colourName?: string;
}

interface PlannedImage {
  file: string;
  alt: string;
  svg: string;
}

interface PlannedProduct {
  categorySlug: string;
  slug: string;
  name: string;
  description: string;
  status: 'draft' | 'active' | 'archived';
  featured: boolean;
  createdAt: Date;
  variants: PlannedVariant[];
  images: PlannedImage[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Prices end the way shops price things: .50 below €10, otherwise whole euros, .50 or .95. */
function shopPrice(euros: number, ending: number): number {
  let cents: number;
  if (euros < 10) cents = Math.round(euros * 2) * 50;
  else cents = Math.round(euros) * 100 - ending;
  return Math.min(39_000, Math.max(350, cents));
}

function topLevelOf(slug: string): CategoryDef {
  const top = CATEGORIES.find((c) => c.slug === slug || c.children?.some((child) => child.slug === slug));
  if (!top) throw new Error(`Unknown category ${slug}`);
  return top;
}

function variantOptions(rng: Rng, dims: OptionDim[]): OptionValue[][] {
  const chosen: OptionValue[][] = dims.map((d) => (d.pickRange ? [] : d.values));
  const fixed = chosen.reduce((n, vs) => (vs.length ? n * vs.length : n), 1);
  dims.forEach((d, i) => {
    if (!d.pickRange) return;
    const k = Math.max(1, Math.min(intIn(rng, d.pickRange[0], d.pickRange[1]), Math.floor(6 / fixed)));
    chosen[i] = sample(rng, d.values, k);
  });
  // Every combination, first dimension outermost.
  let combos: OptionValue[][] = [[]];
  for (const vs of chosen) combos = combos.flatMap((c) => vs.map((v) => [...c, v]));
  return combos.slice(0, 6);
}

/** Plain ASCII names; the others (accents, apostrophes) are what search tests look for. */
function isPlainName(name: string): boolean {
  return /^[A-Za-z0-9 &-]+$/.test(name);
}

function planShop(now: Date): PlannedProduct[] {
  const rng = mulberry32(0x0e3b0e1a);
  const products: PlannedProduct[] = [];
  const slugs = new Set<string>();
  const skus = new Set<string>();
  let number = 0;

  for (const type of PRODUCT_TYPES) {
    const top = topLevelOf(type.cat);
    for (const kind of type.kinds) {
      number++;
      const name = type.noun.includes('%') ? type.noun.replace('%', kind) : kind ? `${kind} ${type.noun}` : type.noun;
      const slug = slugify(name);
      if (slugs.has(slug)) throw new Error(`Duplicate demo product slug ${slug}`);
      slugs.add(slug);

      const base = type.price[0] + rng() * (type.price[1] - type.price[0]);
      const ending = pick(rng, [0, 0, 50, 5]);
      const variants: PlannedVariant[] = variantOptions(rng, type.options).map((combo) => {
        const options: Record<string, string> = {};
        let mult = 1;
        let colourHex: string | undefined;
        let colourName: string | undefined;
        combo.forEach((value, i) => {
          const dim = type.options[i]!;
          options[dim.name] = value.label;
          mult *= value.mult;
          if (value.hex) {
            colourHex = value.hex;
            colourName = value.label;
          }
        });
        const code = combo.map((v) => v.code).join('-');
        const sku = `EMP-${top.code}-${String(number).padStart(4, '0')}${code ? `-${code}` : ''}`;
        if (skus.has(sku)) throw new Error(`Duplicate demo SKU ${sku}`);
        skus.add(sku);
        // Now and then a colour costs a little more (a special glaze, a harder-to-dye yarn).
        const premium = colourHex && rng() < 0.12 ? intIn(rng, 2, 5) : 0;
        const roll = rng();
        const stock = roll < 0.06 ? 0 : roll < 0.13 ? intIn(rng, 1, 3) : intIn(rng, 5, 120);
        return { sku, options, priceCents: shopPrice(base * mult + premium, ending), stock, colourHex, colourName };
      });

      const material = materialFor(`${kind} ${type.noun}`);
      const scene = CATEGORY_SCENES[top.slug]!;
      const fallbackColours = [COLOURS['Sage']!, COLOURS['Ochre']!, COLOURS['Ink Blue']!, COLOURS['Terracotta']!, COLOURS['Blush']!].map((c) => c.hex);
      const imageCount = intIn(rng, 1, 3);
      const images: PlannedImage[] = [];
      const firstHex = kindHex(name) ?? material?.hex ?? pick(rng, fallbackColours);
      const colours = [...new Map(variants.filter((v) => v.colourHex).map((v) => [v.colourName!, v.colourHex!])).entries()];
      for (let n = 0; n < imageCount; n++) {
        const [colourName, colourHex] = colours.length ? colours[n % colours.length]! : [undefined, undefined];
        const main = colourHex ?? (n === 0 || !material ? firstHex : mix(firstHex, pick(rng, fallbackColours), 0.15));
        const second = top.slug === 'kids' ? pick(rng, KIDS).hex : pick(rng, fallbackColours);
        const paint: Paint = { main, dark: darker(main), light: lighter(main), second: second === main ? '#D7A531' : second };
        const view = VIEWS[n]!;
        images.push({
          file: `seed-${slug}-${n + 1}.svg`,
          alt: colourName ? `${name} in ${colourName.toLowerCase()}, ${view}` : `${name}, ${view}`,
          svg: renderSvg(SHAPES[type.shape], paint, scene, n),
        });
      }

      const createdAt = new Date(now.getTime() - Math.floor(rng() * 120 * DAY_MS));
      products.push({
        categorySlug: type.cat,
        slug,
        name,
        description: describe(rng, type, kind),
        status: 'active',
        featured: false,
        createdAt,
        variants,
        images,
      });
    }
  }

  // Statuses, sold-out products and the featured shelf are chosen from distinct products. Names with
  // accents or apostrophes come last, so they stay visible and buyable for searches that need them.
  const shuffled = sample(rng, products.map((_, i) => i), products.length);
  const plain = (i: number) => isPlainName(products[i]!.name);
  const order = [...shuffled.filter(plain), ...shuffled.filter((i) => !plain(i))];
  const take = (n: number) => order.splice(0, n).map((i) => products[i]!);
  for (const p of take(3)) p.status = 'draft';
  for (const p of take(2)) p.status = 'archived';
  for (const p of take(4)) for (const v of p.variants) v.stock = 0;
  for (const p of products) {
    if (!isPlainName(p.name) && p.variants.every((v) => v.stock === 0)) p.variants[0]!.stock = intIn(rng, 5, 40);
  }
  for (const p of take(12)) {
    p.featured = true;
    // A featured product always has something to buy.
    if (p.variants.every((v) => v.stock === 0)) p.variants[0]!.stock = intIn(rng, 5, 40);
  }
  return products;
}

// ---------------------------------------------------------------------------------------------------
// Writing it out.

const BATCH = 100;

async function insertBatched(trx: Knex.Transaction, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await trx(table).insert(rows.slice(i, i + BATCH));
}

async function idsBySlug(trx: Knex.Transaction, table: string, slugs: string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < slugs.length; i += BATCH) {
    const rows = await trx(table).whereIn('slug', slugs.slice(i, i + BATCH)).select('id', 'slug');
    for (const r of rows) ids.set(r.slug as string, Number(r.id));
  }
  return ids;
}

/** Loads the demo shop into an empty catalog; does nothing (and returns zeros) when categories exist. */
export async function seedDemoShop(
  db: Knex,
  options: SeedOptions,
): Promise<{ categories: number; products: number; variants: number; images: number }> {
  const none: SeedCounts = { categories: 0, products: 0, variants: 0, images: 0 };
  const existing = await db('categories').first('id');
  if (existing) return none;

  const now = options.now ?? new Date();
  const products = planShop(now);

  // Files first: a failed write then leaves no rows pointing at missing images.
  fs.mkdirSync(options.uploadDir, { recursive: true });
  for (const p of products) for (const image of p.images) fs.writeFileSync(join(options.uploadDir, image.file), image.svg);

  const categoriesCreated = new Date(now.getTime() - 130 * DAY_MS);
  const counts = await db.transaction(async (trx) => {
    // Checked again inside the transaction, in case another process seeded in the meantime.
    if (await trx('categories').first('id')) return none;

    const topRows = CATEGORIES.map((c, i) => ({ slug: c.slug, name: c.name, description: c.description, position: i, parent_id: null, created_at: categoriesCreated, updated_at: categoriesCreated }));
    await insertBatched(trx, 'categories', topRows);
    const topIds = await idsBySlug(trx, 'categories', CATEGORIES.map((c) => c.slug));
    const childRows = CATEGORIES.flatMap((c) =>
      (c.children ?? []).map((child, i) => ({ slug: child.slug, name: child.name, description: child.description, position: i, parent_id: topIds.get(c.slug)!, created_at: categoriesCreated, updated_at: categoriesCreated })),
    );
    await insertBatched(trx, 'categories', childRows);
    const categoryIds = await idsBySlug(trx, 'categories', [...topRows, ...childRows].map((c) => c.slug));

    await insertBatched(
      trx,
      'products',
      products.map((p) => ({
        category_id: categoryIds.get(p.categorySlug)!,
        slug: p.slug,
        name: p.name,
        description: p.description,
        status: p.status,
        featured: p.featured,
        created_at: p.createdAt,
        updated_at: p.createdAt,
      })),
    );
    const productIds = await idsBySlug(trx, 'products', products.map((p) => p.slug));

    const variantRows = products.flatMap((p) =>
      p.variants.map((v, i) => ({
        product_id: productIds.get(p.slug)!,
        sku: v.sku,
        options: JSON.stringify(v.options),
        price_cents: v.priceCents,
        stock: v.stock,
        position: i,
        created_at: p.createdAt,
        updated_at: p.createdAt,
      })),
    );
    await insertBatched(trx, 'variants', variantRows);

    const imageRows = products.flatMap((p) =>
      p.images.map((image, i) => ({ product_id: productIds.get(p.slug)!, file: image.file, width: 800, height: 800, alt: image.alt, position: i, created_at: p.createdAt })),
    );
    await insertBatched(trx, 'product_images', imageRows);

    return { categories: topRows.length + childRows.length, products: products.length, variants: variantRows.length, images: imageRows.length };
  });

  if (counts.products > 0) await reindexProducts(db);
  return counts;
}
