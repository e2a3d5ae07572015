// axe-core on the pages behind a form or a login: cart, checkout steps, account, back office.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { fillDelivery } from './support';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('cart and checkout steps have no serious violations', async ({ page }) => {
  await page.goto('/');
  await page.locator('.card').filter({ has: page.locator('.stock--in') }).nth(6).locator('.card-link').click();
  await page.getByRole('button', { name: 'Add to cart' }).click();
  // With JavaScript the add is a fetch: leaving before its answer would cancel it.
  await expect(page.getByRole('status').filter({ hasText: 'Added to your cart.' })).toBeVisible();
  await page.goto('/cart');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Checkout' }).click();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel('Email', { exact: true }).fill(`a11y-${Date.now()}@example.test`);
  await page.getByRole('button', { name: 'Continue' }).click();
  expect(await seriousViolations(page)).toEqual([]);
  await fillDelivery(page);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Continue without a code' }).click();
  expect(await seriousViolations(page)).toEqual([]);
});

test('back-office pages have no serious violations', async ({ page }) => {
  await page.goto('/account/login');
  await page.getByLabel('Email address').fill('admin@emporium.test');
  await page.getByLabel('Password', { exact: true }).fill('demo-admin-pass');
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  for (const url of ['/admin', '/admin/products', '/admin/orders', '/admin/discounts', '/admin/tax-rates', '/admin/users', '/admin/audit', '/plus', '/account/orders', '/account/tokens']) {
    await page.goto(url);
    expect(await seriousViolations(page), url).toEqual([]);
  }
  await page.goto('/admin/products');
  await page.locator('table a').nth(1).click();
  expect(await seriousViolations(page), 'product edit').toEqual([]);
});
