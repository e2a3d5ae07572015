// JSON schemas of the REST API for apps (cart, checkout, orders, me): bodies, headers, every response, and the
// OpenAPI security each route accepts. Responses also drive serialization: a field missing here is never sent.
import { MAX_QUANTITY } from '../cart/service';
import { LOCALES } from '../i18n';
import { ORDER_STATUSES } from '../orders/status';
import { image, pagedList, problemResponse, readRateLimited, stock } from './schemas';

// ---------------------------------------------------------------------------------------------------
// Security (components.securitySchemes in docs.ts)

type Security = Record<string, string[]>[];

/** An account only: a personal API token, or the session cookie of a signed-in customer. */
const accountReads: Security = [{ bearerAuth: [] }, { cookieAuth: [] }];
/** Also guests: the cookie session's cart (the same one the shop's pages use), or no credentials yet at all. */
const guestReads: Security = [{ bearerAuth: [] }, { cookieAuth: [] }, {}];
const guestWrites: Security = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }, {}];

// ---------------------------------------------------------------------------------------------------
// Shared pieces

/** No control characters (PostgreSQL refuses a NUL in a query; nothing legitimate has one). */
const PLAIN_TEXT = '^[^\\u0000-\\u001F\\u007F]*$';

const cents = (description: string) => ({ type: 'integer', description }) as const;

const csrfHeader = {
  'X-CSRF-Token': { type: 'string', description: 'Cookie sessions only: the token to send as x-csrf-token with the next writes.' },
};
const rateHeaders = {
  'RateLimit-Limit': { type: 'integer', description: 'writes allowed per minute for this caller' },
  'RateLimit-Remaining': { type: 'integer', description: 'writes left in the current minute' },
};

/** Error responses every route may give; routes add their own. */
const commonProblems = {
  400: problemResponse('A NUL character anywhere in the URL or the body (code error.badRequest.text)'),
  401: problemResponse('Unauthenticated: the bearer token is unknown or revoked (code error.invalidToken), or the route needs an account (code error.unauthenticated)'),
  500: problemResponse('Unexpected server error (code error.server.text)'),
};
const writeProblems = {
  ...commonProblems,
  400: problemResponse('The body, a parameter or a header does not match this schema (code error.validation, `errors` names each field)'),
  403: problemResponse('A cookie session sent no valid x-csrf-token header, or the request came from another site (code error.csrf)'),
  429: { ...problemResponse('Too many writes from this caller: wait the Retry-After seconds (code api.rateLimited)'), headers: { 'Retry-After': { type: 'integer', description: 'seconds to wait' } } },
};

const lineLinks = {
  type: 'object',
  required: ['product', 'html'],
  properties: { product: { type: 'string', description: 'the product in the catalog API' }, html: { type: 'string', description: 'storefront page' } },
} as const;

