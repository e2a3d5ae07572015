// The demo seed's randomness: one seeded generator, so every run builds the very same shop.

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function intIn(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[pickIndex(rng, list)]!;
}

/** The position pick would choose (one draw, the same one). */
export function pickIndex(rng: Rng, list: readonly unknown[]): number {
  return Math.floor(rng() * list.length);
}

/** k distinct items of the list, in random order. */
export function sample<T>(rng: Rng, list: readonly T[], k: number): T[] {
  const indices = list.map((_, i) => i);
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return indices.slice(0, Math.min(k, list.length)).map((i) => list[i]!);
}
