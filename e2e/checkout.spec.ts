// A guest buys a product from its page to the order confirmation, with JavaScript on and off (@core).
import { expect, test } from '@playwright/test';
import { fillDelivery, payByCard } from './support';

/** "€1,234.50" → 123450 */
const cents = (text: string) => Math.round(Number(text.replace(/[^\d.]/g, '')) * 100);

test('@core a guest buys a product from its page and sees the order confirmation', async ({ page }, info) => {
  // Arrange: a product in the cart, from its page.
  await page.goto('/');
  const card = page.locator('.card').filter({ hasNot: page.locator('.stock--out') }).first();
  const name = (await card.locator('.card-name').textContent())!.trim();
  await card.locator('.card-link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added to your cart.' })).toBeVisible();
  await page.getByRole('link', { name: 'Cart (1)' }).click();
  await expect(page).toHaveURL(/\/cart$/);
  // The demo shop's prices include VAT: the cart says how much, and checkout adds no tax to it.
  await expect(page.locator('.cart-summary [data-tax-included]')).toHaveText(/^incl\. €\d+\.\d\d VAT$/);
  const subtotal = cents((await page.locator('.cart-subtotal strong').textContent())!);

  // Act: every checkout step.
  await page.getByRole('link', { name: 'Checkout' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your email');
  await page.getByLabel('Email', { exact: true }).fill(`guest-${info.project.name}-${Date.now()}@example.test`);
  await page.getByRole('button', { name: 'Continue' }).click();

  await fillDelivery(page);

  // Three steps: contact, delivery, then review and pay with the order summary beside it.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review and pay');
  if (process.env.E2E_SCREENSHOTS) {
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/review-${info.project.name}-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/review-${info.project.name}-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
  }
  await expect(page.getByRole('cell', { name: new RegExp(name) })).toBeVisible();
  await expect(page.locator('.checkout-totals [data-tax-included]')).toHaveText(/^incl\. €\d+\.\d\d VAT$/);
  await expect(page.locator('.checkout-totals [data-tax]')).toHaveCount(0);
  // Total = the cart's subtotal + shipping (€4.90 below €50, free from there): the Pay button asks no more.
  const shippingText = (await page.locator('.checkout-totals div', { hasText: 'Shipping' }).locator('dd').textContent())!.trim();
  const shipping = shippingText === 'Free' ? 0 : cents(shippingText);
  expect(shipping).toBe(subtotal >= 5000 ? 0 : 490);
  expect(cents((await page.locator('[data-total]').textContent())!)).toBe(subtotal + shipping);
  const total = await payByCard(page);

  // Assert: the confirmation with the same total, and an empty cart.
  await expect(page).toHaveURL(/\/orders\/EMP-[0-9A-Z]{10}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Order EMP-/);
  await expect(page.getByText('Thank you! Your order is confirmed.')).toBeVisible();
  await expect(page.getByText(/^We have sent a confirmation to guest-.*@example\.test\.$/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What happens next' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Create an account' })).toHaveAttribute('href', /^\/account\/signup\?email=guest-/);
  await expect(page.locator('[data-total]')).toHaveText(total);
  await expect(page.locator('[data-tax-included]')).toHaveText(/^incl\. €\d+\.\d\d VAT$/);
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/confirmation-${info.project.name}.png`, fullPage: true });
  await expect(page.getByRole('link', { name: 'Cart', exact: true })).toBeVisible();
});
