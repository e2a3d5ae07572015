// Back office: settings pages (staff or admin, checked on every route).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../audit/service';
import { listAudit } from '../../audit/service';
import { countryName } from '../../lib/countries';
import { DomainError, ValidationError } from '../../lib/errors';
import { formBody, formView, type Form, type FormView } from '../../lib/forms';
import { paginationLinks, pageWindow } from '../../lib/pagination';
import { requireRole } from '../../plugins/auth';
import { flash, takeFlash } from '../../plugins/flash';
import type { MessageKey } from '../../i18n';
import { DAY_MS, basisPointsToInput, checked, idFromPath } from '../../lib/form-input';
import { DISCOUNT_KINDS, createDiscount, deactivateDiscount, discountToForm, getDiscount, listDiscounts, updateDiscount } from './discount-codes';
import { TAX_COUNTRIES, createTaxRate, deleteTaxRate, getTaxRate, listTaxRates, taxRateToForm, updateTaxRate } from './tax-rates';
import { createShippingMethod, deleteShippingMethod, getShippingMethod, listShippingMethods, shippingToForm, updateShippingMethod } from './shipping-methods';
import { ROLES, accountDetail, changeRole, endPlus, grantPlus } from './users';
import { PRICE_MODES, pricesAndTaxToForm, updatePricesAndTax } from './prices-and-tax';
import { SELLER_COUNTRIES, loadSeller, sellerToForm, updateSeller } from './seller';

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_ENTITY_TYPES = ['discount_code', 'tax_rate', 'shipping_method', 'shop_settings', 'user', 'product', 'order'];

type IdParams = { Params: { id: string } };

function actorOf(request: FastifyRequest): Actor {
  return { id: request.user!.id, email: request.user!.email };
}

/** Field errors of a rejected form, or the error is not about the form and goes on to the error plugin. */
function fieldErrors(err: unknown): Record<string, MessageKey> {
  if (err instanceof ValidationError) return err.fields;
  if (err instanceof DomainError && err.status === 422 && err.field) return { [err.field]: err.messageKey };
  throw err;
}

/** The posted values to show again (text fields as typed, checkboxes as ticked). */
function keptValues(form: Form, checkboxes: string[]): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (const [k, v] of Object.entries(form)) if (typeof v === 'string' && k !== '_csrf') values[k] = v;
  for (const name of checkboxes) values[name] = checked(form, name);
  return values;
}

