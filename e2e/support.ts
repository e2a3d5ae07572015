// What several journeys do the same way: sign up by email, log in, give a delivery address, pay with a test card.
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { confirmLinkIn, waitForMail } from '../src/test-support/mail';

/** The e2e server runs with DATA_DIR=.tmp/e2e-data (playwright.config.ts) and no SMTP_URL, so mail lands here. */
export const MAIL_DIR = path.resolve('.tmp/e2e-data/mail');

export const GOOD_CARD = '4242 4242 4242 4242';
export const DECLINED_CARD = '4000 0000 0000 0002';

export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/account/login');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
}

/**
 * After the sign-up form was sent: the "check your inbox" page, then the emailed link opened in the same
 * browser and confirmed, which signs the shopper in.
 */
export async function confirmSignUpByEmail(page: Page, email: string): Promise<void> {
  await expect(page).toHaveURL(/\/account\/signup\/sent$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your inbox');
  await expect(page.getByText(`Check your inbox: we sent a link to ${email} to finish creating your account.`)).toBeVisible();
  const link = new URL(confirmLinkIn(await waitForMail(MAIL_DIR, email)));
  await page.goto(link.pathname + link.search);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Finish creating your account');
  await page.getByRole('button', { name: 'Confirm and log in' }).click();
}

export interface DeliveryAddress {
  name: string;
  street: string;
  postalCode: string;
  city: string;
}

const PARIS: DeliveryAddress = { name: 'Camille Martin', street: '12 rue de la Paix', postalCode: '75002', city: 'Paris' };

/** The checkout's delivery step: a French address and standard delivery, then Continue. */
export async function fillDelivery(page: Page, address: DeliveryAddress = PARIS): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delivery');
  await page.getByLabel('Full name').fill(address.name);
  await page.getByLabel('Street address').fill(address.street);
  await page.getByLabel('Postal code').fill(address.postalCode);
  await page.getByLabel('City').fill(address.city);
  await page.getByLabel('Country').selectOption('FR');
  await page.getByLabel(/Standard delivery/).check();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** On the review page: pays the total it shows with this card; returns that total as shown. */
export async function payByCard(page: Page, cardNumber = GOOD_CARD): Promise<string> {
  const total = (await page.locator('[data-total]').textContent())!.trim();
  await page.getByLabel('Card number').fill(cardNumber);
  await page.getByLabel('Expiry date (MM/YY)').fill('12/34');
  await page.getByLabel('Security code (CVC)').fill('123');
  await page.getByRole('button', { name: `Pay ${total}` }).click();
  return total;
}
