// Account pages: log in, sign up, log out, forgotten and reset passwords, overview, profile, password, addresses, API tokens.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { LOCALES, type Locale, type MessageKey } from '../i18n';
import { ValidationError } from '../lib/errors';
import { safeReturnPath } from '../lib/safe-redirect';
import { endSessionsOfUser, endUserSession, requireUser, startUserSession } from '../plugins/auth';
import { flash, takeFlash, type FlashMessage } from '../plugins/flash';
import {
  AddressLimitError,
  COUNTRIES,
  addAddress,
  addressFromForm,
  defaultAddress,
  deleteAddress,
  getAddress,
  listAddresses,
  setDefaultAddress,
  updateAddress,
  type Address,
  type AddressInput,
} from './addresses';
import { InvalidResetLinkError, admitResetRequest, completePasswordReset, findResetTarget, prunePasswordResets, sendPasswordReset } from './password-reset';
import { TooManyAttemptsError, pruneRateLimits } from './rate-limit';
import { createApiToken, listApiTokens, revokeApiToken, normaliseTokenName } from './api-tokens';
import { InvalidCredentialsError, changePassword, findAccount, logIn, setAccountLocale, updateProfile, type Account } from './service';
import { CONFIRM_PATH, InvalidSignUpLinkError, admitSignUp, confirmSignUp, findSignUpRequest, pruneSignUpRequests, sendSignUpMail } from './signup';
import { formBody, formView, text, type FormView } from '../lib/forms';
import { idFromPath, parseId } from '../lib/form-input';
import { countryOptions } from '../lib/countries';
import { addressLines } from './address-format';

declare module 'fastify' {
  interface Session {
    /** The address the last sign-up in this browser sent its link to, for the "check your inbox" page. */
    signUpSentTo?: string;
  }
}



interface Failure {
  status: number;
  errors: Record<string, MessageKey>;
  notice: FlashMessage | null;
}

/** The errors a form shows beside its fields or above them; anything else goes on to the error handler. */
function failureOf(err: unknown, reply: FastifyReply): Failure {
  if (err instanceof ValidationError) return { status: err.status, errors: err.fields, notice: null };
  if (err instanceof TooManyAttemptsError) {
    reply.header('retry-after', String(err.retryAfterSeconds));
    return { status: 429, errors: {}, notice: { key: err.messageKey, params: err.params } };
  }
  if (err instanceof InvalidCredentialsError || err instanceof AddressLimitError) {
    return { status: err.status, errors: {}, notice: { key: err.messageKey, params: err.params } };
  }
  throw err;
}

function addressCard(locale: Locale, address: Address) {
  return {
    id: address.id,
    name: address.name,
    isDefault: address.isDefault,
    lines: addressLines(locale, address),
    editHref: `/account/addresses/${address.id}/edit`,
    deleteAction: `/account/addresses/${address.id}/delete`,
    defaultAction: `/account/addresses/${address.id}/default`,
  };
}

/** A link between log in and sign up that keeps where the visitor was going. */
function withReturn(path: string, returnTo: string): string {
  return returnTo === '/account' ? path : `${path}?return=${encodeURIComponent(returnTo)}`;
}

const EMPTY_ADDRESS: AddressInput = { name: '', line1: '', line2: '', postalCode: '', city: '', region: '', country: '', phone: '', isDefault: false };