export async function adminSettingsRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const staff = { preHandler: requireRole('staff') };
  const admin = { preHandler: requireRole('admin') };

  // ---------- Discount codes (staff) ----------

  const discountKinds = DISCOUNT_KINDS.map((k) => ({ value: k, labelKey: `adminSettings.discount.kind.${k}` as MessageKey }));

  const renderDiscountForm = (reply: FastifyReply, form: FormView, id: number | null, status = 200) =>
    reply.render('admin/settings/discount-form', { form, id, action: id === null ? '/admin/discounts' : `/admin/discounts/${id}`, kinds: discountKinds, noindex: true }, status);

  app.get<{ Querystring: { missing?: unknown } }>('/admin/discounts', staff, async (request, reply) => {
    const missing = request.query.missing === 'fr' ? 'fr' : '';
    const codes = (await listDiscounts(db, { missing })).map((d) => ({
      ...d,
      percentText: d.kind === 'percent' ? `${basisPointsToInput(d.value)} %` : '',
      startsOn: d.startsAt === null ? null : new Date(d.startsAt),
      lastDay: d.endsAt === null ? null : new Date(d.endsAt - DAY_MS),
      missingFrench: d.description.trim() !== '' && d.descriptionFr.trim() === '',
    }));
    return reply.render('admin/settings/discounts', { codes, missing, flash: takeFlash(request), noindex: true });
  });

  app.get('/admin/discounts/new', staff, async (request, reply) =>
    renderDiscountForm(reply, formView('discount', { kind: 'percent', active: true }), null),
  );

  app.post('/admin/discounts', staff, async (request, reply) => {
    const form = formBody(request);
    try {
      await createDiscount(db, actorOf(request), form);
    } catch (err) {
      return renderDiscountForm(reply, formView('discount', keptValues(form, ['membersOnly', 'active']), fieldErrors(err)), null, 422);
    }
    flash(request, 'adminSettings.saved');
    return reply.redirect('/admin/discounts', 303);
  });

  app.get<IdParams>('/admin/discounts/:id/edit', staff, async (request, reply) => {
    const id = idFromPath(request.params.id);
    return renderDiscountForm(reply, formView('discount', discountToForm(await getDiscount(db, id))), id);
  });

  app.post<IdParams>('/admin/discounts/:id', staff, async (request, reply) => {
    const id = idFromPath(request.params.id);
    const form = formBody(request);
    try {
      await updateDiscount(db, actorOf(request), id, form);
    } catch (err) {
      return renderDiscountForm(reply, formView('discount', keptValues(form, ['membersOnly', 'active']), fieldErrors(err)), id, 422);
    }
    flash(request, 'adminSettings.saved');
    return reply.redirect('/admin/discounts', 303);
  });

  app.post<IdParams>('/admin/discounts/:id/deactivate', staff, async (request, reply) => {
    await deactivateDiscount(db, actorOf(request), idFromPath(request.params.id));
    flash(request, 'adminSettings.discount.deactivated');
    return reply.redirect('/admin/discounts', 303);
  });

  // ---------- Tax rates (admin) ----------

  const countries = (request: FastifyRequest) =>
    TAX_COUNTRIES.map((c) => ({ value: c, label: `${countryName(request.locale, c)} (${c})` })).sort((a, b) => a.label.localeCompare(b.label, request.locale));

  const renderTaxForm = (request: FastifyRequest, reply: FastifyReply, form: FormView, id: number | null, status = 200) =>
    reply.render('admin/settings/tax-rate-form', { form, id, action: id === null ? '/admin/tax-rates' : `/admin/tax-rates/${id}`, countries: countries(request), noindex: true }, status);

  app.get('/admin/tax-rates', admin, async (request, reply) => {
    const rates = (await listTaxRates(db)).map((r) => ({ ...r, countryName: countryName(request.locale, r.country), rateText: `${basisPointsToInput(r.rateBp)} %` }));
    return reply.render('admin/settings/tax-rates', { rates, flash: takeFlash(request), noindex: true });
  });

  app.get('/admin/tax-rates/new', admin, async (request, reply) => renderTaxForm(request, reply, formView('tax', {}), null));

  app.post('/admin/tax-rates', admin, async (request, reply) => {
    const form = formBody(request);
    try {
      await createTaxRate(db, actorOf(request), form);
    } catch (err) {
      return renderTaxForm(request, reply, formView('tax', keptValues(form, []), fieldErrors(err)), null, 422);
    }
    flash(request, 'adminSettings.saved');
    return reply.redirect('/admin/tax-rates', 303);
  });

  app.get<IdParams>('/admin/tax-rates/:id/edit', admin, async (request, reply) => {
    const id = idFromPath(request.params.id);
    return renderTaxForm(request, reply, formView('tax', taxRateToForm(await getTaxRate(db, id))), id);
  });

  app.post<IdParams>('/admin/tax-rates/:id', admin, async (request, reply) => {
    const id = idFromPath(request.params.id);
    const form = formBody(request);
    try {
      await updateTaxRate(db, actorOf(request), id, form);
    } catch (err) {
      return renderTaxForm(request, reply, formView('tax', keptValues(form, []), fieldErrors(err)), id, 422);
    }
    flash(request, 'adminSettings.saved');
    return reply.redirect('/admin/tax-rates', 303);
  });

  app.post<IdParams>('/admin/tax-rates/:id/delete', admin, async (request, reply) => {
    await deleteTaxRate(db, actorOf(request), idFromPath(request.params.id));
    flash(request, 'adminSettings.deleted');
    return reply.redirect('/admin/tax-rates', 303);
  });

  // ---------- Prices and tax (admin, like tax rates) ----------

  const priceModes = PRICE_MODES.map((m) => ({ value: m, labelKey: `adminSettings.prices.mode.${m}` as MessageKey, hintKey: `adminSettings.prices.modeHint.${m}` as MessageKey }));

  const renderPricesForm = (request: FastifyRequest, reply: FastifyReply, form: FormView, status = 200) =>
    reply.render('admin/settings/prices-and-tax', { form, modes: priceModes, flash: status === 200 ? takeFlash(request) : [], noindex: true }, status);

  app.get('/admin/settings/prices', admin, async (request, reply) => renderPricesForm(request, reply, formView('prices', await pricesAndTaxToForm(db))));

  app.post('/admin/settings/prices', admin, async (request, reply) => {
    const form = formBody(request);
    try {
      await updatePricesAndTax(db, actorOf(request), form);
    } catch (err) {
      return renderPricesForm(request, reply, formView('prices', keptValues(form, []), fieldErrors(err)), 422);
    }
    flash(request, 'adminSettings.saved');
    return reply.redirect('/admin/settings/prices', 303);
  });

  // ---------- Shipping methods (admin) ----------

  const renderShippingForm = (reply: FastifyReply, form: FormView, id: number | null, status = 200) =>
    reply.render('admin/settings/shipping-method-form', { form, id, action: id === null ? '/admin/shipping-methods' : `/admin/shipping-methods/${id}`, noindex: true }, status);

  app.get('/admin/shipping-methods', admin, async (request, reply) =>
    reply.render('admin/settings/shipping-methods', { methods: await listShippingMethods(db), flash: takeFlash(request), noindex: true }),
  );

  app.get('/admin/shipping-methods/new', admin, async (_request, reply) => renderShippingForm(reply, formView('shipping', { position: '0', active: true }), null));

  app.post('/admin/shipping-methods', admin, async (request, reply) => {
    const form = formBody(request);
    try {
      await createShippingMethod(db, actorOf(request), form);
    } catch (err) {
      return renderShippingForm(reply, formView('shipping', keptValues(form, ['freeForMembers', 'active']), fieldErrors(err)), null, 422);
    }
    flash(request, 'adminSettings.saved');
    return reply.redirect('/admin/shipping-methods', 303);
  });

  app.get<IdParams>('/admin/shipping-methods/:id/edit', admin, async (request, reply) => {
    const id = idFromPath(request.params.id);
    return renderShippingForm(reply, formView('shipping', shippingToForm(await getShippingMethod(db, id))), id);
  });

  app.post<IdParams>('/admin/shipping-methods/:id', admin, async (request, reply) => {
    const id = idFromPath(request.params.id);
    const form = formBody(request);
    try {
      await updateShippingMethod(db, actorOf(request), id, form);
    } catch (err) {
      return renderShippingForm(reply, formView('shipping', keptValues(form, ['freeForMembers', 'active']), fieldErrors(err)), id, 422);
    }
    flash(request, 'adminSettings.saved');
    return reply.redirect('/admin/shipping-methods', 303);
  });

  app.post<IdParams>('/admin/shipping-methods/:id/delete', admin, async (request, reply) => {
    await deleteShippingMethod(db, actorOf(request), idFromPath(request.params.id));
    flash(request, 'adminSettings.deleted');
    return reply.redirect('/admin/shipping-methods', 303);
  });

  // ---------- Seller and invoices (admin) ----------

  const renderSellerForm = (request: FastifyRequest, reply: FastifyReply, form: FormView, status = 200) =>
    reply.render(
      'admin/settings/seller-form',
      {
        form,
        countries: SELLER_COUNTRIES.map((c) => ({ value: c, label: `${countryName(request.locale, c)} (${c})` })).sort((a, b) => a.label.localeCompare(b.label, request.locale)),
        flash: status === 200 ? takeFlash(request) : [],
        noindex: true,
      },
      status,
    );

  app.get('/admin/settings/seller', admin, async (request, reply) => renderSellerForm(request, reply, formView('seller', sellerToForm(await loadSeller(db)))));

  app.post('/admin/settings/seller', admin, async (request, reply) => {
    const form = formBody(request);
    try {
      await updateSeller(db, actorOf(request), form);
    } catch (err) {
      return renderSellerForm(request, reply, formView('seller', keptValues(form, []), fieldErrors(err)), 422);
    }
    flash(request, 'adminSettings.saved');
    return reply.redirect('/admin/settings/seller', 303);
  });

  // ---------- Accounts (admin) ----------

  const renderAccount = async (request: FastifyRequest, reply: FastifyReply, id: number, forms: { role?: FormView; plus?: FormView } = {}, status = 200) => {
    const account = await accountDetail(db, id);
    return reply.render(
      'admin/settings/user',
      {
        account: { ...account, memberUntil: account.membership.active && account.membership.endsAt !== null ? new Date(account.membership.endsAt) : null },
        isSelf: account.id === request.user!.id,
        shopLocale: app.config.defaultLocale,
        roles: ROLES.map((r) => ({ value: r, labelKey: `role.${r}` as MessageKey })),
        roleForm: forms.role ?? formView('role', { role: account.role }),
        plusForm: forms.plus ?? formView('plus', { days: '365' }),
        flash: status === 200 ? takeFlash(request) : [],
        noindex: true,
      },
      status,
    );
  };

  app.get<IdParams>('/admin/users/:id', admin, async (request, reply) => renderAccount(request, reply, idFromPath(request.params.id)));

  app.post<IdParams>('/admin/users/:id/role', admin, async (request, reply) => {
    const id = idFromPath(request.params.id);
    const form = formBody(request);
    const role = typeof form.role === 'string' ? form.role : '';
    try {
      await changeRole(db, actorOf(request), id, role);
    } catch (err) {
      return renderAccount(request, reply, id, { role: formView('role', { role }, fieldErrors(err)) }, 422);
    }
    flash(request, 'adminSettings.users.roleChanged');
    return reply.redirect(`/admin/users/${id}`, 303);
  });

  app.post<IdParams>('/admin/users/:id/plus', admin, async (request, reply) => {
    const id = idFromPath(request.params.id);
    const form = formBody(request);
    const days = typeof form.days === 'string' ? form.days : '';
    try {
      await grantPlus(db, actorOf(request), id, days);
    } catch (err) {
      return renderAccount(request, reply, id, { plus: formView('plus', { days }, fieldErrors(err)) }, 422);
    }
    flash(request, 'adminSettings.users.plusGranted');
    return reply.redirect(`/admin/users/${id}`, 303);
  });

  app.post<IdParams>('/admin/users/:id/plus/end', admin, async (request, reply) => {
    const id = idFromPath(request.params.id);
    await endPlus(db, actorOf(request), id);
    flash(request, 'adminSettings.users.plusEnded');
    return reply.redirect(`/admin/users/${id}`, 303);
  });

  // ---------- Audit log (admin) ----------

  app.get<{ Querystring: Record<string, unknown> }>('/admin/audit', admin, async (request, reply) => {
    const q = (name: string, max: number) => (typeof request.query[name] === 'string' ? (request.query[name] as string).trim().slice(0, max) : '');
    const filter = { actorEmail: q('actor', 254), action: q('action', 60), entityType: q('entity', 40), entityId: q('entityId', 60) };
    const rawPage = q('page', 6);
    const requested = /^\d{1,6}$/.test(rawPage) ? Number(rawPage) : 1;
    const first = await listAudit(db, filter, AUDIT_PAGE_SIZE, (Math.max(1, requested) - 1) * AUDIT_PAGE_SIZE);
    const window = pageWindow(first.total, requested, AUDIT_PAGE_SIZE);
    const result = window.page === requested ? first : await listAudit(db, filter, AUDIT_PAGE_SIZE, window.offset);
    const state = { actor: filter.actorEmail, action: filter.action, entity: filter.entityType, entityId: filter.entityId };
    const href = (page: number) =>
      `/admin/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(state).filter(([, v]) => v !== '')), ...(page > 1 ? { page: String(page) } : {}) })}`;
    const pretty = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value, null, 2));
    return reply.render('admin/settings/audit', {
      filter: state,
      entityTypes: AUDIT_ENTITY_TYPES,
      total: result.total,
      entries: result.entries.map((e) => ({ ...e, atText: e.at.toISOString().replace('T', ' ').slice(0, 19), beforeJson: pretty(e.before), afterJson: pretty(e.after) })),
      pagination: paginationLinks(window, href),
      noindex: true,
    });
  });
}
