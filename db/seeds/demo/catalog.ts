// The demo catalog as data: colours, option dimensions, categories and the product types each category sells.
import type { ShapeName } from './shapes';

// ---------------------------------------------------------------------------------------------------
// Colours: option values shoppers pick, each with a SKU code and the hex the artwork paints it in.

export interface Colour {
  name: string;
  code: string;
  hex: string;
}

export const COLOURS: Record<string, Colour> = Object.fromEntries(
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
export const KIDS = colourSet('Mustard', 'Sky Blue', 'Tomato', 'Mint', 'Lilac');
const LAMP = colourSet('Chalk', 'Black', 'Sage', 'Ochre', 'Blush', 'Ink Blue');
const PAPER = colourSet('Ink Blue', 'Rust', 'Forest Green', 'Mustard', 'Black', 'Blush', 'Sage');
const BATH = colourSet('White', 'Sage', 'Sand', 'Sky Blue', 'Blush', 'Charcoal');
const COOKWARE = colourSet('Ink Blue', 'Terracotta', 'Sage', 'Charcoal', 'Mustard');

// ---------------------------------------------------------------------------------------------------
// Options: each product type names its option dimensions; a product gets every combination (at most 6).

export interface OptionValue {
  label: string;
  code: string;
  /** Price multiplier against the product's base price. */
  mult: number;
  hex?: string;
}

export interface OptionDim {
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

export interface CategoryDef {
  slug: string;
  name: string;
  description: string;
  /** Three letters in the SKU of products under this top-level category. */
  code?: string;
  children?: Omit<CategoryDef, 'children' | 'code'>[];
}

export const CATEGORIES: CategoryDef[] = [
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

export interface ProductType {
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

export const PRODUCT_TYPES: ProductType[] = [
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
  T('bed-linen', 'Duvet Cover', ['Stonewashed Linen', 'Cotton Percale', 'Cotton Sateen'], 'bed', [size(['Single bed', 'SGL'], ['Double', 'DBL', 1.3], ['King', 'KNG', 1.55]), colour(LINEN, 1, 2)], [69, 129], 'Breathable, soft and closed with hidden buttons.'),
  T('bed-linen', 'Pillowcase Pair', ['Linen', 'Organic Cotton'], 'pillows', [colour(LINEN, 1, 4)], [24, 39], 'Envelope-closed pillowcases that stay put through the night.', '50 × 75 cm each'),
  T('bed-linen', 'Fitted Sheet', ['Cotton Percale'], 'bed', [size(['Single bed', 'SGL'], ['Double', 'DBL', 1.25], ['King', 'KNG', 1.45])], [35, 49], 'Deep elasticated corners fit mattresses up to 35 cm thick.'),
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