export async function accountRoutes(app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const { config } = opts;
  const db = app.db;

  // Account pages are personal: no cache (nor the back button after log out) may keep a copy.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  if (config.env !== 'test') {
    const timer = setInterval(() => {
      Promise.all([pruneRateLimits(db), prunePasswordResets(db), pruneSignUpRequests(db)]).catch((err) => app.log.error({ err }, 'accounts housekeeping failed'));
    }, 60 * 60 * 1000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }

  async function signIn(request: FastifyRequest, userId: number): Promise<void> {
    await startUserSession(request, userId);
    request.session.signedInAt = Date.now();
  }

  // ---- Log in, sign up, log out ----

  app.get<{ Querystring: { return?: string } }>('/account/login', async (request, reply) => {
    const returnTo = safeReturnPath(request.query.return, '/account');
    if (request.user) return reply.redirect(returnTo, 303);
    return reply.render('accounts/login', { form: formView('login', { email: '' }), returnTo, switchHref: withReturn('/account/signup', returnTo), flash: takeFlash(request) });
  });

  app.post('/account/login', async (request, reply) => {
    const form = formBody(request);
    const returnTo = safeReturnPath(form.return, '/account');
    try {
      const userId = await logIn(db, { email: form.email, password: form.password, ip: request.ip });
      await signIn(request, userId);
      return reply.redirect(returnTo, 303);
    } catch (err) {
      const failure = failureOf(err, reply);
      return reply.render('accounts/login', { form: formView('login', { email: text(form, 'email') }, failure.errors, failure.notice), returnTo, switchHref: withReturn('/account/signup', returnTo), flash: [] }, failure.status);
    }
  });

  app.get<{ Querystring: { return?: string; email?: string } }>('/account/signup', async (request, reply) => {
    const returnTo = safeReturnPath(request.query.return, '/account');
    if (request.user) return reply.redirect(returnTo, 303);
    // ?email= pre-fills the field (the order page offers a guest an account with the order's address); checked on submit.
    const email = typeof request.query.email === 'string' ? request.query.email.slice(0, 254) : '';
    return reply.render('accounts/signup', { form: formView('signup', { name: '', email }), returnTo, switchHref: withReturn('/account/login', returnTo) });
  });

  app.post('/account/signup', async (request, reply) => {
    const form = formBody(request);
    const returnTo = safeReturnPath(form.return, '/account');
    try {
      const admitted = await admitSignUp(db, { email: form.email, name: form.name, password: form.password }, returnTo, request.ip);
      const context = { locale: request.locale, defaultLocale: config.defaultLocale, publicUrl: config.publicUrl };
      // Looked up and emailed after the answer: the same page, as fast, whether or not the address has an account.
      app.afterAnswer(request, 'sign-up email', () => sendSignUpMail(db, app.mailer, admitted, context));
      request.session.signUpSentTo = admitted.email;
      return reply.redirect('/account/signup/sent', 303);
    } catch (err) {
      const failure = failureOf(err, reply);
      const values = { name: text(form, 'name'), email: text(form, 'email') };
      return reply.render('accounts/signup', { form: formView('signup', values, failure.errors, failure.notice), returnTo, switchHref: withReturn('/account/login', returnTo) }, failure.status);
    }
  });

  app.get('/account/signup/sent', async (request, reply) => {
    const email = request.session.signUpSentTo;
    if (typeof email !== 'string') return reply.redirect('/account/signup', 303);
    return reply.render('accounts/signup-sent', { email });
  });

  app.get<{ Querystring: { token?: string } }>(CONFIRM_PATH, async (request, reply) => {
    try {
      const pending = await findSignUpRequest(db, request.query.token);
      return await reply.render('accounts/confirm', { token: request.query.token, email: pending.email });
    } catch (err) {
      if (err instanceof InvalidSignUpLinkError) return reply.render('accounts/confirm-invalid', {}, err.status);
      throw err;
    }
  });

  app.post(CONFIRM_PATH, async (request, reply) => {
    const form = formBody(request);
    try {
      const { userId, name, returnTo } = await confirmSignUp(db, form.token);
      // Signing in carries this browser's guest cart over, as a log in does.
      await signIn(request, userId);
      request.session.signUpSentTo = undefined;
      flash(request, 'accounts.signup.welcome', { name });
      return reply.redirect(safeReturnPath(returnTo, '/account'), 303);
    } catch (err) {
      if (err instanceof InvalidSignUpLinkError) return reply.render('accounts/confirm-invalid', {}, err.status);
      throw err;
    }
  });

  app.post('/account/logout', async (request, reply) => {
    await endUserSession(request);
    return reply.redirect('/', 303);
  });

  // ---- Forgotten password ----

  app.get('/account/forgot-password', async (request, reply) => {
    return reply.render('accounts/forgot-password', { form: formView('forgot', { email: '' }), flash: takeFlash(request) });
  });

  app.post('/account/forgot-password', async (request, reply) => {
    const form = formBody(request);
    try {
      const email = await admitResetRequest(db, form.email, request.ip);
      const context = { defaultLocale: config.defaultLocale, publicUrl: config.publicUrl };
      // The email goes out after the answer, so the answer takes as long for unknown emails as for known ones.
      app.afterAnswer(request, 'password reset email', () => sendPasswordReset(db, app.mailer, email, context));
      flash(request, 'accounts.forgot.sent');
      return reply.redirect('/account/forgot-password', 303);
    } catch (err) {
      const failure = failureOf(err, reply);
      return reply.render('accounts/forgot-password', { form: formView('forgot', { email: text(form, 'email') }, failure.errors, failure.notice), flash: [] }, failure.status);
    }
  });

  async function renderResetForm(reply: FastifyReply, token: unknown, errors: Record<string, MessageKey> = {}, status = 200): Promise<FastifyReply> {
    try {
      const target = await findResetTarget(db, token);
      return await reply.render('accounts/reset-password', { form: formView('reset', { token }, errors), email: target.email }, status);
    } catch (err) {
      if (err instanceof InvalidResetLinkError) return reply.render('accounts/reset-invalid', {}, err.status);
      throw err;
    }
  }

  app.get<{ Querystring: { token?: string } }>('/account/reset-password', async (request, reply) => renderResetForm(reply, request.query.token));

  app.post('/account/reset-password', async (request, reply) => {
    const form = formBody(request);
    try {
      await completePasswordReset(db, form.token, form.password);
    } catch (err) {
      if (err instanceof InvalidResetLinkError) return reply.render('accounts/reset-invalid', {}, err.status);
      if (err instanceof ValidationError) return renderResetForm(reply, form.token, err.fields, err.status);
      throw err;
    }
    // Whatever session this browser had is replaced; the person logs in with the new password.
    await endUserSession(request);
    flash(request, 'accounts.reset.done');
    return reply.redirect('/account/login', 303);
  });

  // ---- Signed-in pages ----

  app.get('/account', { preHandler: requireUser }, async (request, reply) => {
    const user = request.user!;
    const address = await defaultAddress(db, user.id);
    return reply.render('accounts/overview', {
      account: user,
      defaultAddress: address ? addressCard(request.locale, address) : null,
      flash: takeFlash(request),
    });
  });

  /** The profile page: its own form and the language-for-emails form, either of which may come back with errors. */
  function renderProfile(request: FastifyRequest, reply: FastifyReply, account: Account, forms: { profile?: FormView; language?: FormView } = {}, status = 200) {
    return reply.render(
      'accounts/profile',
      {
        form: forms.profile ?? formView('profile', { name: account.name, email: account.email }),
        languageForm: forms.language ?? formView('language', { locale: account.locale ?? config.defaultLocale }),
        languages: LOCALES.map((l) => ({ value: l, labelKey: `language.${l}` as MessageKey })),
        flash: status === 200 ? takeFlash(request) : [],
      },
      status,
    );
  }

  app.get('/account/profile', { preHandler: requireUser }, async (request, reply) => renderProfile(request, reply, await findAccount(db, request.user!.id)));

  app.post('/account/profile', { preHandler: requireUser }, async (request, reply) => {
    const form = formBody(request);
    try {
      await updateProfile(db, request.user!.id, { name: form.name, email: form.email, currentPassword: form.currentPassword });
      flash(request, 'accounts.profile.saved');
      return reply.redirect('/account/profile', 303);
    } catch (err) {
      const failure = failureOf(err, reply);
      const values = { name: text(form, 'name'), email: text(form, 'email') };
      return renderProfile(request, reply, await findAccount(db, request.user!.id), { profile: formView('profile', values, failure.errors, failure.notice) }, failure.status);
    }
  });

  // The language the shop writes to the account in; the pages' language stays the URL's.
  app.post('/account/language', { preHandler: requireUser }, async (request, reply) => {
    const form = formBody(request);
    try {
      await setAccountLocale(db, request.user!.id, form.locale);
      flash(request, 'accounts.language.saved');
      return reply.redirect('/account/profile', 303);
    } catch (err) {
      const failure = failureOf(err, reply);
      return renderProfile(request, reply, await findAccount(db, request.user!.id), { language: formView('language', { locale: text(form, 'locale') }, failure.errors, failure.notice) }, failure.status);
    }
  });

  app.get('/account/password', { preHandler: requireUser }, async (request, reply) => {
    return reply.render('accounts/password', { form: formView('password', {}), flash: takeFlash(request) });
  });

  app.post('/account/password', { preHandler: requireUser }, async (request, reply) => {
    const form = formBody(request);
    const userId = request.user!.id;
    try {
      await changePassword(db, userId, { currentPassword: form.currentPassword, newPassword: form.newPassword });
    } catch (err) {
      const failure = failureOf(err, reply);
      return reply.render('accounts/password', { form: formView('password', {}, failure.errors, failure.notice), flash: [] }, failure.status);
    }
    // A new session id here, and every other session of the account ends (someone may know the old password).
    await signIn(request, userId);
    await endSessionsOfUser(db, userId, request.session.sessionId);
    flash(request, 'accounts.passwordPage.saved');
    return reply.redirect('/account', 303);
  });

  // ---- Address book ----

  app.get('/account/addresses', { preHandler: requireUser }, async (request, reply) => {
    const addresses = await listAddresses(db, request.user!.id);
    return reply.render('accounts/addresses', { addresses: addresses.map((a) => addressCard(request.locale, a)), flash: takeFlash(request) });
  });

  function renderAddressForm(request: FastifyRequest, reply: FastifyReply, mode: 'new' | 'edit', action: string, values: AddressInput & { alreadyDefault?: boolean }, failure?: Failure) {
    return reply.render(
      'accounts/address-form',
      {
        mode,
        action,
        countries: countryOptions(request.locale, COUNTRIES),
        form: formView('address', values, failure?.errors, failure?.notice),
      },
      failure?.status ?? 200,
    );
  }

  app.get('/account/addresses/new', { preHandler: requireUser }, async (request, reply) =>
    renderAddressForm(request, reply, 'new', '/account/addresses/new', EMPTY_ADDRESS),
  );

  app.post('/account/addresses/new', { preHandler: requireUser }, async (request, reply) => {
    const input = addressFromForm(formBody(request));
    try {
      await addAddress(db, request.user!.id, input);
    } catch (err) {
      return renderAddressForm(request, reply, 'new', '/account/addresses/new', input, failureOf(err, reply));
    }
    flash(request, 'accounts.addresses.saved');
    return reply.redirect('/account/addresses', 303);
  });

  app.get<{ Params: { id: string } }>('/account/addresses/:id/edit', { preHandler: requireUser }, async (request, reply) => {
    const address = await getAddress(db, request.user!.id, idFromPath(request.params.id));
    return renderAddressForm(request, reply, 'edit', `/account/addresses/${address.id}/edit`, { ...address, alreadyDefault: address.isDefault });
  });

  app.post<{ Params: { id: string } }>('/account/addresses/:id/edit', { preHandler: requireUser }, async (request, reply) => {
    const id = idFromPath(request.params.id);
    const existing = await getAddress(db, request.user!.id, id);
    const input = addressFromForm(formBody(request));
    try {
      await updateAddress(db, request.user!.id, id, input);
    } catch (err) {
      return renderAddressForm(request, reply, 'edit', `/account/addresses/${id}/edit`, { ...input, alreadyDefault: existing.isDefault }, failureOf(err, reply));
    }
    flash(request, 'accounts.addresses.saved');
    return reply.redirect('/account/addresses', 303);
  });

  app.post<{ Params: { id: string } }>('/account/addresses/:id/delete', { preHandler: requireUser }, async (request, reply) => {
    await deleteAddress(db, request.user!.id, idFromPath(request.params.id));
    flash(request, 'accounts.addresses.deleted');
    return reply.redirect('/account/addresses', 303);
  });

  app.post<{ Params: { id: string } }>('/account/addresses/:id/default', { preHandler: requireUser }, async (request, reply) => {
    await setDefaultAddress(db, request.user!.id, idFromPath(request.params.id));
    flash(request, 'accounts.addresses.defaultChanged');
    return reply.redirect('/account/addresses', 303);
  });

  // ---- Personal API tokens ----

  async function renderTokens(request: FastifyRequest, reply: FastifyReply, extra: { created?: { name: string; token: string }; failure?: Failure; name?: string } = {}) {
    const tokens = await listApiTokens(db, request.user!.id);
    const form = formView('token', { name: extra.name ?? '' }, extra.failure?.errors, extra.failure?.notice);
    // The new token is in this page only: never cached, never kept in the session.
    if (extra.created) reply.header('cache-control', 'no-store');
    return reply.render('accounts/tokens', { tokens, form, created: extra.created ?? null, flash: takeFlash(request) }, extra.failure?.status ?? 200);
  }

  app.get('/account/tokens', { preHandler: requireUser }, async (request, reply) => renderTokens(request, reply));

  app.post('/account/tokens', { preHandler: requireUser }, async (request, reply) => {
    const form = formBody(request);
    try {
      const { token, summary } = await createApiToken(db, request.user!.id, form.name);
      // Shown once, on this answer (no redirect): only the hash is stored.
      return await renderTokens(request, reply, { created: { name: summary.name, token } });
    } catch (err) {
      return renderTokens(request, reply, { failure: failureOf(err, reply), name: normaliseTokenName(form.name) });
    }
  });

  app.post<{ Params: { id: string } }>('/account/tokens/:id/revoke', { preHandler: requireUser }, async (request, reply) => {
    const id = parseId(request.params.id) ?? 0;
    const token = (await listApiTokens(db, request.user!.id)).find((t) => t.id === id);
    if (token && (await revokeApiToken(db, request.user!.id, id))) flash(request, 'tokens.revoked', { name: token.name });
    else flash(request, 'tokens.notFound');
    return reply.redirect('/account/tokens', 303);
  });
}
