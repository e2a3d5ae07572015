// Product photos on a phone: the page offers sized versions (srcset) so a phone does not download the 1200 px file, and the gallery swaps them.
import sharp from 'sharp';
import { expect, test } from '@playwright/test';
import { logIn } from './support';

test('a shopper on a phone gets the small versions of the clerk’s photos, and the gallery shows the one chosen', async ({ browser, baseURL }) => {
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const name = `Photo Test Jug ${stamp}`;
  const staffContext = await browser.newContext({ baseURL });
  const staff = await staffContext.newPage();
  const phoneContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const phone = await phoneContext.newPage();
  try {
    // Arrange: the clerk makes a product with two large photos.
    await logIn(staff, 'staff@emporium.test', 'demo-staff-pass');
    await staff.goto('/admin/products');
    await staff.getByRole('link', { name: 'New product' }).click();
    await staff.getByLabel('Name', { exact: true }).fill(name);
    await staff.getByLabel('Description').fill('A stoneware jug for milk or flowers.');
    await staff.getByLabel('Category').selectOption({ index: 1 });
    await staff.getByLabel('Status').selectOption({ label: 'On sale' });
    await staff.getByRole('button', { name: 'Create product' }).click();
    const variant = staff.getByRole('form', { name: 'Add a variant' });
    await variant.getByLabel('SKU').fill(`JUG-${stamp}`);
    await variant.getByLabel('Price', { exact: true }).fill('32.00');
    await variant.getByLabel('Starting stock').fill('5');
    await variant.getByRole('button', { name: 'Add a variant' }).click();
    const photo = (colour: string) => sharp({ create: { width: 1600, height: 1600, channels: 3, background: colour } }).png().toBuffer();
    const images = staff.getByRole('form', { name: 'Add images' });
    await images.getByLabel('Alternative text').fill(`${name}, a photo`);
    await images.getByLabel('Image files').setInputFiles([
      { name: 'front.png', mimeType: 'image/png', buffer: await photo('#8fa89b') },
      { name: 'side.png', mimeType: 'image/png', buffer: await photo('#b98b6a') },
    ]);
    await images.getByRole('button', { name: 'Add images' }).click();
    await expect(staff.getByRole('status').filter({ hasText: 'Images added.' })).toBeVisible();
    const href = (await staff.getByRole('link', { name: 'View in the shop' }).getAttribute('href'))!;

    // Act: a shopper opens it on a phone.
    await phone.goto(href);
    const main = phone.locator('[data-gallery-main]');
    await expect(main).toHaveJSProperty('complete', true);

    // Assert: the 600 px version, not the 1200 px one; then the second photo when its thumbnail is chosen.
    const first = await main.evaluate((img: HTMLImageElement) => img.currentSrc);
    expect(first).toMatch(/-600\.webp$/);
    await phone.waitForFunction(() => document.querySelectorAll('[data-gallery-thumb]').length === 2);
    await phone.getByRole('link', { name: 'Show image 2' }).click();
    await expect.poll(() => main.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/-600\.webp$/);
    expect(await main.evaluate((img: HTMLImageElement) => img.currentSrc)).not.toBe(first);
    await expect(phone).toHaveURL(new RegExp(`${href}$`));
  } finally {
    await staffContext.close();
    await phoneContext.close();
  }
});
