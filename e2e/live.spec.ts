// Live updates end to end: pages left open follow the shop without a reload (stock, new orders, order status). JavaScript only.
import AxeBuilder from '@axe-core/playwright';
import sharp from 'sharp';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { fillDelivery, logIn, payByCard } from './support';

/** A fresh browser context (same base URL, its own cookies) with its own page. */
async function newPage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}

/** live-socket.js marks the element whose channel the server accepted; messages sent before that would be missed. */
async function expectSubscribed(page: Page, channel: string): Promise<void> {
  await expect(page.locator(`[data-live-channel="${channel}"]`)).toHaveAttribute('data-live-state', 'subscribed');
}

/** What the live scripts changed must stay accessible: no serious or critical axe violations. */
async function expectNoSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Collects Content-Security-Policy complaints: the socket to /live must be allowed by connect-src. */
function cspViolations(page: Page): string[] {
  const found: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) found.push(message.text());
  });
  return found;
}

/** The clerk creates a product on sale with one variant holding `stock` units (and a photo); returns its shop path and slug. */
async function createProduct(staff: Page, name: string, sku: string, stock: number, withImage = false): Promise<{ href: string; slug: string }> {
  await staff.goto('/admin/products');
  await staff.getByRole('link', { name: 'New product' }).click();
  await staff.getByLabel('Name', { exact: true }).fill(name);
  await staff.getByLabel('Description').fill('Hand-thrown stoneware with a matte glaze. Each piece is a little different.');
  await staff.getByLabel('Category').selectOption({ index: 1 });
  await staff.getByLabel('Status').selectOption({ label: 'On sale' });
  await staff.getByRole('button', { name: 'Create product' }).click();
  await expect(staff.getByRole('heading', { level: 1 })).toHaveText(name);
  const variant = staff.getByRole('form', { name: 'Add a variant' });
  await variant.getByLabel('SKU').fill(sku);
  await variant.getByLabel('Price', { exact: true }).fill('24.00');
  await variant.getByLabel('Starting stock').fill(String(stock));
  await variant.getByRole('button', { name: 'Add a variant' }).click();
  await expect(staff.getByRole('heading', { level: 3, name: `${sku} · ${stock} in stock` })).toBeVisible();
  if (withImage) {
    const png = await sharp({ create: { width: 640, height: 640, channels: 3, background: '#8fa89b' } }).png().toBuffer();
    const images = staff.getByRole('form', { name: 'Add images' });
    await images.getByLabel('Alternative text').fill(`${name}, front view`);
    await images.getByLabel('Image files').setInputFiles({ name: 'vase.png', mimeType: 'image/png', buffer: png });
    await images.getByRole('button', { name: 'Add images' }).click();
    await expect(staff.getByRole('status').filter({ hasText: 'Images added.' })).toBeVisible();
  }
  const href = (await staff.getByRole('link', { name: 'View in the shop' }).getAttribute('href'))!;
  expect(href).toMatch(/^\/products\/[a-z0-9-]+$/);
  return { href, slug: href.replace('/products/', '') };
}