export const cartSchema = {
  $id: 'ApiCart',
  type: 'object',
  description: 'The caller’s cart at today’s prices for this caller (members see member prices). Lines no longer for sale are left out.',
  required: ['currency', 'lines', 'itemCount', 'subtotalCents', 'pricesIncludeTax', 'taxIncludedCents', 'hasProblems', 'discountCode', 'discountDescription', 'links'],
  properties: {
    currency: { type: 'string', description: 'ISO 4217; every *Cents amount is in this currency' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        required: ['variantId', 'productName', 'sku', 'label', 'quantity', 'unitPriceCents', 'regularPriceCents', 'lineTotalCents', 'stock', 'shortOfStock', 'image', 'links'],
        properties: {
          variantId: { type: 'integer' },
          productName: { type: 'string' },
          sku: { type: 'string' },
          label: { type: 'string', description: 'the variant’s options, e.g. "M / Blue" (may be empty)' },
          quantity: { type: 'integer', minimum: 1, maximum: MAX_QUANTITY },
          unitPriceCents: cents('what this caller pays for one'),
          regularPriceCents: cents('the price without a member discount'),
          lineTotalCents: cents('quantity × unitPriceCents'),
          stock,
          shortOfStock: { type: 'boolean', description: 'stock fell below the quantity: change it before checking out (checkout answers 409)' },
          image: { ...image, nullable: true },
          links: lineLinks,
        },
      },
    },
    itemCount: { type: 'integer', description: 'sum of the quantities' },
    subtotalCents: cents('sum of the line totals, before shipping and discount; VAT included when pricesIncludeTax, else before tax'),
    pricesIncludeTax: { type: 'boolean', description: 'the shop’s prices include VAT' },
    taxIncludedCents: { ...cents('when pricesIncludeTax: the VAT inside subtotalCents at the shop’s home rate (the checkout quote has the destination’s); else null'), nullable: true },
    hasProblems: { type: 'boolean', description: 'some line is short of stock' },
    discountCode: { type: 'string', nullable: true, description: 'the code kept on the cart (capitals), or null; the quote says whether it applies' },
    discountDescription: { type: 'string', nullable: true, description: 'what the shop says about that code, in the Accept-Language language (the shop’s default where it has no translation); null when none' },
    links: {
      type: 'object',
      required: ['self', 'quote', 'html'],
      properties: { self: { type: 'string' }, quote: { type: 'string', description: 'POST here for the totals of a checkout' }, html: { type: 'string' } },
    },
  },
} as const;

const addressInput = {
  type: 'object',
  description: 'Where the order goes. Postal codes are checked against the country’s format.',
  required: ['name', 'line1', 'postalCode', 'city', 'country'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 200 },
    line1: { type: 'string', maxLength: 300 },
    line2: { type: 'string', maxLength: 300 },
    postalCode: { type: 'string', maxLength: 40 },
    city: { type: 'string', maxLength: 200 },
    region: { type: 'string', maxLength: 200, description: 'state or province where the tax depends on it (e.g. US states)' },
    country: { type: 'string', minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2, e.g. FR' },
    phone: { type: 'string', maxLength: 60 },
  },
} as const;

const addressOutput = {
  $id: 'ApiAddress',
  type: 'object',
  required: ['name', 'line1', 'line2', 'postalCode', 'city', 'region', 'country', 'phone'],
  properties: {
    name: { type: 'string' },
    line1: { type: 'string' },
    line2: { type: 'string' },
    postalCode: { type: 'string' },
    city: { type: 'string' },
    region: { type: 'string' },
    country: { type: 'string' },
    phone: { type: 'string' },
  },
} as const;

const amountsRequired = ['currency', 'subtotalCents', 'discountCents', 'shippingCents', 'taxCents', 'totalCents', 'pricesIncludeTax'] as const;
const amounts = {
  currency: { type: 'string' },
  subtotalCents: cents('goods before discount (VAT included when pricesIncludeTax, else before tax)'),
  discountCents: cents('discount on goods (a free-shipping code shows in shippingCents instead)'),
  shippingCents: cents('shipping charged, after free-shipping rules (VAT included when pricesIncludeTax)'),
  taxCents: cents('tax on goods and shipping: added to reach totalCents, or, when pricesIncludeTax, the VAT already inside totalCents'),
  totalCents: cents('what the card is charged: subtotal − discount + shipping (+ tax when pricesIncludeTax is false)'),
  pricesIncludeTax: { type: 'boolean', description: 'true: every amount is VAT-included and taxCents is the VAT inside totalCents; false: tax is added on top' },
} as const;

