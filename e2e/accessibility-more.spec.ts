// axe-core on the pages behind a form or a login: cart, checkout steps, account, back office.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { fillDelivery, logIn } from './support';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('cart and checkout steps have no serious violations', async ({ page }) => {
  // Five pages in one journey (each step needs the one before): more time than a single page's test.
  test.setTimeout(90_000);
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
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review and pay');
  expect(await seriousViolations(page)).toEqual([]);
});

test('the French cart and checkout steps have no serious violations', async ({ page }, info) => {
  test.setTimeout(90_000);
  await page.goto('/fr/products/bols-a-cafe-au-lait');
  await page.getByRole('button', { name: 'Ajouter au panier' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ajouté à votre panier.' })).toBeVisible();
  await page.goto('/fr/cart');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre panier');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Commander' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre e-mail');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel('E-mail', { exact: true }).fill(`a11y-fr-${info.project.name}-${Date.now()}@example.test`);
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Livraison');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel('Nom complet').fill('Camille Martin');
  await page.getByLabel('Adresse', { exact: true }).fill('12 rue de la Paix');
  await page.getByLabel('Code postal').fill('75002');
  await page.getByLabel('Ville').fill('Paris');
  await page.getByLabel('Pays').selectOption('FR');
  await page.getByRole('radio', { name: /^Livraison standard/ }).check();
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vérifier et payer');
  await expect(page).toHaveURL(/\/fr\/checkout\/review$/);
  expect(await seriousViolations(page)).toEqual([]);
});

// One test per page: a single test checking them all ran past the 30 s test timeout on a busy machine.
// Even one page (log in, render, axe over a long table) took close to 30 s with every core taken, so each
// page also gets more room; a fast machine is no slower for it.
test.describe('back-office pages have no serious violations', () => {
  test.describe.configure({ timeout: 90_000 });

  test.beforeEach(async ({ page }) => {
    await logIn(page, 'admin@emporium.test', 'demo-admin-pass');
  });

  for (const url of ['/admin', '/admin/products', '/admin/orders', '/admin/discounts', '/admin/tax-rates', '/admin/settings/prices', '/admin/users', '/admin/audit', '/plus', '/account/orders', '/account/tokens', '/fr/account', '/fr/account/orders']) {
    test(url, async ({ page }) => {
      await page.goto(url);
      expect(await seriousViolations(page), url).toEqual([]);
    });
  }

  for (const url of ['/admin/categories', '/admin/categories?missing=fr', '/admin/categories/new']) {
    test(url, async ({ page }) => {
      await page.goto(url);
      expect(await seriousViolations(page), url).toEqual([]);
    });
  }

  test('category edit', async ({ page }) => {
    await page.goto('/admin/categories');
    await page.locator('table a').first().click();
    expect(await seriousViolations(page), 'category edit').toEqual([]);
  });

  test('product edit', async ({ page }) => {
    await page.goto('/admin/products');
    await page.locator('table a').nth(1).click();
    expect(await seriousViolations(page), 'product edit').toEqual([]);
  });
});
