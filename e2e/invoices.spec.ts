// The seller on invoices: an admin finds "Seller and invoices" in the back office, a malformed VAT number is
// refused beside its field, a corrected one is saved; JavaScript on and off (@core).
import { expect, test } from '@playwright/test';
import { logIn } from './support';

test('@core an admin corrects the seller’s VAT number in the back office', async ({ page }) => {
  await logIn(page, 'admin@emporium.test', 'demo-admin-pass');
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Seller and invoices' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seller and invoices');
  // The demo seed's French company.
  await expect(page.getByLabel('Legal name')).toHaveValue('Emporium SAS');
  const vat = page.getByLabel('Intra-EU VAT number');
  await expect(vat).toHaveValue('FR74912345678');

  await vat.fill('FR 75 912 345 678');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(vat).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#seller-vatNumber-error')).toContainText('Enter an EU VAT number');
  await expect(vat).toHaveValue('FR 75 912 345 678');

  await vat.fill('fr 74 912 345 678');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(vat).toHaveValue('FR74912345678');
});