const pricedLine = {
  type: 'object',
  required: ['variantId', 'productName', 'sku', 'label', 'quantity', 'unitPriceCents', 'lineSubtotalCents', 'lineDiscountCents', 'lineTaxCents', 'lineTotalCents'],
  properties: {
    variantId: { type: 'integer', nullable: true, description: 'null once the variant has been deleted from the catalog' },
    productName: { type: 'string' },
    sku: { type: 'string' },
    label: { type: 'string' },
    quantity: { type: 'integer' },
    unitPriceCents: { type: 'integer' },
    lineSubtotalCents: cents('quantity × unit price'),
    lineDiscountCents: cents('this line’s share of the discount'),
    lineTaxCents: { type: 'integer' },
    lineTotalCents: cents('subtotal − discount + tax; when pricesIncludeTax, subtotal − discount (lineTaxCents is inside it)'),
  },
} as const;

export const quoteSchema = {
  $id: 'ApiQuote',
  type: 'object',
  description: 'What the order would cost now. Send its totalCents as expectedTotalCents when placing the order.',
  required: [...amountsRequired, 'lines', 'shippingFullPriceCents', 'freeShipping', 'taxRateBasisPoints', 'shippingMethod', 'discountCode', 'discountDescription'],
  properties: {
    ...amounts,
    lines: { type: 'array', items: pricedLine },
    shippingFullPriceCents: cents('the method’s price before free-shipping rules'),
    freeShipping: { type: 'string', nullable: true, enum: ['threshold', 'member', 'discount', null], description: 'why shipping is free, or null' },
    taxRateBasisPoints: { type: 'integer', description: '2000 = 20 %' },
    shippingMethod: { type: 'object', required: ['code', 'name'], properties: { code: { type: 'string' }, name: { type: 'string' } } },
    discountCode: { type: 'string', nullable: true, description: 'the code applied, in capitals' },
    discountDescription: { type: 'string', nullable: true, description: 'what the shop says about the code applied (e.g. "Spring sale, 10 % off"), in the Accept-Language language (the shop’s default where it has no translation); null when none' },
  },
} as const;

export const orderSchema = {
  $id: 'ApiOrder',
  type: 'object',
  required: [...amountsRequired, 'number', 'invoiceNumber', 'creditNotes', 'status', 'email', 'taxRateBasisPoints', 'discountCode', 'shippingMethod', 'shippingAddress', 'lines', 'payment', 'placedAt', 'updatedAt', 'links'],
  properties: {
    number: { type: 'string', description: 'e.g. EMP-7K3M9Q2X4V' },
    invoiceNumber: { type: 'string', nullable: true, description: 'the invoice’s own number, gap-free per year, e.g. F-2026-000123' },
    creditNotes: {
      type: 'array',
      description: 'one per confirmed refund, oldest first',
      items: {
        type: 'object',
        required: ['number', 'amountCents', 'issuedAt', 'links'],
        properties: {
          number: { type: 'string', description: 'e.g. A-2026-000007' },
          amountCents: { type: 'integer', description: 'credited, tax included' },
          issuedAt: { type: 'string', format: 'date-time' },
          links: { type: 'object', required: ['pdf'], properties: { pdf: { type: 'string', description: 'the credit note as PDF (for its customer’s session)' } } },
        },
      },
    },
    status: { type: 'string', enum: ORDER_STATUSES },
    email: { type: 'string' },
    ...amounts,
    taxRateBasisPoints: { type: 'integer' },
    discountCode: { type: 'string', nullable: true },
    shippingMethod: { type: 'string', description: 'the shipping method’s code' },
    shippingAddress: { $ref: 'ApiAddress#' },
    lines: { type: 'array', items: pricedLine },
    payment: {
      type: 'object',
      nullable: true,
      description: 'null for a free order',
      required: ['status', 'amountCents', 'brand', 'last4'],
      properties: { status: { type: 'string' }, amountCents: { type: 'integer' }, brand: { type: 'string' }, last4: { type: 'string' } },
    },
    placedAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    links: {
      type: 'object',
      required: ['self', 'html', 'invoice'],
      properties: {
        self: { type: 'string' },
        html: { type: 'string', description: 'the order page (for its customer’s session)' },
        invoice: { type: 'string', description: 'the invoice as PDF, in the order’s language (for its customer’s session)' },
      },
    },
  },
} as const;

