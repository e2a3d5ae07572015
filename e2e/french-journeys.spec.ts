// A French shopper's journeys in French from /fr/: search, a product at its French address, the cart, the three
// checkout steps and the confirmation; then signing up, logging out and back in and following the order from the
// account. Every page stays under /fr/, says <html lang="fr"> and shows no English interface text. With
// JavaScript on and off (@core).
import { expect, test, type Page } from '@playwright/test';
import { en } from '../src/i18n/en';
import { fr } from '../src/i18n/fr';
import { confirmLinkIn, waitForMail } from '../src/test-support/mail';
import { pdfText } from '../src/test-support/pdf-text';
import { GOOD_CARD, MAIL_DIR } from './support';

/** "1 234,50 €" → 123450 (French digits: a space between thousands, a comma before the cents). */
const cents = (text: string) => Math.round(Number(text.replace(/[^\d,]/g, '').replace(',', '.')) * 100);
/** A price as French writes it: "38,95 €", with a no-break space before the euro sign. */
const FRENCH_PRICE = /^\d{1,3}(?:[\u202f\u00a0]\d{3})*,\d\d\u00a0€$/;

/**
 * English interface sentences that French pages must never show: every English message (or the fixed part of
 * one around its {placeholders}) long enough to be a phrase and found in no French message, plus the demo
 * shop's English shipping method names.
 */
const ENGLISH_ONLY: string[] = (() => {
  const frenchTexts = Object.values(fr);
  const phrases = new Set<string>(['Standard delivery', 'Express delivery']);
  for (const [key, english] of Object.entries(en)) {
    if (english === (fr as Record<string, string>)[key]) continue;
    for (const part of english.split(/\{\w+\}/)) {
      const phrase = part.trim();
      if (phrase.length >= 10 && / \S/.test(phrase) && !frenchTexts.some((f) => f.includes(phrase))) phrases.add(phrase);
    }
  }
  return [...phrases];
})();

