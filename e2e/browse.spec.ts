// A shopper browses: home -> category -> filter -> sort -> page -> product -> search. Runs with JavaScript on and off (@core).
import { expect, test, type Page } from '@playwright/test';

function priceOf(text: string): number {
  const match = /(\d[\d,]*\.\d{2})/.exec(text.replace(/\u00a0/g, ' '));
  if (!match) throw new Error(`no price in "${text}"`);
  return Number(match[1].replace(/,/g, ''));
}

async function cardPrices(page: Page): Promise<number[]> {
  return (await page.locator('.card-price').allTextContents()).map(priceOf);
}

async function submitFilters(page: Page, javaScriptEnabled: boolean): Promise<void> {
  // With JavaScript the sort select submits itself; without it the shopper presses Apply.
  if (!javaScriptEnabled) await page.getByRole('button', { name: 'Apply' }).click();
}

test('@core a shopper goes from the home page to a category, filters, sorts and opens a product', async ({ page, javaScriptEnabled }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Featured' })).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Main' });
  const categoryLink = nav.getByRole('link').first();
  const categoryName = (await categoryLink.textContent())!.trim();
  await categoryLink.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(categoryName);
  await expect(page.locator('.card').first()).toBeVisible();

  await page.getByLabel('Minimum price').fill('10');
  await page.getByLabel('In stock only').check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/min=10/);
  await expect(page).toHaveURL(/instock=1/);
  await expect(page.locator('.card .stock--out')).toHaveCount(0);

  await page.getByLabel('Sort by').selectOption('price_asc');
  await submitFilters(page, javaScriptEnabled);
  await expect(page).toHaveURL(/sort=price_asc/);
  await expect(page).toHaveURL(/min=10/);
  await expect(page.getByLabel('Minimum price')).toHaveValue('10');
  const prices = await cardPrices(page);
  expect(prices.length).toBeGreaterThan(0);
  expect(prices).toEqual([...prices].sort((a, b) => a - b));

  const firstCard = page.locator('.card-link').first();
  const productName = (await firstCard.locator('.card-name').textContent())!.trim();
  await firstCard.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(productName);
  await expect(page.locator('[data-price]')).toContainText(/\d/);
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: categoryName })).toBeVisible();
});

test('@core a shopper pages through a long category', async ({ page }) => {
  await page.goto('/');
  const hrefs = await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href')));
  let paged = false;
  for (const href of hrefs) {
    await page.goto(href!);
    const next = page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Next' });
    if ((await next.count()) === 0) continue;
    const firstOnPage1 = await page.locator('.card-name').first().textContent();
    await next.click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByText(/Page 2 of \d+/)).toBeVisible();
    expect(await page.locator('.card-name').first().textContent()).not.toBe(firstOnPage1);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Previous' }).click();
    await expect(page.locator('.card-name').first()).toHaveText(firstOnPage1!);
    paged = true;
    break;
  }
  expect(paged, 'some category has more than one page').toBe(true);
});

test('@core a shopper searches, gets ranked results, and a helpful page when nothing matches', async ({ page }) => {
  await page.goto('/');
  const firstProduct = (await page.locator('.card-name').first().textContent())!.trim();
  const word = firstProduct.split(/\s+/).find((w) => w.length > 3) ?? firstProduct;
  await page.getByRole('searchbox', { name: 'Search the shop' }).fill(word.slice(0, 4));
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(word.slice(0, 4));
  await expect(page.locator('.card').first()).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search the shop' }).fill('"; DROP TABLE products; --');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByText(/Nothing matched/)).toBeVisible();
  await expect(page.locator('.empty').getByRole('link').first()).toBeVisible();
});

test('@core an unknown product shows a real 404 page with a way back', async ({ page }) => {
  const response = await page.goto('/products/no-such-thing');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the home page' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('@core the footer switches the page to its French address (same query) and back', async ({ page }) => {
  await page.goto('/search?q=mug&sort=price_asc');
  await page.getByRole('link', { name: 'Français' }).click();
  await expect(page).toHaveURL(/\/fr\/search\?q=mug&sort=price_asc$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('button', { name: 'Rechercher', exact: true })).toBeVisible();
  // Links of a French page stay French.
  await page.locator('.site-header a.brand').click();
  await expect(page).toHaveURL(/\/fr\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page).not.toHaveURL(/\/fr\//);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test.describe('a browser asking for French', () => {
  test.use({ locale: 'fr-FR' });

  test('@core gets the English page with an offer of the French one, which it can dismiss', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const offer = page.locator('[data-language-offer]');
    await expect(offer).toContainText('Cette page existe en français.');
    await offer.getByRole('link', { name: 'Non merci' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.locator('[data-language-offer]')).toHaveCount(0);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });

  test('@core follows the offer to the French page', async ({ page }) => {
    await page.goto('/');
    await page.locator('[data-language-offer]').getByRole('link', { name: 'La lire en français' }).click();
    await expect(page).toHaveURL(/\/fr\/$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.locator('[data-language-offer]')).toHaveCount(0);
  });
});
