// A shopper fills a cart from product pages and changes it, with JavaScript on and off (@core).
import { expect, test } from '@playwright/test';

test('@core a shopper adds to the cart, changes the quantity and removes the line', async ({ page, javaScriptEnabled }) => {
  await page.goto('/');
  const firstCard = page.locator('.card').filter({ hasNot: page.locator('.stock--out') }).first();
  const name = (await firstCard.locator('.card-name').textContent())!.trim();
  await firstCard.locator('.card-link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);

  await page.getByLabel('Quantity').fill('2');
  // A click before the module script has loaded is a plain form post (also fine, but not what this checks).
  if (javaScriptEnabled) await page.waitForFunction(() => document.documentElement.dataset.cartForms === 'ready');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added to your cart.' })).toBeVisible();
  if (javaScriptEnabled) {
    // The script swaps in the server's fragment: same page, new header count.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(page.getByRole('link', { name: 'Cart (2)' })).toBeVisible();
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(page.getByRole('link', { name: 'Cart (3)' })).toBeVisible();
    await page.getByRole('link', { name: 'View your cart' }).click();
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Update' }).click();
  }
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByRole('link', { name })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Cart (2)' })).toBeVisible();

  await page.getByLabel('Quantity').fill('0');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.locator('.field-error', { hasText: 'Enter a whole number from 1 to 99.' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Cart (2)' })).toBeVisible();

  await page.getByLabel('Quantity').fill('3');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByRole('link', { name: 'Cart (3)' })).toBeVisible();

  await page.getByRole('button', { name: /Remove/ }).click();
  await expect(page.getByText('Your cart is empty.')).toBeVisible();
});

test('@core a bad quantity on the product page is explained beside the field', async ({ page }) => {
  await page.goto('/');
  await page.locator('.card').filter({ hasNot: page.locator('.stock--out') }).first().locator('.card-link').click();
  await page.getByLabel('Quantity').fill('1.5');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.locator('.field-error', { hasText: 'Enter a whole number from 1 to 99.' })).toBeVisible();
  await expect(page.getByLabel('Quantity')).toHaveValue('1.5');
  await expect(page.getByRole('link', { name: 'Cart', exact: true })).toBeVisible();
});

test('@core a shopper on the French pages stays on them from product to cart to checkout', async ({ page, javaScriptEnabled }) => {
  await page.goto('/fr/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.locator('.card').filter({ hasNot: page.locator('.stock--out') }).first().locator('.card-link').click();
  await expect(page).toHaveURL(/\/fr\/products\//);
  if (javaScriptEnabled) await page.waitForFunction(() => document.documentElement.dataset.cartForms === 'ready');
  await page.getByRole('button', { name: 'Ajouter au panier' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ajouté à votre panier.' })).toBeVisible();
  if (javaScriptEnabled) await page.getByRole('link', { name: 'Voir votre panier' }).click();
  await expect(page).toHaveURL(/\/fr\/cart$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('link', { name: 'Panier (1)' })).toBeVisible();
  await page.getByRole('link', { name: 'Commander' }).click();
  await expect(page).toHaveURL(/\/fr\/checkout\/contact$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});
