// axe-core on each page type: no serious or critical accessibility violations.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { confirmLinkIn, waitForMail } from '../src/test-support/mail';
import { MAIL_DIR } from './support';

const pages: [string, string][] = [
  ['home', '/'],
  ['search results', '/search?q=a'],
  ['search without results', '/search?q=zzzzqqq'],
  ['not found', '/products/no-such-thing'],
  ['sign-up link no longer valid', '/account/confirm?token=nonsense'],
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

  test('sign-up "check your inbox" and confirm pages have no serious violations', async ({ page }, info) => {
    const serious = async () => (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    const email = `a11y-signup-${info.project.name}-${Date.now()}@example.test`;
    await page.goto('/account/signup');
    await page.getByLabel('Your name').fill('Ada Access');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('an accessible passphrase');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your inbox');
    expect(await serious()).toEqual([]);
    const link = new URL(confirmLinkIn(await waitForMail(MAIL_DIR, email)));
    await page.goto(link.pathname + link.search);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Finish creating your account');
    expect(await serious()).toEqual([]);
  });

  test('product page has no serious violations', async ({ page }) => {
    await page.goto(await firstHref(page, '.card-link'));
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });
});

test.describe('accessibility in French', () => {
  test.use({ locale: 'fr-FR' });

  const frenchPages: [string, string][] = [
    ['home', '/fr/'],
    ['category', '/fr/categories/cuisine'],
    ['product', '/fr/products/tablier-de-chef-en-lin'],
    ['search results', '/fr/search?q=bols'],
    ['not found', '/fr/products/rien-de-tel'],
    ['log in', '/fr/account/login'],
    ['sign up', '/fr/account/signup'],
    ['forgotten password', '/fr/account/forgot-password'],
  ];
  for (const [name, url] of frenchPages) {
    test(`French ${name} page has no serious violations`, async ({ page }) => {
      await page.goto(url);
      await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }

  test('the language offer on the English home page and the French product page have no serious violations', async ({ page }) => {
    const serious = async () => (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    await page.goto('/');
    await expect(page.locator('[data-language-offer]')).toBeVisible();
    expect(await serious()).toEqual([]);
    await page.goto('/fr/');
    await page.locator('.card-link').first().click();
    await expect(page).toHaveURL(/\/fr\/products\//);
    expect(await serious()).toEqual([]);
  });
});
