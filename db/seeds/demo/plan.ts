// Building the plan: every row the demo seed will insert (with its artwork), worked out before touching the database.
import { renderSvg, CATEGORY_SCENES, darker, lighter, mix, VIEWS, type Paint } from './artwork';
import { CATEGORIES, COLOURS, KIDS, PRODUCT_TYPES, type CategoryDef, type OptionDim, type OptionValue } from './catalog';
import { describe, kindHex, materialFor } from './descriptions';
import { intIn, mulberry32, pick, sample, type Rng } from './random';
import { SHAPES } from './shapes';
import { frenchAlt, frenchName, KINDS_FR, TYPES_FR } from './french';
import { newMediaBase } from '../../../src/catalog/image-files';

function slugify(text: string, and = 'and'): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/['’]/g, '')
    .replace(/&/g, ` ${and} `)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

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
  /** The same in French (image_translations). */
  altFr: string;
  svg: string;
  /** The colour this photo shows: the variants of that colour show it. */
  colourName?: string;
}

export interface PlannedProduct {
  categorySlug: string;
  slug: string;
  name: string;
  description: string;
  status: 'draft' | 'active' | 'archived';
  featured: boolean;
  createdAt: Date;
  variants: PlannedVariant[];
  images: PlannedImage[];
  /** The French name, description, meta description and slug (product_translations). */
  fr: { name: string; description: string; metaDescription: string; slug: string };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

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

export function planShop(now: Date): PlannedProduct[] {
  const rng = mulberry32(0x0e3b0e1a);
  const products: PlannedProduct[] = [];
  const slugs = new Set<string>();
  const frenchSlugs = new Set<string>();
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
      const typeFr = TYPES_FR[type.noun];
      const kindFr = KINDS_FR[kind];
      if (!typeFr || kindFr === undefined) throw new Error(`No French for ${name}`);
      const frName = frenchName(typeFr, kindFr);
      const frSlug = slugify(frName, 'et');
      if (frenchSlugs.has(frSlug)) throw new Error(`Duplicate French demo product slug ${frSlug}`);
      frenchSlugs.add(frSlug);

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
          // A random name like an upload's (not the slug): a file name must not reveal a hidden product.
          file: `${newMediaBase()}.svg`,
          alt: colourName ? `${name} in ${colourName.toLowerCase()}, ${view}` : `${name}, ${view}`,
          altFr: frenchAlt(frName, view, colourName),
          svg: renderSvg(SHAPES[type.shape], paint, scene, n),
          colourName,
        });
      }

      const createdAt = new Date(now.getTime() - Math.floor(rng() * 120 * DAY_MS));
      const description = describe(rng, type, kind, typeFr);
      products.push({
        categorySlug: type.cat,
        slug,
        name,
        description: description.en,
        fr: { name: frName, description: description.fr, metaDescription: `${frName} : ${typeFr.about}`.slice(0, 300), slug: frSlug },
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
