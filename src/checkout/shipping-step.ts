// Checkout step 2, shipping: the address (typed, or from the address book) and the shipping method, priced for this cart.
import { discountCodeOfCart } from '../discounts/service';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../i18n';
import { audienceOf } from '../plugins/auth';
import { takeFlash } from '../plugins/flash';
import { COUNTRIES, addressFromForm, addressProblems, getAddress, listAddresses, defaultAddress, type Address } from '../accounts/addresses';
import { addressSummary } from '../accounts/address-format';
import type { ShippingAddress } from '../orders/service';
import { activeShippingMethods, taxRateFor } from '../orders/settings';
import { shippingChoices } from '../orders/shipping-choices';
import { formBody, formView, text } from '../lib/forms';
import { countryOptions } from '../lib/countries';
import { checkoutState, updateCheckout } from './checkout-session';
import { EMPTY_ADDRESS, STEP_PATHS, type StepSupport } from './step-support';

function stripAddress(a: Address): ShippingAddress {
  return { name: a.name, line1: a.line1, line2: a.line2, postalCode: a.postalCode, city: a.city, region: a.region, country: a.country, phone: a.phone };
}

export function shippingStep(app: FastifyInstance, steps: StepSupport): void {
  const db = app.db;

  async function renderShipping(
    request: FastifyRequest,
    reply: FastifyReply,
    cartId: number,
    values: { address: ShippingAddress; addressChoice: string; shippingMethodCode: string },
    errors: Record<string, MessageKey> = {},
    status = 200,
  ) {
    const state = checkoutState(request);
    const saved = request.user ? await listAddresses(db, request.user.id) : [];
    const methods = await shippingChoices(db, {
      cartId,
      audience: audienceOf(request),
      userId: request.user?.id ?? null,
      email: state.email ?? '',
      country: values.address.country,
      region: values.address.region,
      // With the cart's code (given on the cart), so a free-shipping code shows here; a code that no longer
      // applies is left out by shippingChoices.
      discountCode: await discountCodeOfCart(db, cartId),
      now: Date.now(),
    });
    return reply.render(
      'checkout/shipping',
      {
        form: formView('shipping', { ...values.address, addressChoice: values.addressChoice, shippingMethodCode: values.shippingMethodCode }, errors),
        savedAddresses: saved.map((a) => ({ id: String(a.id), summary: addressSummary(request.locale, a) })),
        methods,
        countries: countryOptions(request.locale, COUNTRIES),
        summary: await steps.summary(request, cartId),
        step: 'shipping',
        backHref: STEP_PATHS.contact,
        flash: status === 200 ? takeFlash(request) : [],
        noindex: true,
      },
      status,
    );
  }

  app.get('/checkout/shipping', async (request, reply) => {
    const cartId = await steps.cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    const state = checkoutState(request);
    if (await steps.redirectIfEarly(state, 'shipping', reply)) return reply;
    let address = state.address;
    let addressChoice = state.addressId !== undefined ? String(state.addressId) : 'new';
    if (!address && request.user) {
      const preferred = await defaultAddress(db, request.user.id);
      if (preferred) {
        address = stripAddress(preferred);
        addressChoice = String(preferred.id);
      }
    }
    const methods = await activeShippingMethods(db, request.locale);
    return renderShipping(request, reply, cartId, { address: address ?? EMPTY_ADDRESS, addressChoice, shippingMethodCode: state.shippingMethodCode ?? methods[0]?.code ?? '' });
  });

  app.post('/checkout/shipping', async (request, reply) => {
    const cartId = await steps.cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    const state = checkoutState(request);
    if (await steps.redirectIfEarly(state, 'shipping', reply)) return reply;
    const form = formBody(request);
    const choice = text(form, 'addressId');
    const shippingMethodCode = text(form, 'shippingMethod');
    const errors: Record<string, MessageKey> = {};

    let address: ShippingAddress;
    let addressId: number | undefined;
    if (request.user && /^\d{1,9}$/.test(choice)) {
      // A saved address is looked up by its owner, never taken from the form.
      try {
        const saved = await getAddress(db, request.user.id, Number(choice));
        address = stripAddress(saved);
        addressId = saved.id;
      } catch {
        address = EMPTY_ADDRESS;
        errors.addressId = 'checkout.shipping.chooseAddress';
      }
    } else {
      const { isDefault: _isDefault, ...typed } = addressFromForm(form);
      address = typed;
      Object.assign(errors, addressProblems({ ...typed, isDefault: false }));
    }
    if (!errors.country && !errors.addressId && address.country !== '' && (await taxRateFor(db, address.country, address.region)) === null) {
      errors.country = 'orders.error.destinationNotServed';
    }
    const methods = await activeShippingMethods(db, request.locale);
    if (!methods.some((m) => m.code === shippingMethodCode)) errors.shippingMethod = 'orders.error.unknownShippingMethod';

    if (Object.keys(errors).length > 0) {
      const shown = addressId === undefined ? { ...EMPTY_ADDRESS, ...addressFromForm(form) } : address;
      const { isDefault: _d, ...values } = shown as ShippingAddress & { isDefault?: boolean };
      return renderShipping(request, reply, cartId, { address: values, addressChoice: choice || 'new', shippingMethodCode }, errors, 422);
    }
    updateCheckout(request, { address, addressId, shippingMethodCode });
    return reply.redirect(STEP_PATHS.review, 303);
  });
}
