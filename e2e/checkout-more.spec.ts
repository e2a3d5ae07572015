// Checkout beyond the guest's happy path: a signed-in customer with a discount code, a declined card then a good one. JavaScript on and off (@core).
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DECLINED_CARD, fillDelivery, GOOD_CARD, payByCard } from './support';

// Both projects (JavaScript on and off) log in as the one demo customer, whose cart is the account's:
// a lock directory (mkdir is atomic) keeps the two runs from filling that one cart at the same time.
const LOCK = path.resolve('.tmp/e2e-locks/demo-customer');

async function withDemoCustomer<T>(fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 60_000) fs.rmSync(LOCK, { recursive: true, force: true }); // left by a killed run
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Opens the product of the nth in-stock card of the home page (a different n per test and project, so parallel tests never buy the same units). */
async function openProduct(page: Page, n: number): Promise<string> {
  await page.goto('/');
  const card = page.locator('.card').filter({ has: page.locator('.stock--in') }).nth(n);
  const name = (await card.locator('.card-name').textContent())!.trim();
  await card.locator('.card-link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  return name;
}

async function addToCartAndCheckout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added to your cart.' })).toBeVisible();
  await page.goto('/cart');
  await page.getByRole('link', { name: 'Checkout' }).click();
}


test('@core a signed-in customer buys with the discount code WELCOME10', async ({ page, javaScriptEnabled }) => {
  await withDemoCustomer(async () => {
    // Arrange: logged in through the form, with an empty cart and one product in it.
    await page.goto('/account/login');
    await page.getByLabel('Email address').fill('customer@emporium.test');
    await page.getByLabel('Password', { exact: true }).fill('demo-customer-pass');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    await page.goto('/cart');
    while (await page.getByRole('button', { name: /Remove/ }).count()) await page.getByRole('button', { name: /Remove/ }).first().click();
    await expect(page.getByText('Your cart is empty.')).toBeVisible();
    const name = await openProduct(page, javaScriptEnabled ? 2 : 3);
    await addToCartAndCheckout(page);

    // Act: the email comes from the account; the code on the review step.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your email');
    await expect(page.getByLabel('Email', { exact: true })).toHaveValue('customer@emporium.test');
    await page.getByRole('button', { name: 'Continue' }).click();
    await fillDelivery(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review and pay');
    await page.getByLabel('Discount code').fill('welcome10');
    await page.getByRole('button', { name: 'Apply' }).click();

    // Assert: the review (and its summary) and the order show the 10 % off.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review and pay');
    await expect(page.getByText('Code applied: WELCOME10')).toBeVisible();
    await expect(page.getByRole('cell', { name: new RegExp(name) })).toBeVisible();
    await expect(page.locator('.checkout .checkout-totals').getByText('Discount (WELCOME10)')).toBeVisible();
    const total = (await page.locator('[data-total]').textContent())!.trim();
    await payByCard(page, GOOD_CARD);
    await expect(page).toHaveURL(/\/orders\/EMP-[0-9A-Z]{10}$/);
    await expect(page.getByText('Thank you! Your order is confirmed.')).toBeVisible();
    await expect(page.getByText('Discount (WELCOME10)')).toBeVisible();
    await expect(page.locator('[data-total]')).toHaveText(total);
  });
});

test('@core a declined card is explained, then another card pays the order', async ({ page, javaScriptEnabled }, info) => {
  // Arrange: a guest at the review step.
  await openProduct(page, javaScriptEnabled ? 4 : 5);
  await addToCartAndCheckout(page);
  await page.getByLabel('Email', { exact: true }).fill(`declined-${info.project.name}-${Date.now()}@example.test`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await fillDelivery(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review and pay');
  const total = (await page.locator('[data-total]').textContent())!.trim();

  // Act + assert: the declined card leaves the shopper on the review with the message.
  await payByCard(page, DECLINED_CARD);
  await expect(page.locator('#pay-cardNumber-error')).toHaveText('Your card was declined. Try another card or contact your bank.');
  await expect(page.getByLabel('Card number')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review and pay');

  await payByCard(page, GOOD_CARD);
  await expect(page).toHaveURL(/\/orders\/EMP-[0-9A-Z]{10}$/);
  await expect(page.getByText('Thank you! Your order is confirmed.')).toBeVisible();
  await expect(page.locator('[data-total]')).toHaveText(total);
});