/** The page is the French shop's: its address under /fr/, <html lang="fr">, and no English interface text. */
async function expectFrench(page: Page): Promise<void> {
  expect(new URL(page.url()).pathname, 'the address stays under /fr/').toMatch(/^\/fr\//);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const text = `${await page.title()}\n${await page.locator('body').innerText()}`;
  expect(ENGLISH_ONLY.filter((phrase) => text.includes(phrase)), `English on ${page.url()}`).toEqual([]);
}

/** From /fr/: searches in French, opens the first result at its French address, picks a colour and adds it. */
async function addFromFrenchSearch(page: Page, query: string, productName: RegExp, colour: string | null): Promise<string> {
  await page.goto('/fr/');
  await expectFrench(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Des objets bien faits pour chaque pièce');
  await page.getByRole('searchbox', { name: 'Rechercher dans la boutique' }).fill(query);
  await page.getByRole('search').getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(new RegExp(`/fr/search\\?q=${query}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Résultats pour «\u00a0${query}\u00a0»`);
  await expectFrench(page);
  const card = page.locator('.card').filter({ has: page.locator('.card-name', { hasText: productName }) }).filter({ has: page.locator('.stock--in') }).first();
  await expect(card).toBeVisible();
  const name = (await card.locator('.card-name').textContent())!.trim();
  await card.locator('.card-link').click();
  await expect(page).toHaveURL(/\/fr\/products\/[a-z0-9-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expectFrench(page);
  await expect(page.locator('.product-info [data-price]').first()).toHaveText(FRENCH_PRICE);
  if (colour) {
    await expect(page.getByRole('group', { name: 'Couleur' })).toBeVisible();
    await page.getByText(colour, { exact: true }).click();
    await expect(page.getByRole('radio', { name: colour })).toBeChecked();
  }
  await page.getByRole('button', { name: 'Ajouter au panier' }).click();
  // With JavaScript the add is a fetch: leaving before its answer would cancel it.
  await expect(page.getByRole('status').filter({ hasText: 'Ajouté à votre panier.' })).toBeVisible();
  await expectFrench(page);
  return name;
}

/** The cart in French, then Commander: returns the subtotal in cents. */
async function frenchCartToCheckout(page: Page, name: string, colour: string | null): Promise<number> {
  await page.getByRole('link', { name: 'Panier (1)' }).click();
  await expect(page).toHaveURL(/\/fr\/cart$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre panier');
  await expectFrench(page);
  await expect(page.locator('main')).toContainText(name);
  if (colour) await expect(page.locator('main')).toContainText(colour);
  const subtotalText = (await page.locator('.cart-subtotal strong').first().textContent())!.trim();
  expect(subtotalText).toMatch(FRENCH_PRICE);
  await expect(page.locator('.cart-summary [data-tax-included]')).toHaveText(/^dont \d+,\d\d\u00a0€ de TVA$/);
  await page.getByRole('link', { name: 'Commander' }).click();
  return cents(subtotalText);
}

/** The contact step in French: fills the email in, or (signed in) finds the account's there already. */
async function frenchContact(page: Page, email: string, how: 'fill' | 'prefilled'): Promise<void> {
  await expect(page).toHaveURL(/\/fr\/checkout\/contact$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre e-mail');
  await expect(page.getByRole('navigation', { name: 'Étapes de la commande' })).toContainText('Contact');
  await expectFrench(page);
  const field = page.getByLabel('E-mail', { exact: true });
  if (how === 'fill') await field.fill(email);
  else await expect(field).toHaveValue(email);
  await page.getByRole('button', { name: 'Continuer' }).click();
}

/** The delivery step in French: a Paris address and "Livraison standard". */
async function frenchDelivery(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/fr\/checkout\/shipping$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Livraison');
  await expect(page.getByRole('navigation', { name: 'Étapes de la commande' })).toContainText('Vérifier et payer');
  await expectFrench(page);
  await page.getByLabel('Nom complet').fill('Camille Martin');
  await page.getByLabel('Adresse', { exact: true }).fill('12 rue de la Paix');
  await page.getByLabel('Code postal').fill('75002');
  await page.getByLabel('Ville').fill('Paris');
  await page.getByLabel('Pays').selectOption('FR');
  await page.getByRole('radio', { name: /^Livraison standard — / }).check();
  await expect(page.getByRole('radio', { name: /^Livraison express — \d+,\d\d\s€$/ })).toBeVisible();
  await page.getByRole('button', { name: 'Continuer' }).click();
}

/** The review step in French: the line, shipping and total in French, then pays with the test card. */
async function frenchReviewAndPay(page: Page, name: string, subtotal: number): Promise<string> {
  await expect(page).toHaveURL(/\/fr\/checkout\/review$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vérifier et payer');
  await expectFrench(page);
  await expect(page.getByRole('cell', { name: new RegExp(name) })).toBeVisible();
  await expect(page.locator('.checkout-totals [data-tax-included]')).toHaveText(/^dont \d+,\d\d\u00a0€ de TVA$/);
  const shippingRow = page.locator('.checkout-totals div', { hasText: 'Livraison standard' });
  await expect(shippingRow.locator('dt')).toHaveText('Livraison\u00a0: Livraison standard');
  const shippingText = (await shippingRow.locator('dd').textContent())!.trim();
  const shipping = shippingText === 'Gratuit' ? 0 : cents(shippingText);
  expect(shipping).toBe(subtotal >= 5000 ? 0 : 490);
  const total = (await page.locator('[data-total]').textContent())!.trim();
  expect(total).toMatch(FRENCH_PRICE);
  expect(cents(total)).toBe(subtotal + shipping);
  await page.getByLabel('Numéro de carte').fill(GOOD_CARD);
  await page.getByLabel('Date d’expiration (MM/AA)').fill('12/34');
  await page.getByLabel('Cryptogramme (CVC)').fill('123');
  await page.getByRole('button', { name: `Payer ${total}` }).click();
  return total;
}

/** The confirmation in French, under /fr/orders/…: returns the order number. */
async function expectFrenchConfirmation(page: Page, total: string): Promise<string> {
  await expect(page).toHaveURL(/\/fr\/orders\/EMP-[0-9A-Z]{10}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Commande EMP-[0-9A-Z]{10}$/);
  await expect(page.getByText('Merci\u202f! Votre commande est confirmée.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Et maintenant\u202f?' })).toBeVisible();
  await expect(page.locator('[data-total]')).toHaveText(total);
  await expect(page.locator('main')).toContainText('Livraison standard');
  await expectFrench(page);
  return (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Commande ', '').trim();
}

test('@core a French guest searches, buys in French from /fr/ and sees the confirmation in French', async ({ page }, info) => {
  test.setTimeout(120_000);
  const name = await addFromFrenchSearch(page, 'tabliers', /^Tablier de chef en lin$/, 'Rouille');
  const subtotal = await frenchCartToCheckout(page, name, 'Rouille');

  const email = `invite-${info.project.name}-${Date.now()}@example.test`;
  await frenchContact(page, email, 'fill');
  await frenchDelivery(page);
  const total = await frenchReviewAndPay(page, name, subtotal);

  const number = await expectFrenchConfirmation(page, total);
  await expect(page.getByText(`Nous avons envoyé une confirmation à ${email}.`)).toBeVisible();
  // The confirmation email is French too, and its link opens the order in the French shop.
  const mail = await waitForMail(MAIL_DIR, email);
  expect(mail.subject).toBe(`Votre commande ${number} est confirmée`);
  expect(mail.text).toContain(`/fr/orders/${number}?token=`);
  expect(mail.text).toContain('Livraison standard');
  expect(ENGLISH_ONLY.filter((phrase) => mail.text.includes(phrase))).toEqual([]);
  await expect(page.getByRole('link', { name: 'Créer un compte' })).toHaveAttribute('href', /^\/fr\/account\/signup\?email=invite-/);
  // The cart is empty again.
  await expect(page.getByRole('link', { name: 'Panier', exact: true })).toBeVisible();
});

test('@core a French shopper signs up at /fr/, buys, logs out, logs back in and finds the order in French', async ({ page }, info) => {
  test.setTimeout(120_000);
  const email = `client-${info.project.name}-${Date.now()}@example.test`;
  const password = 'noyer lanterne port';

  // Sign up in French; the emailed link brings the shopper back to the French shop.
  await page.goto('/fr/');
  await page.getByRole('link', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/fr\/account\/login$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
  await expectFrench(page);
  await page.getByRole('link', { name: 'Créer un compte' }).click();
  await expect(page).toHaveURL(/\/fr\/account\/signup$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Créer un compte');
  await expectFrench(page);
  await page.getByLabel('Votre nom').fill('Camille Martin');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page).toHaveURL(/\/fr\/account\/signup\/sent$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Consultez votre boîte de réception');
  await expectFrench(page);
  const mail = await waitForMail(MAIL_DIR, email);
  expect(mail.subject).toBe('Terminez la création de votre compte Emporium');
  const link = new URL(confirmLinkIn(mail));
  expect(link.pathname).toBe('/fr/account/confirm');
  await page.goto(link.pathname + link.search);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Terminez la création de votre compte');
  await expectFrench(page);
  await page.getByRole('button', { name: 'Confirmer et me connecter' }).click();
  await expect(page).toHaveURL(/\/fr\/account$/);
  await expect(page.getByText('Bienvenue chez Emporium, Camille Martin. Votre compte est prêt.')).toBeVisible();
  await expectFrench(page);

  // A purchase as the signed-in customer: the account's email is already in the contact step.
  const name = await addFromFrenchSearch(page, 'bols', /^Bols/, null);
  const subtotal = await frenchCartToCheckout(page, name, null);
  await frenchContact(page, email, 'prefilled');
  await frenchDelivery(page);
  const total = await frenchReviewAndPay(page, name, subtotal);
  const number = await expectFrenchConfirmation(page, total);

  // Log out, then log back in at the French login page.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/fr\/$/);
  await expectFrench(page);
  await page.goto('/fr/account/orders');
  await expect(page).toHaveURL(/\/fr\/account\/login\?return=%2Faccount%2Forders$/);
  await expectFrench(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('L’adresse e-mail ou le mot de passe n’est pas correct.');
  await expectFrench(page);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();

  // The order history in French, and the order page from it.
  await expect(page).toHaveURL(/\/fr\/account\/orders$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vos commandes');
  await expectFrench(page);
  const row = page.getByRole('row').filter({ hasText: number });
  await expect(row).toContainText('Payée');
  await expect(row).toContainText(total);
  await row.getByRole('link', { name: number }).click();
  await expect(page).toHaveURL(new RegExp(`/fr/orders/${number}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Commande ${number}`);
  await expectFrench(page);
  // Its invoice is a French document.
  const invoiceLink = page.getByRole('link', { name: 'Télécharger la facture (PDF)' });
  const invoice = await page.request.get((await invoiceLink.getAttribute('href'))!);
  expect(invoice.status()).toBe(200);
  const invoiceText = pdfText(await invoice.body());
  expect(invoiceText).toContain('Numéro de facture');
  expect(invoiceText).toContain('Livraison standard');
  expect(invoiceText).toContain(name);
  expect(ENGLISH_ONLY.filter((phrase) => invoiceText.includes(phrase)), 'English on the invoice').toEqual([]);
  await page.getByRole('navigation', { name: 'Votre compte' }).getByRole('link', { name: 'Votre compte' }).or(page.getByRole('link', { name: 'Bonjour, Camille Martin' })).first().click();
  await expect(page).toHaveURL(/\/fr\/account$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre compte');
  await expect(page.getByText(`Connecté en tant que ${email}.`)).toBeVisible();
  await expectFrench(page);
});
