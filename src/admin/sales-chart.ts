// The dashboard's sales chart, drawn on the server as an SVG string so the page needs no chart script.

export interface SalesDay {
  /** A UTC calendar day, 'YYYY-MM-DD'. */
  date: string;
  cents: number;
}

export interface SalesChartSummary {
  first: string;
  last: string;
  totalCents: number;
  bestDate: string | null;
  bestCents: number;
}

export interface SalesChartFormatters {
  money: (cents: number) => string;
  /** A short label for a day on the x axis ('12 Nov'). */
  day: (date: string) => string;
  title: string;
  /** The text alternative for people who cannot see the chart. */
  describe: (summary: SalesChartSummary) => string;
  /** Keeps ids unique if a page ever shows two charts. */
  idPrefix?: string;
}

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { top: 12, right: 12, bottom: 30, left: 84 };
const TICKS = 4;

/** Escapes text for SVG element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** The smallest 1, 2, 2.5 or 5 × 10^n that is at least value (value > 0). */
function niceStep(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * magnitude >= value) return m * magnitude;
  return 10 * magnitude;
}

const n1 = (x: number) => (Math.round(x * 10) / 10).toString();

/** Short day labels in the visitor's language; the days are UTC days, so they are formatted in UTC. */
export function dayLabelFormatter(intlLocale: string): (date: string) => string {
  const format = new Intl.DateTimeFormat(intlLocale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return (date) => format.format(new Date(`${date}T00:00:00Z`));
}

export function salesChartSvg(days: SalesDay[], f: SalesChartFormatters): string {
  const id = f.idPrefix ?? 'sales-chart';
  const max = days.reduce((m, d) => Math.max(m, d.cents), 0);
  // A whole number of cents per step, and never zero: an empty month still gets a scale and no division by zero.
  const step = max > 0 ? Math.max(1, Math.ceil(niceStep(max / TICKS))) : 100;
  const top = step * TICKS;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = days.length > 0 ? plotW / days.length : plotW;
  const barW = Math.max(1, slot * 0.7);
  const y = (cents: number) => PAD.top + plotH - (Math.max(0, cents) / top) * plotH;

  let best: SalesDay | null = null;
  for (const d of days) if (d.cents > 0 && (best === null || d.cents > best.cents)) best = d;
  const summary: SalesChartSummary = {
    first: days.length > 0 ? f.day(days[0].date) : '',
    last: days.length > 0 ? f.day(days[days.length - 1].date) : '',
    totalCents: days.reduce((sum, d) => sum + d.cents, 0),
    bestDate: best ? f.day(best.date) : null,
    bestCents: best ? best.cents : 0,
  };

  const parts: string[] = [];
  parts.push(
    `<svg class="sales-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" preserveAspectRatio="xMidYMid meet">`,
    `<title id="${id}-title">${escapeXml(f.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(f.describe(summary))}</desc>`,
  );

  parts.push('<g class="sales-chart-grid">');
  for (let i = 0; i <= TICKS; i++) {
    const cents = step * i;
    const ty = n1(y(cents));
    parts.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${ty}" y2="${ty}" stroke="#ddd"/>`,
      `<text class="sales-chart-y" x="${PAD.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${escapeXml(f.money(cents))}</text>`,
    );
  }
  parts.push('</g>');

  parts.push('<g class="sales-chart-bars">');
  days.forEach((d, i) => {
    const x = PAD.left + i * slot + (slot - barW) / 2;
    const barTop = y(d.cents);
    const h = PAD.top + plotH - barTop;
    parts.push(
      `<rect class="sales-bar" x="${n1(x)}" y="${n1(barTop)}" width="${n1(barW)}" height="${n1(h)}" data-date="${escapeXml(d.date)}"><title>${escapeXml(`${f.day(d.date)}: ${f.money(d.cents)}`)}</title></rect>`,
    );
  });
  parts.push('</g>');

  // A label every five days, counted back from the last so the most recent day is always named.
  parts.push('<g class="sales-chart-x">');
  days.forEach((d, i) => {
    if ((days.length - 1 - i) % 5 !== 0) return;
    const cx = PAD.left + i * slot + slot / 2;
    parts.push(`<text x="${n1(cx)}" y="${HEIGHT - 8}" text-anchor="middle">${escapeXml(f.day(d.date))}</text>`);
  });
  parts.push('</g>');

  parts.push('</svg>');
  return parts.join('');
}
