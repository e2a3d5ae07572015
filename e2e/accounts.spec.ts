// A shopper's account: sign up with the emailed link, log out, log in, reset a forgotten password by email, keep an address book. Runs with JavaScript on and off (@core).
import { expect, test, type Page } from '@playwright/test';
import { resetLinkIn, waitForMail } from '../src/test-support/mail';
import { MAIL_DIR, confirmSignUpByEmail } from './support';
const PASSWORD = 'walnut lantern harbour';

function uniqueEmail(label: string, project: string): string {
  return `${label}-${project}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
}

async function signUp(page: Page, name: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/account/signup');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await confirmSignUpByEmail(page, email);
}

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
}

test('@core a shopper signs up, logs out and logs back in', async ({ page }, info) => {
  const email = uniqueEmail('signup', info.project.name);
  await page.goto('/');
  await page.getByRole('link', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create an account');

  // A common password is refused with a message beside the field, and the rest of the form is kept.
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#signup-password-error')).toContainText('most common passwords');
  await expect(page.getByLabel('Email address')).toHaveValue(email);
  await expect(page.getByLabel('Password')).toHaveValue('');

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create my account' }).click();
  // Not signed in yet: the account exists once the emailed link is followed.
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await confirmSignUpByEmail(page, email);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText('Welcome to Emporium, Ada Lovelace. Your account is ready.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Hello, Ada Lovelace' })).toBeVisible();

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await page.goto('/account');
  await expect(page).toHaveURL(/\/account\/login\?return=%2Faccount$/);

  await logIn(page, email, 'not the password');
  await expect(page.getByRole('alert')).toContainText('The email address or the password is not right');
  await expect(page.getByLabel('Email address')).toHaveValue(email);
  await logIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
  await expect(page.getByText(`Signed in as ${email}.`)).toBeVisible();
});

test('@core a shopper resets a forgotten password with the emailed link', async ({ page }, info) => {
  const email = uniqueEmail('reset', info.project.name);
  await signUp(page, 'Grace Hopper', email);
  await page.getByRole('button', { name: 'Log out' }).click();

  await page.getByRole('link', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account uses that email address, we have sent it a link');

  const mail = await waitForMail(MAIL_DIR, email, 2); // after the sign-up link
  expect(mail.subject).toBe('Reset your Emporium password');
  const link = new URL(resetLinkIn(mail));
  await page.goto(link.pathname + link.search);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  await expect(page.getByText(`Choose a new password for ${email}.`)).toBeVisible();
  await page.getByLabel('New password').fill('a fresh start today');
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await expect(page).toHaveURL(/\/account\/login$/);
  await expect(page.getByRole('status')).toContainText('Your password has been changed');

  await logIn(page, email, PASSWORD);
  await expect(page.getByRole('alert')).toContainText('not right');
  await logIn(page, email, 'a fresh start today');
  await expect(page.getByRole('link', { name: 'Hello, Grace Hopper' })).toBeVisible();

  // The link worked once.
  await page.goto(link.pathname + link.search);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link no longer works');
});

test('@core a customer adds an address, corrects a mistake and edits it', async ({ page }, info) => {
  await signUp(page, 'Marie Curie', uniqueEmail('address', info.project.name));
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Addresses' }).click();
  await expect(page.getByText('You have not saved an address yet.')).toBeVisible();
  await page.getByRole('link', { name: 'Add an address' }).click();

  await page.getByLabel('Full name').fill('Marie Curie');
  await page.getByLabel('Street address').fill('11 rue Pierre et Marie Curie');
  await page.getByLabel('Postal code').fill('750');
  await page.getByLabel('City').fill('Paris');
  await page.getByLabel('Country').selectOption('FR');
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.getByLabel('Postal code')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#address-postalCode-error')).toHaveText('This postal code does not look right for the country you chose.');
  await expect(page.getByLabel('Street address')).toHaveValue('11 rue Pierre et Marie Curie');
  await expect(page.getByLabel('Country')).toHaveValue('FR');

  await page.getByLabel('Postal code').fill('75005');
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page).toHaveURL(/\/account\/addresses$/);
  await expect(page.getByRole('status')).toHaveText('The address has been saved.');
  const card = page.locator('.address-card').first();
  await expect(card).toContainText('Default address');
  await expect(card).toContainText('75005 Paris');

  await page.getByRole('link', { name: 'Edit the address of Marie Curie' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit address');
  await page.getByLabel('Apartment, suite, building').fill('3rd floor');
  await page.getByLabel('Phone').fill('+33 1 44 27 00 00');
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(page.locator('.address-card').first()).toContainText('3rd floor');
  await expect(page.locator('.address-card').first()).toContainText('+33 1 44 27 00 00');

  await page.getByRole('button', { name: 'Delete the address of Marie Curie' }).click();
  await expect(page.getByText('You have not saved an address yet.')).toBeVisible();
});

test('@core a customer makes an API token for an app, the app uses it, and the customer revokes it', async ({ page, request }, info) => {
  const email = uniqueEmail('token', info.project.name);
  await signUp(page, 'Token Tester', email);
  await page.goto('/account');
  await page.getByRole('link', { name: 'API tokens' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API tokens');

  // A name is needed: the form says so beside the field.
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.locator('#token-name-error')).toHaveText('Give the token a name.');

  await page.getByLabel('Token name').fill('Shopping list app');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByText('Your new token “Shopping list app”. Copy it now: it will not be shown again.')).toBeVisible();
  const token = (await page.locator('#new-token').textContent())!.trim();
  expect(token).toMatch(/^emp_/);

  // The app: the token is the account.
  const me = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).email).toBe(email);

  // Revoked: the app is out.
  await page.goto('/account/tokens');
  await page.getByRole('button', { name: 'Revoke the token Shopping list app' }).click();
  await expect(page.getByText('The token “Shopping list app” has been revoked')).toBeVisible();
  await expect(page.getByText('You have no active tokens.')).toBeVisible();
  expect((await request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
});