/** A guest buys what is in the cart through every checkout step; returns the order number and the total paid. */
async function checkOutAsGuest(page: Page, email: string): Promise<{ number: string; total: string }> {
  await page.goto('/cart');
  await page.getByRole('link', { name: 'Checkout' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your email');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await fillDelivery(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review and pay');
  const total = await payByCard(page);
  await expect(page).toHaveURL(/\/orders\/EMP-[0-9A-Z]{10}$/);
  return { number: page.url().replace(/^.*\/orders\//, ''), total };
}

async function addToCart(page: Page, href: string): Promise<void> {
  await page.goto(href);
  await expect(page.getByRole('button', { name: 'Add to cart' })).toBeEnabled();
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added to your cart.' })).toBeVisible();
}

test('a shopper watching a product sees it sell out when someone else buys the last unit, and the clerk sees the order arrive', async ({ browser, baseURL }, info) => {
  // A clerk, a watching shopper and a buying guest: with every core busy this took over 90 s.
  test.setTimeout(180_000);
  const stamp = `${Date.now()}-${info.workerIndex}`;
  const name = `Live Test Vase ${stamp}`;
  const sku = `LIVE-${stamp}`;
  const staff = await newPage(browser, baseURL);
  const watcher = await newPage(browser, baseURL);
  const buyer = await newPage(browser, baseURL);
  try {
    // Arrange: a product with exactly one unit left, watched by a shopper and by the clerk's dashboard.
    await logIn(staff, 'staff@emporium.test', 'demo-staff-pass');
    const { href, slug } = await createProduct(staff, name, sku, 1, true);
    await staff.goto('/admin');
    await expectSubscribed(staff, 'admin:orders');
    // Other specs place orders at the same time: keep every announcement, not only the latest.
    await staff.evaluate(() => {
      const region = document.querySelector('[data-live-announcer]') as HTMLElement;
      const said: string[] = [];
      (window as unknown as { said: string[] }).said = said;
      new MutationObserver(() => said.push(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
    });

    const watcherCsp = cspViolations(watcher);
    await watcher.goto(href);
    await expect(watcher.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(watcher.locator('[data-stock-for]')).toHaveText('Only 1 left');
    await expect(watcher.getByRole('button', { name: 'Add to cart' })).toBeEnabled();
    await expect(watcher.getByText('This item is sold out and cannot be added to your cart for now.', { exact: true })).toBeHidden();
    await expectSubscribed(watcher, `product:${slug}`);

    // Act: another shopper buys the last unit.
    await addToCart(buyer, href);
    const { number, total } = await checkOutAsGuest(buyer, `live-${stamp}@example.test`);

    // Assert: the watcher's page says so without a reload, and the clerk's list shows the order.
    await expect(watcher.locator('[data-stock-for]')).toHaveText('Sold out');
    await expect(watcher.getByRole('button', { name: 'Add to cart' })).toBeDisabled();
    await expect(watcher.getByText('This item is sold out and cannot be added to your cart for now.', { exact: true })).toBeVisible();
    await expect(watcher.locator('[aria-live="polite"]').filter({ hasText: 'Sold out. This item is sold out' })).toHaveCount(1);
    await expect(watcher).toHaveURL(new RegExp(`${href}$`));
    await expectNoSeriousViolations(watcher);
    expect(watcherCsp).toEqual([]);

    const latest = staff.getByRole('region', { name: 'Latest orders' });
    const row = latest.getByRole('row').filter({ has: staff.getByRole('link', { name: number, exact: true }) });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('link', { name: number, exact: true })).toHaveAttribute('href', `/admin/orders/${number}`);
    await expect(row).toContainText(total);
    await expect(row).toContainText('1 item');
    await expect.poll(() => staff.evaluate(() => (window as unknown as { said: string[] }).said)).toContainEqual(expect.stringContaining(`New order ${number}`));
    await expectNoSeriousViolations(staff);

    // The page must still look like a shop: a phone and a desktop view of the sold-out product.
    await watcher.setViewportSize({ width: 390, height: 844 });
    await watcher.screenshot({ path: info.outputPath('product-sold-out-phone.png'), fullPage: true });
    await watcher.setViewportSize({ width: 1280, height: 900 });
    await watcher.screenshot({ path: info.outputPath('product-sold-out-desktop.png') });
    await staff.locator('.dashboard-latest').screenshot({ path: info.outputPath('dashboard-new-order.png') });
  } finally {
    await staff.context().close();
    await watcher.context().close();
    await buyer.context().close();
  }
});

test('a guest on their order page sees it shipped when the clerk ships it', async ({ browser, baseURL }, info) => {
  test.setTimeout(180_000); // a clerk and a guest through a whole checkout, on a machine that may be busy
  const stamp = `${Date.now()}-${info.workerIndex}`;
  const staff = await newPage(browser, baseURL);
  const guest = await newPage(browser, baseURL);
  try {
    // Arrange: a guest's order, its page left open.
    await logIn(staff, 'staff@emporium.test', 'demo-staff-pass');
    const { href } = await createProduct(staff, `Live Test Jug ${stamp}`, `LIVE-JUG-${stamp}`, 5);
    await addToCart(guest, href);
    const { number } = await checkOutAsGuest(guest, `live-status-${stamp}@example.test`);
    await expect(guest.locator('[data-order-status]')).toHaveText('Paid');
    await expectSubscribed(guest, `order:${number}`);

    // Act: the clerk prepares and ships it.
    await staff.goto(`/admin/orders/${number}`);
    await staff.getByRole('button', { name: 'Mark as being prepared' }).click();
    await expect(staff.locator('[data-status]')).toHaveText('Being prepared');
    await expect(guest.locator('[data-order-status]')).toHaveText('Being prepared');
    await staff.getByLabel('Tracking number').fill('TRK-LIVE-1');
    await staff.getByRole('button', { name: 'Mark as shipped' }).click();
    await expect(staff.locator('[data-status]')).toHaveText('Shipped');

    // Assert: the guest's page follows without a reload and says so to screen readers.
    await expect(guest.locator('[data-order-status]')).toHaveText('Shipped');
    await expect(guest.locator('[aria-live="polite"]').filter({ hasText: 'Order status updated: Shipped' })).toHaveCount(1);
    await expect(guest).toHaveURL(new RegExp(`/orders/${number}$`));
    await expectNoSeriousViolations(guest);
  } finally {
    await staff.context().close();
    await guest.context().close();
  }
});