export const orderSummarySchema = {
  $id: 'ApiOrderSummary',
  type: 'object',
  required: ['number', 'status', 'currency', 'totalCents', 'itemCount', 'placedAt', 'links'],
  properties: {
    number: { type: 'string' },
    status: { type: 'string', enum: ORDER_STATUSES },
    currency: { type: 'string' },
    totalCents: { type: 'integer' },
    itemCount: { type: 'integer' },
    placedAt: { type: 'string', format: 'date-time' },
    links: { type: 'object', required: ['self', 'html'], properties: { self: { type: 'string' }, html: { type: 'string' } } },
  },
} as const;

export const meSchema = {
  $id: 'ApiMe',
  type: 'object',
  required: ['id', 'email', 'name', 'role', 'locale', 'membership', 'links'],
  properties: {
    id: { type: 'integer' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['customer', 'staff', 'admin'] },
    locale: { type: 'string', enum: LOCALES, description: "the language the shop writes to the account in (password reset and account emails): the one it signed up in or chose, else the shop's default" },
    membership: {
      type: 'object',
      description: 'Emporium Plus: members see early-access products and pay member prices',
      required: ['active', 'endsAt'],
      properties: {
        active: { type: 'boolean' },
        endsAt: { type: 'string', format: 'date-time', nullable: true, description: 'when the current (or, if inactive, the last) membership ends; null: never a member' },
      },
    },
    links: { type: 'object', required: ['orders', 'cart'], properties: { orders: { type: 'string' }, cart: { type: 'string' } } },
  },
} as const;

export const cartDiscountCodeSchema = {
  $id: 'ApiCartDiscountCode',
  type: 'object',
  required: ['discountCode', 'discountDescription', 'links'],
  properties: {
    discountCode: { type: 'string', nullable: true, description: 'the code kept on the cart (capitals), or null' },
    discountDescription: { type: 'string', nullable: true, description: 'what the shop says about the code, in the Accept-Language language (the shop’s default where it has no translation); null when none' },
    links: {
      type: 'object',
      required: ['cart', 'quote'],
      properties: { cart: { type: 'string' }, quote: { type: 'string', description: 'the quote uses this code when its body leaves discountCode out' } },
    },
  },
} as const;

export const restApiSchemas = [cartSchema, cartDiscountCodeSchema, addressOutput, quoteSchema, orderSchema, orderSummarySchema, meSchema];

// ---------------------------------------------------------------------------------------------------
// Routes

const CART_AUTH =
  'A personal API token works on the account’s cart. Without one, the session cookie’s cart is used: the same cart the shop’s pages show (a guest’s cart until they log in).';

/** A JSON response of a shared schema, with the headers it may carry. */
const jsonResponse = (description: string, ref: string, headers: Record<string, unknown> = {}) => ({
  description,
  headers,
  content: { 'application/json': { schema: { $ref: `${ref}#` } } },
});
const cartResponse = (description: string) => jsonResponse(description, 'ApiCart', csrfHeader);
const cartWriteResponse = (description: string) => jsonResponse(description, 'ApiCart', { ...csrfHeader, ...rateHeaders });

const variantIdParams = {
  type: 'object',
  required: ['variantId'],
  properties: { variantId: { type: 'integer', minimum: 1, maximum: 2_147_483_647, description: 'the variant (GET /api/v1/products/{slug} lists them)' } },
} as const;

const quantity = { type: 'integer', minimum: 1, maximum: MAX_QUANTITY, description: `a whole number from 1 to ${MAX_QUANTITY} (Emporium Plus: 1)` } as const;

