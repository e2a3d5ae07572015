// An early-access product's photos: a Plus member's browser shows them; anyone else asking for the same URL gets
// the 404 of a name that does not exist, so the file cannot confirm that the product exists.
import { expect, test } from '@playwright/test';
import { logIn } from './support';

test('a Plus member sees an early-access photo; a guest and a free customer get 404 for its URL', async ({ browser, baseURL, playwright }) => {
  const memberContext = await browser.newContext({ baseURL });
  const customerContext = await browser.newContext({ baseURL });
  const guest = await playwright.request.newContext({ baseURL });
  try {
    // Arrange: the member finds an early-access product on the home page and opens it.
    const member = await memberContext.newPage();
    await logIn(member, 'member@emporium.test', 'demo-member-pass');
    await member.goto('/');
    const card = member.locator('.card', { hasText: 'Plus early access' }).first();
    await card.locator('a.card-link').click();
    await expect(member.getByText(/Plus members only until/)).toBeVisible();
    const main = member.locator('[data-gallery-main]');

    // Act + assert: the photo loads for the member, privately.
    await expect(main).toHaveJSProperty('complete', true);
    expect(await main.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    const src = (await main.getAttribute('src'))!;
    expect(src).toMatch(/^\/media\/[0-9a-f]{32}\.svg$/);
    const own = await member.request.get(src);
    expect(own.status()).toBe(200);
    expect(own.headers()['cache-control']).toBe('private, no-store');

    // Anyone else: the same 404 as a made-up name.
    const madeUp = await guest.get(src.replace(/[0-9a-f]{32}/, 'f'.repeat(32)));
    expect(madeUp.status()).toBe(404);
    const hidden = await guest.get(src);
    expect(hidden.status()).toBe(404);
    expect(hidden.headers()['cache-control']).toBe(madeUp.headers()['cache-control']);
    const customer = await customerContext.newPage();
    await logIn(customer, 'customer@emporium.test', 'demo-customer-pass');
    expect((await customer.request.get(src)).status()).toBe(404);
  } finally {
    await memberContext.close();
    await customerContext.close();
    await guest.dispose();
  }
});
