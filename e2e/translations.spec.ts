// French content end to end: a clerk writes a product's French beside its English, and a French shopper reads it
// (its French address, name, description and option values), while the English page stays English (@core).
import { expect, test } from '@playwright/test';
import { logIn } from './support';

test('@core a clerk writes a product’s French and French shoppers read it at its French address', async ({ page }, info) => {
  test.setTimeout(90_000);
  const stamp = `${info.project.name}-${Date.now()}`;
  const name = `Linen Test Apron ${stamp}`;
  const frenchName = `Tablier d’essai en lin ${stamp}`;
  await logIn(page, 'staff@emporium.test', 'demo-staff-pass');
  await page.goto('/admin/products/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Description').fill('A washed linen apron.');
  await page.getByLabel('Category').selectOption({ index: 1 });
  await page.getByLabel('Status').selectOption({ label: 'On sale' });
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page).toHaveURL(/\/admin\/products\/\d+$/);
  const newVariant = page.getByRole('form', { name: 'Add a variant' });
  await newVariant.getByLabel('SKU').fill(`FR-${stamp}`.toUpperCase());
  await newVariant.getByLabel('Price', { exact: true }).fill('24.00');
  await newVariant.getByLabel('Starting stock').fill('5');
  await newVariant.getByRole('button', { name: 'Add a variant' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Variant added.' })).toBeVisible();

  // Missing French: the list's filter finds it.
  await page.goto(`/admin/products?missing=fr&q=${encodeURIComponent(stamp)}`);
  await expect(page.getByRole('link', { name })).toBeVisible();
  await page.getByRole('link', { name }).click();

  // The French form shows the English beside each field; a bad slug is explained beside it.
  const french = page.getByRole('form', { name: 'In French' });
  await expect(french).toContainText('A washed linen apron.');
  await french.getByLabel('Name — French').fill(frenchName);
  await french.getByLabel('Address (slug) — French').fill('Pas un slug');
  await french.getByRole('button', { name: 'Save the French' }).click();
  await expect(page.getByRole('form', { name: 'In French' }).getByText('Use lower-case letters a to z, digits and single hyphens.')).toBeVisible();
  await page.getByRole('form', { name: 'In French' }).getByLabel('Address (slug) — French').fill('');
  await page.getByRole('form', { name: 'In French' }).getByRole('textbox', { name: 'Description — French (optional)', exact: true }).fill('Un tablier en lin lavé.');
  await page.getByRole('form', { name: 'In French' }).getByRole('button', { name: 'Save the French' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'French saved.' })).toBeVisible();

  // No longer missing.
  await page.goto(`/admin/products?missing=fr&q=${encodeURIComponent(stamp)}`);
  await expect(page.getByRole('link', { name })).toHaveCount(0);

  // The French shop, at the slug made from the French name; the English page keeps its English.
  await page.goto(`/fr/products/tablier-d-essai-en-lin-${stamp.toLowerCase()}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(frenchName);
  await expect(page.getByText('Un tablier en lin lavé.')).toBeVisible();
  await page.goto(`/products/linen-test-apron-${stamp.toLowerCase()}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
});

test('@core a French shopper reads the demo shop in French: a category, a product and its option names', async ({ page }) => {
  await page.goto('/fr/categories/cuisine');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cuisine');
  await page.goto('/fr/products/tablier-de-chef-en-lin');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tablier de chef en lin');
  await expect(page.getByRole('group', { name: 'Couleur' })).toBeVisible();
});

test('a clerk writes a new category’s French beside its English and a French shopper reads it at its French address', async ({ page, browser }, info) => {
  test.setTimeout(90_000);
  const stamp = `${info.project.name}-${Date.now()}`;
  const name = `Test Shelf ${stamp}`;
  const frenchName = `Étagère d’essai ${stamp}`;
  await logIn(page, 'staff@emporium.test', 'demo-staff-pass');
  await page.goto('/admin');
  await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Categories' }).click();
  await page.getByRole('link', { name: 'New category' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Description').fill('Shelves tested by hand.');
  await page.getByRole('button', { name: 'Create category' }).click();
  await expect(page).toHaveURL(/\/admin\/categories\/\d+$/);
  await expect(page.getByRole('status').filter({ hasText: 'Category created.' })).toBeVisible();

  // Missing French: the list's filter shows it with its badge.
  await page.goto('/admin/categories?missing=fr');
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('French missing');
  await page.getByRole('row', { name: new RegExp(name) }).getByRole('link', { name }).click();

  // The French beside the English; a bad address is explained beside its field.
  const french = page.getByRole('form', { name: 'In French' });
  await expect(french).toContainText('Shelves tested by hand.');
  await french.getByLabel('Name — French').fill(frenchName);
  await french.getByLabel('Address (slug) — French').fill('Pas un slug');
  await french.getByRole('button', { name: 'Save the French' }).click();
  await expect(page.getByRole('form', { name: 'In French' }).getByText('Use lower-case letters a to z, digits and single hyphens.')).toBeVisible();
  await page.getByRole('form', { name: 'In French' }).getByLabel('Address (slug) — French').fill('');
  await page.getByRole('form', { name: 'In French' }).getByRole('textbox', { name: 'Description — French (optional)', exact: true }).fill('Des étagères essayées à la main.');
  await page.getByRole('form', { name: 'In French' }).getByRole('button', { name: 'Save the French' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'French saved.' })).toBeVisible();
  await page.goto('/admin/categories?missing=fr');
  await expect(page.getByRole('main').getByRole('row', { name: new RegExp(name) })).toHaveCount(0);

  // A French shopper (another browser, not signed in) reads it at the address made from the French name.
  const shopper = await browser.newPage();
  await shopper.goto(`/fr/categories/etagere-d-essai-${stamp.toLowerCase()}`);
  await expect(shopper.getByRole('heading', { level: 1 })).toHaveText(frenchName);
  await expect(shopper.getByText('Des étagères essayées à la main.')).toBeVisible();
  await shopper.goto(`/categories/test-shelf-${stamp.toLowerCase()}`);
  await expect(shopper.getByRole('heading', { level: 1 })).toHaveText(name);
  await shopper.close();
});