export const createCartRoute = {
  tags: ['cart'],
  summary: 'Start (or find) the caller’s cart',
  description:
    CART_AUTH +
    ' A caller without a token or cookie gets a new guest cart and a session cookie (emporium.sid) to send with the next calls, and an X-CSRF-Token header to send with its writes. Answers 201 when the cart was made now, 200 when it existed.',
  security: guestWrites,
  response: {
    200: cartWriteResponse('The existing cart'),
    201: jsonResponse('A new cart', 'ApiCart', { ...csrfHeader, ...rateHeaders, Location: { type: 'string', description: '/api/v1/cart' } }),
    ...writeProblems,
  },
};

export const getCartRoute = {
  tags: ['cart'],
  summary: 'The caller’s cart',
  description: CART_AUTH + ' A caller without a cart gets an empty one (nothing is created). Cookie sessions receive an X-CSRF-Token header for their writes.',
  security: guestReads,
  response: { 200: cartResponse('The cart, at current prices'), ...commonProblems, 429: readRateLimited },
};

export const addLineRoute = {
  tags: ['cart'],
  summary: 'Add a variant to the cart',
  description:
    CART_AUTH +
    ' Adds to the quantity already in the cart (the cart is made if needed). Refused past the stock on hand (409, code cart.notEnoughStock or cart.soldOut), past 99 of one item (422), or for a variant not for sale to this caller (404, code cart.variant.unavailable: early-access products are for members).',
  security: guestWrites,
  body: {
    type: 'object',
    required: ['variantId', 'quantity'],
    additionalProperties: false,
    properties: { variantId: variantIdParams.properties.variantId, quantity },
  },
  response: {
    200: cartWriteResponse('The updated cart'),
    ...writeProblems,
    404: problemResponse('No such variant for sale to this caller (code cart.variant.unavailable)'),
    409: problemResponse('Not enough stock (code cart.notEnoughStock, cart.soldOut)'),
    422: problemResponse('The cart would hold more than 99 of this item, or more than one Emporium Plus (code error.validation, errors.quantity)'),
  },
};

export const changeLineRoute = {
  tags: ['cart'],
  summary: 'Change the quantity of a cart line',
  description: CART_AUTH + ' Sets the line’s quantity (1..99, within stock). To remove a line, DELETE it.',
  security: guestWrites,
  params: variantIdParams,
  body: { type: 'object', required: ['quantity'], additionalProperties: false, properties: { quantity } },
  response: {
    200: cartWriteResponse('The updated cart'),
    ...writeProblems,
    404: problemResponse('The cart has no line for this variant, or it is no longer for sale (code cart.variant.unavailable)'),
    409: problemResponse('Not enough stock (code cart.notEnoughStock, cart.soldOut)'),
    422: problemResponse('More than one Emporium Plus (code error.validation, errors.quantity)'),
  },
};

export const removeLineRoute = {
  tags: ['cart'],
  summary: 'Remove a line from the cart',
  description: CART_AUTH + ' Removing a line that is not in the cart changes nothing and still answers 200 with the cart.',
  security: guestWrites,
  params: variantIdParams,
  response: { 200: cartWriteResponse('The updated cart'), ...writeProblems },
};

export const applyDiscountCodeRoute = {
  tags: ['cart'],
  summary: 'Apply a discount code to the caller’s cart',
  description:
    CART_AUTH +
    ' The code is checked as checkout checks it (unknown, dates, usage limits, members only, already used by this customer, minimum spend) against the cart as it is now, and kept on the cart: the checkout pages, GraphQL and the quote (when its body leaves discountCode out) use it. A refused code leaves the cart as it was.',
  security: guestWrites,
  body: {
    type: 'object',
    required: ['discountCode'],
    additionalProperties: false,
    properties: { discountCode: { type: 'string', maxLength: 200, pattern: PLAIN_TEXT, description: 'as typed; spaces around it and case do not matter' } },
  },
  response: {
    200: jsonResponse('The code as kept on the cart', 'ApiCartDiscountCode', rateHeaders),
    ...writeProblems,
    409: problemResponse('The cart is empty (code orders.error.emptyCart)'),
    422: problemResponse(
      'Nothing typed (code error.validation, errors.discountCode), or the code does not apply (code orders.discount.*, with `reason`, and `minSubtotalCents` when the cart is below the code’s minimum)',
    ),
  },
};

