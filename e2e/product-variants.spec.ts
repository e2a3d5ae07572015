// A shopper picks a size and a colour on a product page and that variant is what lands in the cart, with
// JavaScript on and off (@core). With JavaScript the price, stock and SKU follow the choice in place.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

/** A product whose variants combine two options (e.g. Size and Colour), found through the sitemap. */
async function productWithTwoOptions(request: APIRequestContext): Promise<string> {
  const sitemap = await (await request.get('/sitemap.xml')).text();
  const paths = [...sitemap.matchAll(/<loc>https?:\/\/[^/]+(\/products\/[^<]+)<\/loc>/g)].map((m) => m[1]);
  for (const path of paths) {
    const html = await (await request.get(path)).text();
    const keys = new Set([...html.matchAll(/name="options\[([^\]]+)\]"/g)].map((m) => m[1]));
    if (keys.size === 2) return path;
  }
  throw new Error('no product with two options in the demo shop');
}

interface VariantOption {
  id: number;
  options: Record<string, string>;
  state: string;
  /** Which of the gallery's photos the variant shows, or null. */
  image: number | null;
}

/** The variants the page describes for its script (present with JavaScript off too: it is data). */
async function variantsOf(page: Page): Promise<VariantOption[]> {
  return JSON.parse((await page.locator('script[data-variant-options]').textContent())!) as VariantOption[];
}

test('@core the chosen size and colour are what is added to the cart', async ({ page, javaScriptEnabled }) => {
  const path = await productWithTwoOptions(page.request);
  await page.goto(path);
  const legends = await page.locator('form.add-to-cart fieldset legend').allTextContents();
  expect(legends.length).toBe(2);
  const [first, second] = legends.map((l) => l.trim());
  // An in-stock variant other than the one shown first, so a wrong default cannot pass.
  const shownId = Number(await page.locator('form.add-to-cart').getAttribute('data-variant-id'));
  const target = (await variantsOf(page)).find((v) => v.id !== shownId && v.state === 'available');
  expect(target, 'an in-stock variant besides the default').toBeTruthy();
  const wanted = Object.values(target!.options);
  const skuBefore = await page.locator('.sku span').first().textContent();
  await page.getByRole('group', { name: first }).locator(`input[value="${wanted[0]}"] + label`).click();
  await page.getByRole('group', { name: second }).locator(`input[value="${wanted[1]}"] + label`).click();
  await expect(page.getByRole('group', { name: first }).locator(`input[value="${wanted[0]}"]`)).toBeChecked();
  await expect(page.getByRole('group', { name: second }).locator(`input[value="${wanted[1]}"]`)).toBeChecked();
  if (javaScriptEnabled) {
    // In place: the SKU follows, the address names the variant, nothing reloaded.
    await expect(page.locator('[data-variant-summary] .sku span')).not.toHaveText(skuBefore!);
    await expect(page).toHaveURL(new RegExp(`variant=${target!.id}`));
    // The photo follows the colour when the variant has its own.
    if (target!.image !== null && (await page.locator('[data-gallery-thumb]').count()) > target!.image) {
      await expect(page.locator('[data-gallery-thumb]').nth(target!.image)).toHaveAttribute('aria-current', 'true');
    }
  }
  await page.getByRole('button', { name: 'Add to cart' }).click();
  if (javaScriptEnabled) {
    // Added in place: focus goes to the message, not back to the top of the page.
    const done = page.getByRole('status').filter({ hasText: 'Added to your cart' });
    await expect(done).toBeVisible();
    await expect(done).toBeFocused();
  }
  await page.goto('/cart');
  const option = page.locator('.cart-line-option').first();
  await expect(option).toContainText(wanted[0]);
  await expect(option).toContainText(wanted[1]);
});

test('with JavaScript, arrow keys move between options without a reload and keep focus', async ({ page, javaScriptEnabled }) => {
  const path = await productWithTwoOptions(page.request);
  await page.goto(path);
  const legend = (await page.locator('form.add-to-cart fieldset legend').first().textContent())!.trim();
  const group = page.getByRole('group', { name: legend });
  const radios = group.getByRole('radio');
  await radios.first().focus();
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await page.keyboard.press('ArrowRight');
  await expect(radios.nth(1)).toBeChecked();
  await expect(radios.nth(1)).toBeFocused();
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 'the page did not reload').toBe(42);
  const selectedValue = await radios.nth(1).getAttribute('value');
  await expect(page.locator('.add-to-cart')).toHaveAttribute('data-variant-id', /\d+/);
  expect(selectedValue).toBeTruthy();
});
