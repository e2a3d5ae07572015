// Back office end to end: a clerk adds a product, a guest buys it, the clerk ships the order; JavaScript on and off (@core).
import sharp from 'sharp';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { fillDelivery, logIn, payByCard } from './support';

/** A fresh browser context (same base URL and JavaScript setting as the project) with its own page. */
async function newPage(browser: Browser, baseURL: string | undefined, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  return context.newPage();
}

test('@core a clerk creates a product with a variant, sees it in the shop, receives an order and ships it', async ({ browser, baseURL, javaScriptEnabled }, info) => {
  test.setTimeout(90_000); // one journey through three areas of the site
  const stamp = `${info.project.name}-${Date.now()}`;
  const name = `Clerk Test Lamp ${info.project.name} ${Date.now()}`;
  const sku = `CLERK-${stamp}`.toUpperCase();

  const staff = await newPage(browser, baseURL, javaScriptEnabled);
  const guest = await newPage(browser, baseURL, javaScriptEnabled);
  try {
    // Arrange: the clerk creates the product, on sale, then its one variant.
    await logIn(staff, 'staff@emporium.test', 'demo-staff-pass');
    await staff.goto('/admin/products');
    await expect(staff.getByRole('heading', { level: 1 })).toHaveText('Products');
    await staff.getByRole('link', { name: 'New product' }).click();
    await expect(staff.getByRole('heading', { level: 1 })).toHaveText('New product');
    await staff.getByLabel('Name', { exact: true }).fill(name);
    await staff.getByLabel('Category').selectOption({ index: 1 }); // the first real category, after "No category"
    await staff.getByLabel('Status').selectOption({ label: 'On sale' });
    await staff.getByRole('button', { name: 'Create product' }).click();

    await expect(staff).toHaveURL(/\/admin\/products\/\d+$/);
    await expect(staff.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(staff.getByRole('status').filter({ hasText: 'Product created. Add its variants below.' })).toBeVisible();
    const editUrl = staff.url();

    const newVariant = staff.getByRole('form', { name: 'Add a variant' });
    await newVariant.getByLabel('SKU').fill(sku);
    await newVariant.getByLabel('Price', { exact: true }).fill('19.50');
    await newVariant.getByLabel('Starting stock').fill('5');
    await newVariant.getByRole('button', { name: 'Add a variant' }).click();

    await expect(staff.getByRole('status').filter({ hasText: 'Variant added.' })).toBeVisible();
    await expect(staff.getByRole('heading', { level: 3, name: `${sku} · 5 in stock` })).toBeVisible();
    // An image, checked by its bytes and re-encoded on the server.
    const png = await sharp({ create: { width: 640, height: 640, channels: 3, background: '#c8752f' } }).png().toBuffer();
    const images = staff.getByRole('form', { name: 'Add images' });
    await images.getByLabel('Alternative text').fill(`${name}, front view`);
    await images.getByLabel('Image files').setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: png });
    await images.getByRole('button', { name: 'Add images' }).click();
    await expect(staff.getByRole('status').filter({ hasText: 'Images added.' })).toBeVisible();

    const shopHref = await staff.getByRole('link', { name: 'View in the shop' }).getAttribute('href');
    expect(shopHref).toMatch(/^\/products\//);

    // Act 1: a guest, in another browser context, finds the product and buys it.
    await guest.goto(shopHref!);
    await expect(guest.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(guest.locator('[data-price]')).toHaveText('€19.50');
    await expect(guest.getByRole('img', { name: `${name}, front view` })).toBeVisible();
    await guest.getByRole('button', { name: 'Add to cart' }).click();
    await expect(guest.getByRole('status').filter({ hasText: 'Added to your cart.' })).toBeVisible();
    await guest.goto('/cart');
    await guest.getByRole('link', { name: 'Checkout' }).click();

    await expect(guest.getByRole('heading', { level: 1 })).toHaveText('Your email');
    await guest.getByLabel('Email', { exact: true }).fill(`clerk-guest-${stamp}@example.test`);
    await guest.getByRole('button', { name: 'Continue' }).click();

    await fillDelivery(guest);

    await expect(guest.getByRole('heading', { level: 1 })).toHaveText('Review and pay');
    await expect(guest.getByRole('cell', { name: new RegExp(name) })).toBeVisible();
    await payByCard(guest);

    await expect(guest).toHaveURL(/\/orders\/EMP-[0-9A-Z]{10}$/);
    const heading = guest.getByRole('heading', { level: 1 });
    await expect(heading).toHaveText(/^Order EMP-[0-9A-Z]{10}$/);
    const number = (await heading.textContent())!.trim().replace(/^Order /, '');

    // Act 2: the clerk finds the order, prepares it and ships it.
    await staff.goto('/admin/orders');
    await expect(staff.getByRole('heading', { level: 1 })).toHaveText('Orders');
    await staff.getByLabel('Order number').fill(number);
    await staff.getByRole('button', { name: 'Filter' }).click();
    await expect(staff).toHaveURL(new RegExp(`[?&]number=${number}`));
    await expect(staff.getByRole('status').filter({ hasText: /^1 order$/ })).toBeVisible();
    await staff.getByRole('link', { name: number, exact: true }).click();

    await expect(staff).toHaveURL(new RegExp(`/admin/orders/${number}$`));
    await expect(staff.getByRole('heading', { level: 1 })).toHaveText(`Order ${number}`);
    await expect(staff.getByRole('cell', { name: sku, exact: true })).toBeVisible();
    await expect(staff.locator('[data-status]')).toHaveText('Paid');
    await staff.getByRole('button', { name: 'Mark as being prepared' }).click();

    await expect(staff.getByRole('status').filter({ hasText: 'The order is marked as being prepared' })).toBeVisible();
    await expect(staff.locator('[data-status]')).toHaveText('Being prepared');
    await staff.getByLabel('Tracking number').fill('TRK123456');
    await staff.getByRole('button', { name: 'Mark as shipped' }).click();

    // Assert: the order is shipped with its tracking number, and the stock history shows the sale.
    await expect(staff.getByRole('status').filter({ hasText: 'The order is marked as shipped; the customer has been emailed the tracking number.' })).toBeVisible();
    await expect(staff.locator('[data-status]')).toHaveText('Shipped');
    await expect(staff.locator('[data-tracking]')).toHaveText('TRK123456');
    await expect(staff.getByRole('button', { name: 'Mark as shipped' })).toHaveCount(0);

    await staff.goto(editUrl);
    await expect(staff.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(staff.getByRole('heading', { level: 3, name: `${sku} · 4 in stock` })).toBeVisible();
    const ledger = staff.locator(`#variants .admin-ledger`);
    await expect(ledger.getByRole('row').filter({ hasText: 'Starting stock' }).getByRole('cell').nth(1)).toHaveText('+5');
    const sale = ledger.getByRole('row').filter({ hasText: 'Order' });
    await expect(sale.getByRole('cell').nth(1)).toHaveText('-1');
    await expect(sale.getByRole('cell').nth(2)).toHaveText('4');
  } finally {
    await staff.context().close();
    await guest.context().close();
  }
});
