// A discount code's description end to end: a clerk writes it in English and French side by side, and a shopper
// reads it beside the applied code on the cart, in English at / and in French under /fr/.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { logIn } from './support';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('a clerk describes a code in English and French; the cart shows the description in the page’s language', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const code = `SPRING-${info.project.name}-${Date.now().toString(36)}`.toUpperCase();

  // Arrange: the clerk writes the code with its English only, and the list says the French is missing.
  await logIn(page, 'staff@emporium.test', 'demo-staff-pass');
  await page.goto('/admin/discounts/new');
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByLabel('Value').fill('10');
  expect(await seriousViolations(page), 'discount form').toEqual([]);
  await page.getByLabel('Description (shown to shoppers) — English').fill('Spring sale, 10 % off');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin\/discounts$/);
  await page.getByLabel('Only codes missing French').check();
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/\/admin\/discounts\?missing=fr$/);
  const row = page.getByRole('row').filter({ hasText: code });
  await expect(row).toContainText('Spring sale, 10 % off');
  await expect(row).toContainText('French missing');
  expect(await seriousViolations(page), 'discount list filtered').toEqual([]);

  // Act: the French beside the English.
  await row.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Description (shown to shoppers) — English')).toHaveValue('Spring sale, 10 % off');
  await page.getByLabel('Description (shown to shoppers) — French').fill('Soldes de printemps : −10 %');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin\/discounts$/);
  await page.goto('/admin/discounts?missing=fr');
  await expect(page.getByRole('row').filter({ hasText: code })).toHaveCount(0);

  // Assert: a shopper (another browser) sees the description beside the code, in English and then in French.
  const shopperContext = await browser.newContext({ baseURL: info.project.use.baseURL, javaScriptEnabled: info.project.use.javaScriptEnabled });
  const shopper = await shopperContext.newPage();
  try {
    await shopper.goto('/');
    await shopper.locator('.card').filter({ has: shopper.locator('.stock--in') }).nth(7).locator('.card-link').click();
    await shopper.getByRole('button', { name: 'Add to cart' }).click();
    await expect(shopper.getByRole('status').filter({ hasText: 'Added to your cart.' })).toBeVisible();
    await shopper.goto('/cart');
    await shopper.getByLabel('Discount code').fill(code.toLowerCase());
    await shopper.getByRole('button', { name: 'Apply' }).click();
    await expect(shopper.locator('.cart-discount')).toContainText(`Discount (${code}) — Spring sale, 10 % off`);
    await shopper.goto('/fr/cart');
    await expect(shopper.locator('.cart-discount')).toContainText(`Remise (${code}) — Soldes de printemps : −10 %`);
    await expect(shopper.locator('.cart-discount .discount-description')).toHaveAttribute('lang', 'fr');
    expect(await seriousViolations(shopper), 'French cart with a described code').toEqual([]);
  } finally {
    await shopperContext.close();
  }
});
