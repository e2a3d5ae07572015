// The server-drawn sales chart: one bar per day, a labelled money scale, escaped text and no script.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dayLabelFormatter, salesChartSvg, type SalesChartFormatters, type SalesDay } from './sales-chart';

function month(centsOf: (i: number) => number): SalesDay[] {
  const start = Date.UTC(2026, 10, 1);
  return Array.from({ length: 30 }, (_, i) => ({ date: new Date(start + i * 86_400_000).toISOString().slice(0, 10), cents: centsOf(i) }));
}

const formatters: SalesChartFormatters = {
  money: (cents) => `€${(cents / 100).toFixed(2)}`,
  day: dayLabelFormatter('en-GB'),
  title: 'Sales, last 30 days',
  describe: (s) => `From ${s.first} to ${s.last}: ${s.totalCents} cents, best ${s.bestDate ?? 'none'}.`,
};

const count = (svg: string, pattern: RegExp) => (svg.match(new RegExp(pattern, 'g')) ?? []).length;

describe('sales chart', () => {
  test('draws 30 bars, an accessible title and description, money on the y axis and a label every five days', () => {
    const svg = salesChartSvg(month((i) => (i + 1) * 1000), formatters);
    assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="sales-chart-title sales-chart-desc"/);
    assert.match(svg, /<title id="sales-chart-title">Sales, last 30 days<\/title>/);
    assert.match(svg, /<desc id="sales-chart-desc">From 1 Nov to 30 Nov: 465000 cents, best 30 Nov\.<\/desc>/);
    assert.equal(count(svg, /<rect class="sales-bar"/), 30);
    assert.match(svg, /<text class="sales-chart-y"[^>]*>€0\.00<\/text>/);
    assert.match(svg, /<text class="sales-chart-y"[^>]*>€400\.00<\/text>/, 'a round top above the best day (€300.00)');
    assert.equal(count(svg, /<g class="sales-chart-x">/), 1);
    const xLabels = svg.slice(svg.indexOf('<g class="sales-chart-x">'));
    assert.equal(count(xLabels, /<text /), 6);
    assert.match(xLabels, />30 Nov<\/text>/, 'the latest day is always labelled');
    assert.doesNotMatch(svg, /<script|on\w+=/i);
  });

  test('zero-sales days get a flat bar, and a month without sales does not divide by zero', () => {
    const some = salesChartSvg(month((i) => (i === 3 ? 2500 : 0)), formatters);
    assert.equal(count(some, /<rect class="sales-bar"/), 30);
    assert.equal(count(some, /height="0"/), 29);
    const none = salesChartSvg(month(() => 0), formatters);
    assert.equal(count(none, /<rect class="sales-bar"/), 30);
    assert.doesNotMatch(none, /NaN|Infinity/);
    assert.match(none, /best none/);
    assert.doesNotMatch(salesChartSvg([], formatters), /NaN|Infinity/);
  });

  test('escapes every text it is given', () => {
    const svg = salesChartSvg(month(() => 100), {
      ...formatters,
      money: () => '<b>&"\'',
      title: 'Sales <script>alert(1)</script>',
      describe: () => '"quoted" & <tagged>',
      day: () => '<i>',
    });
    assert.doesNotMatch(svg, /<script|<b>|<i>|<tagged>/);
    assert.match(svg, /<title id="sales-chart-title">Sales &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
    assert.match(svg, /&quot;quoted&quot; &amp; &lt;tagged&gt;/);
    assert.match(svg, /&lt;b&gt;&amp;&quot;&#39;/);
  });
});
