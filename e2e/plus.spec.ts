// A new customer joins Emporium Plus through the checkout and then pays member prices with free
// standard shipping; JavaScript on and off (@core).
import { expect, test, type Page } from '@playwright/test';
import { confirmSignUpByEmail, fillDelivery, payByCard } from './support';

async function payAtReview(page: Page): Promise<string> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review and pay');
  const total = await payByCard(page);
  await expect(page).toHaveURL(/\/orders\/EMP-[0-9A-Z]{10}$/);
  return total;
}

async function checkoutToReview(page: Page): Promise<void> {
  await page.goto('/cart');
  await page.getByRole('link', { name: 'Checkout' }).click();
  await page.getByRole('button', { name: 'Continue' }).click(); // the account's email
  await fillDelivery(page, { name: 'Noa Member', street: '3 place du Marché', postalCode: '69002', city: 'Lyon' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review and pay');
}

test('@core a new customer joins Plus at checkout, then pays member prices with free shipping', async ({ page }, info) => {
  // Arrange: a fresh account, so each run is its own customer.
  const email = `plus-${info.project.name}-${Date.now()}@example.test`;
  await page.goto('/account/signup');
  await page.getByLabel('Your name').fill('Noa Member');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('a long and unusual passphrase');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await confirmSignUpByEmail(page, email);
  await expect(page.getByRole('link', { name: 'Hello, Noa Member' })).toBeVisible();

  // Act: join from the Plus page and pay for the membership.
  await page.goto('/plus');
  await page.getByRole('button', { name: /Join for €49\.00 a year/ }).click();
  await checkoutToReview(page);
  await expect(page.getByRole('cell', { name: /Emporium Plus \(1 year\)/ })).toBeVisible();
  await payAtReview(page);

  // Assert: the account is a member, and the shop now treats it as one.
  await page.goto('/account/membership');
  await expect(page.getByText(/You are an Emporium Plus member until/)).toBeVisible();
  await page.goto('/');
  const memberCard = page.locator('.card').filter({ has: page.locator('s.regular-price') }).filter({ hasNot: page.locator('.stock--out') }).first();
  await memberCard.locator('.card-link').click();
  const memberPrice = (await page.locator('[data-price]').textContent())!.trim();
  await expect(page.locator('.product-price s.regular-price')).toBeVisible();
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added to your cart.' })).toBeVisible();
  await checkoutToReview(page);
  await expect(page.getByText(memberPrice).first()).toBeVisible();
  await expect(page.getByText('Free').first()).toBeVisible();
  await payAtReview(page);
  await expect(page.getByText('Thank you! Your order is confirmed.')).toBeVisible();
});