export const removeDiscountCodeRoute = {
  tags: ['cart'],
  summary: 'Take the discount code off the caller’s cart',
  description: CART_AUTH + ' A cart without a code answers the same.',
  security: guestWrites,
  response: { 200: jsonResponse('The cart without a code', 'ApiCartDiscountCode', rateHeaders), ...writeProblems },
};

const checkoutChoices = {
  email: { type: 'string', maxLength: 320, pattern: PLAIN_TEXT, description: 'required for guests; accounts default to their account email' },
  shippingAddress: addressInput,
  shippingMethod: { type: 'string', minLength: 1, maxLength: 64, pattern: PLAIN_TEXT, description: 'e.g. standard or express' },
  discountCode: { type: 'string', maxLength: 64, nullable: true, pattern: PLAIN_TEXT, description: 'a discount code; empty or null for none; left out: the code kept on the cart (applied on the checkout pages or with GraphQL applyDiscountCode)' },
} as const;

const checkoutProblems = {
  409: problemResponse(
    'The cart cannot be ordered as it is: empty (orders.error.emptyCart), a line short of stock (orders.error.outOfStock), Emporium Plus for a guest (orders.error.plusNeedsAccount)',
  ),
  422: problemResponse(
    'A choice that does not apply: unknown shipping method (orders.error.unknownShippingMethod), a destination we do not serve (orders.error.destinationNotServed), a discount code rejected (orders.discount.*), or invalid contact fields (error.validation with `errors`)',
  ),
};

export const quoteRoute = {
  tags: ['checkout'],
  summary: 'Price the caller’s cart for a checkout',
  description:
    'The lines, subtotal, discount, shipping, tax and total the order would have now, for this destination, shipping method and code. Nothing is reserved or changed. ' +
    CART_AUTH,
  security: guestWrites,
  body: { type: 'object', required: ['shippingAddress', 'shippingMethod'], additionalProperties: false, properties: checkoutChoices },
  response: { 200: jsonResponse('The quote', 'ApiQuote', rateHeaders), ...writeProblems, ...checkoutProblems },
};

