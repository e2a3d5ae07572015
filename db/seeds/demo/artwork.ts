// The demo's artwork engine: flat, softly shaded 800 px SVG illustrations (colours, drawing primitives, the scene around a shape).

export interface Paint {
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

export function mix(a: string, b: string, t: number): string {
  const [r1, g1, b1] = hexToRgb(a);
  const [r2, g2, b2] = hexToRgb(b);
  const c = (x: number, y: number) => Math.round(x + (y - x) * t).toString(16).padStart(2, '0');
  return `#${c(r1, r2)}${c(g1, g2)}${c(b1, b2)}`;
}

export const darker = (hex: string, t = 0.28) => mix(hex, '#1d1a17', t);
export const lighter = (hex: string, t = 0.4) => mix(hex, '#ffffff', t);

export const WOOD = '#C99E6C';
export const WOOD_DARK = '#8E643F';
export const METAL = '#B7BCC1';
export const BRASS = '#C9A55C';
export const LEAF = '#5E8C5A';
export const LEAF_DARK = '#3F6A45';
export const FLAME = '#F4B740';
export const GLASS = '#D4E7EA';
export const INK = '#2F2B28';
export const PAPER_WHITE = '#FBF8F2';

// Small builders: a shape drawn in a colour, optionally with the shared light-to-shade overlay for volume.
export const shade = (el: string) => el.replace(/fill="[^"]*"/, 'fill="url(#v)"');
export const path = (d: string, fill: string, extra = '') => `<path d="${d}" fill="${fill}"${extra}/>`;
export const vpath = (d: string, fill: string, extra = '') => path(d, fill, extra) + shade(path(d, fill));
export const rect = (x: number, y: number, w: number, h: number, r: number, fill: string, extra = '') =>
  `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${r}" fill="${fill}"${extra}/>`;
export const vrect = (x: number, y: number, w: number, h: number, r: number, fill: string, extra = '') =>
  rect(x, y, w, h, r, fill, extra) + shade(rect(x, y, w, h, r, fill));
export const ellipse = (cx: number, cy: number, rx: number, ry: number, fill: string, extra = '') =>
  `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="${fill}"${extra}/>`;
export const vellipse = (cx: number, cy: number, rx: number, ry: number, fill: string, extra = '') =>
  ellipse(cx, cy, rx, ry, fill, extra) + shade(ellipse(cx, cy, rx, ry, fill));
export const circle = (cx: number, cy: number, r: number, fill: string, extra = '') => `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}"${extra}/>`;
export const line = (d: string, stroke: string, width: number, extra = '') =>
  `<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"${extra}/>`;
export const group = (transform: string, body: string) => `<g transform="${transform}">${body}</g>`;
export const op = (o: number) => ` opacity="${o}"`;

export type ShapeFn = (p: Paint) => string;

export interface Scene {
  background: string;
  pattern: 'dots' | 'lines' | 'grid';
}

export const CATEGORY_SCENES: Record<string, Scene> = {
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

export const VIEWS = ['front view', 'close-up', 'side view'] as const;

export function renderSvg(shape: ShapeFn, paint: Paint, scene: Scene, view: number): string {
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
