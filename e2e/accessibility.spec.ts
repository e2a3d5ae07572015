// axe-core on each page type: no serious or critical accessibility violations.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

const pages: [string, string][] = [
  ['home', '/'],
  ['search results', '/search?q=a'],
  ['search without results', '/search?q=zzzzqqq'],
  ['not found', '/products/no-such-thing'],
];

async function firstHref(page: import('@playwright/test').Page, selector: string): Promise<string> {
  await page.goto('/');
  return (await page.locator(selector).first().getAttribute('href'))!;
}

test.describe('accessibility', () => {
  for (const [name, url] of pages) {
    test(`${name} page has no serious violations`, async ({ page }) => {
      await page.goto(url);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }

  test('category page has no serious violations', async ({ page }) => {
    await page.goto(await firstHref(page, '.category-nav a'));
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });

  test('product page has no serious violations', async ({ page }) => {
    await page.goto(await firstHref(page, '.card-link'));
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });
});