export const placeOrderRoute = {
  tags: ['checkout'],
  summary: 'Place and pay the order for the caller’s cart',
  description:
    'Re-prices the cart, checks the total against expectedTotalCents (a different total is 409 orders.error.cartChanged: quote again and confirm), records the payment attempt (one at a time per cart), charges the card, then takes the stock and empties the ordered lines. ' +
    'The Idempotency-Key header is required: retrying with the same key and the same body (after a timeout, say) never orders or charges twice and answers with the first answer again (status and body, with Idempotent-Replayed: true). ' +
    'The same key with another body is 422 (api.idempotency.mismatch); while the first request is still running, 409 (api.idempotency.inProgress). Keys belong to the caller (account, or the guest session’s cart) and are kept 24 hours. ' +
    CART_AUTH,
  security: guestWrites,
  headers: {
    type: 'object',
    required: ['idempotency-key'],
    properties: {
      'idempotency-key': {
        type: 'string',
        minLength: 16,
        maxLength: 200,
        pattern: '^[\\x21-\\x7E]+$',
        description: 'a fresh random value per order, e.g. a UUID: 16 to 200 visible ASCII characters (400 api.idempotency.keyInvalid otherwise)',
      },
    },
  },
  body: {
    type: 'object',
    required: ['shippingAddress', 'shippingMethod', 'card', 'expectedTotalCents'],
    additionalProperties: false,
    properties: {
      ...checkoutChoices,
      card: {
        type: 'object',
        required: ['number', 'expMonth', 'expYear', 'cvc'],
        additionalProperties: false,
        description: 'In test mode, 4242 4242 4242 4242 succeeds and 4000 0000 0000 0002 is declined.',
        properties: {
          number: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[0-9 -]+$', description: 'digits, spaces and dashes allowed' },
          expMonth: { type: 'integer', minimum: 1, maximum: 12 },
          expYear: { type: 'integer', minimum: 0, maximum: 9999, description: 'e.g. 2030 (or 30)' },
          cvc: { type: 'string', minLength: 1, maxLength: 8, pattern: '^[0-9 ]+$' },
        },
      },
      expectedTotalCents: { type: 'integer', minimum: 0, description: 'the totalCents of the quote the customer confirmed' },
    },
  },
  response: {
    201: jsonResponse('The order was placed and paid', 'ApiOrder', {
      ...rateHeaders,
      Location: { type: 'string', description: '/api/v1/orders/{number}' },
      'Idempotent-Replayed': { type: 'string', enum: ['true'], description: 'present when this is the stored answer to an earlier request with the same key' },
    }),
    ...writeProblems,
    400: problemResponse('Missing or malformed Idempotency-Key (api.idempotency.keyInvalid), or a body that does not match this schema (error.validation)'),
    402: problemResponse('The card was declined (orders.payment.declined, insufficientFunds, invalidNumber, expiredCard, invalidCvc, invalidExpiry): nothing was ordered'),
    409: problemResponse(
      'empty cart (orders.error.emptyCart), out of stock (orders.error.outOfStock), total changed (orders.error.cartChanged), Plus for a guest (orders.error.plusNeedsAccount), this key still running (api.idempotency.inProgress), ' +
        'the cart is being paid by another checkout (another device, tab or app: orders.error.paymentInProgress; nothing was charged by this request), ' +
        'the card processor has not decided yet (orders.error.paymentPending: the payment is recorded; the order appears in GET /api/v1/orders once the processor confirms, otherwise nothing is taken; do not pay again)',
    ),
    422: problemResponse(
      'unknown shipping method, destination not served, discount code rejected (orders.discount.*), invalid email or address (error.validation with `errors`), this key used with another body (api.idempotency.mismatch)',
    ),
    502: problemResponse('The order failed after the charge and the automatic refund did not go through: staff will refund it (orders.error.refundPending); do not pay again'),
  },
};

const pageQuery = {
  type: 'object',
  properties: { page: { type: 'string', pattern: '^[0-9]{1,9}$', description: 'page number from 1 (a page past the end gives the last page)' } },
} as const;

export const listOrdersRoute = {
  tags: ['orders'],
  summary: 'The caller’s orders, newest first',
  description: 'Needs an account (401 otherwise). 20 per page, with links to the other pages.',
  security: accountReads,
  querystring: pageQuery,
  response: {
    200: pagedList('ApiOrderSummary', 'One page of orders'),
    ...commonProblems,
    429: readRateLimited,
    400: problemResponse('Invalid page (error.validation)'),
  },
};

export const getOrderRoute = {
  tags: ['orders'],
  summary: 'One order',
  description:
    'For its customer and for staff; a guest sees the orders their session placed. Anyone else gets 404, exactly as for a number that does not exist, so order numbers cannot be probed. Without an account or a guest session that placed it: 401.',
  security: guestReads,
  params: { type: 'object', required: ['number'], properties: { number: { type: 'string', minLength: 1, maxLength: 40 } } },
  response: { 200: jsonResponse('The order', 'ApiOrder'), ...commonProblems, 400: problemResponse('A number longer than any order number (error.validation)'), 404: problemResponse('No such order for this caller (error.notFound.text)'), 429: readRateLimited },
};

export const meRoute = {
  tags: ['me'],
  summary: 'Who the caller is',
  description: 'The account behind the token or session, and its Emporium Plus membership. 401 for anonymous callers.',
  security: accountReads,
  response: { 200: jsonResponse('The account', 'ApiMe', csrfHeader), ...commonProblems, 429: readRateLimited },
};
