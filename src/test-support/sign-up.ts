// Signing up as a shopper does: the form, the emailed link, the confirm button (integration tests).
import assert from 'node:assert/strict';
import { normaliseEmail } from '../accounts/email-address';
import { confirmLinkIn, waitForMail } from './mail';
import { Shopper, csrfTokenIn, type Response } from './shopper';

export interface SignUpFields {
  name: string;
  email: string;
  password: string;
  return?: string;
}

/** Submits the sign-up form for a fresh address, follows the emailed link in the same browser and confirms; returns the confirm answer (303). */
export async function signUpByEmail(browser: Shopper, mailDir: string, fields: SignUpFields): Promise<Response> {
  const form: Record<string, string> = { name: fields.name, email: fields.email, password: fields.password };
  if (fields.return !== undefined) form.return = fields.return;
  const sent = await browser.submit('/account/signup', form);
  assert.equal(sent.statusCode, 303, sent.body);
  assert.equal(sent.headers.location, '/account/signup/sent');
  const email = normaliseEmail(fields.email);
  // Each test signs up a fresh address, so the first message to it is the link.
  const mail = await waitForMail(mailDir, email);
  const path = confirmLinkIn(mail).replace(/^https?:\/\/[^/]+/, '');
  const page = await browser.get(path);
  assert.equal(page.statusCode, 200, page.body);
  const token = new URL(path, 'http://x').searchParams.get('token')!;
  const confirmed = await browser.post('/account/confirm', { _csrf: csrfTokenIn(page.body, '/account/confirm'), token });
  assert.equal(confirmed.statusCode, 303, confirmed.body);
  return confirmed;
}
