// The customer's language on the account: a French sign-up gets French emails, the profile page and the footer's
// language switch change it. Runs with JavaScript on and off (@core).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { confirmLinkIn, mailsTo, waitForMail } from '../src/test-support/mail';
import { MAIL_DIR } from './support';

const PASSWORD = 'une phrase de passe solide';

/** axe runs in the page: without JavaScript (the no-js project) there is nothing to check with. */
async function seriousViolations(page: Page, project: string): Promise<string[]> {
  if (project === 'no-js') return [];
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('@core a shopper who signs up in French hears from the shop in French, and can choose English for emails', async ({ page }, info) => {
  test.setTimeout(90_000);
  const email = `langue-${info.project.name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;

  await page.goto('/fr/account/signup');
  await page.getByLabel('Votre nom').fill('Inès Martin');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Consultez votre boîte de réception');
  const mail = await waitForMail(MAIL_DIR, email);
  expect(mail.subject).toBe('Terminez la création de votre compte Emporium');
  const link = new URL(confirmLinkIn(mail));
  // Opened on the English address of the page: the account still keeps the language it was asked for in.
  await page.goto(link.pathname.replace(/^\/fr\//, '/') + link.search);
  await page.getByRole('button', { name: 'Confirm and log in' }).click();
  await expect(page).toHaveURL(/\/account$/);

  await page.goto('/account/profile');
  await expect(page.getByRole('heading', { name: 'Language for emails' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Français' })).toBeChecked();
  expect(await seriousViolations(page, info.project.name)).toEqual([]);

  await page.getByRole('radio', { name: 'English' }).check();
  await page.getByRole('button', { name: 'Save language' }).click();
  await expect(page).toHaveURL(/\/account\/profile$/);
  await expect(page.getByText('Your language for emails has been saved.')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'English' })).toBeChecked();

  // The footer's switch is an explicit choice too: it changes the account's language, and the page's.
  await page.getByRole('contentinfo').getByRole('link', { name: 'Français' }).click();
  await expect(page).toHaveURL(/\/fr\/account\/profile$/);
  await expect(page.getByRole('heading', { name: 'Langue des e-mails' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Français' })).toBeChecked();
  expect(await seriousViolations(page, info.project.name)).toEqual([]);

  // A reset asked for from an English page still comes in the account's language.
  const before = mailsTo(MAIL_DIR, email).length;
  await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
  await page.goto('/account/forgot-password');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  const reset = await waitForMail(MAIL_DIR, email, before + 1);
  expect(reset.subject).toBe('Réinitialisez votre mot de passe Emporium');
});
