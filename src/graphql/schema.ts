// The GraphQL schema: the catalog, the caller's cart and account, and cart mutations (POST /graphql; GET /graphql?query=... for queries only).
import { ORDER_STATUSES, type OrderStatus } from '../orders/status';

/** GraphQL spells enum values in capitals: the status 'paid' is PAID. The Order.status resolver answers with it. */
export function orderStatusEnumValue(status: OrderStatus): string {
  return status.toUpperCase();
}

export const schema = /* GraphQL */ `
  enum StockKind {
    IN_STOCK
    LOW
    SOLD_OUT
  }

  "What a shopper is told about stock: the exact count only when it is low, as on the pages."
  type Stock {
    state: StockKind!
    left: Int
  }

  type Image {
    url: String!
    alt: String!
    width: Int!
    height: Int!
  }

  type VariantOption {
    name: String!
    value: String!
  }

  type Variant {
    id: Int!
    sku: String!
    options: [VariantOption!]!
    label: String!
    "What this viewer pays (members: their member price when the variant has one)."
    priceCents: Int!
    "Members paying less than the regular price: the regular price; otherwise null."
    regularPriceCents: Int
    "Non-members: the lower member price, as a teaser; otherwise null."
    memberTeaserCents: Int
    stock: Stock!
  }

  enum ProductSort {
    RELEVANCE
    FEATURED
    NEWEST
    PRICE_ASC
    PRICE_DESC
    NAME
  }

  type Product {
    slug: String!
    name: String!
    description: String!
    currency: String!
    "The lowest price this viewer pays."
    priceCents: Int!
    regularPriceCents: Int
    memberTeaserCents: Int
    "Early access: members see until when only they can buy it (ISO 8601); null otherwise."
    membersOnlyUntil: String
    stock: Stock!
    images: [Image!]!
    variants: [Variant!]!
    category: Category
  }

  type ProductEdge {
    cursor: String!
    node: Product!
  }

  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }

  type ProductConnection {
    edges: [ProductEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type Category {
    slug: String!
    name: String!
    description: String!
    children: [Category!]!
    products(
      search: String
      minPriceCents: Int
      maxPriceCents: Int
      inStockOnly: Boolean
      sort: ProductSort
      first: Int
      after: String
    ): ProductConnection!
  }

  """
  The language of messages (and of content where it is translated). Every root field takes an optional
  locale; without one the request's Accept-Language decides. One operation is in one language.
  """
  enum Locale {
    EN
    FR
  }

  type Query {
    "Top-level categories (each with its children)."
    categories(locale: Locale): [Category!]!
    "A product this viewer may see, or null."
    product(slug: String!, locale: Locale): Product
    products(
      category: String
      search: String
      minPriceCents: Int
      maxPriceCents: Int
      inStockOnly: Boolean
      sort: ProductSort
      first: Int
      after: String
      locale: Locale
    ): ProductConnection!
    """
    The caller's cart: a Bearer token's account cart, or the cart the site's pages show for this session
    (the account's when signed in, else the guest cart of the session). An empty cart when there is none yet.
    """
    cart(locale: Locale): Cart!
    "The signed-in customer (session or Bearer token); null when anonymous."
    me(locale: Locale): Customer
    "An order of the caller's (or any order, for staff); null for anyone else's or an unknown number."
    order(number: String!, locale: Locale): Order
  }

  """
  Changes to the caller's cart, with the rules of the cart pages (quantities 1..99, stock, early access,
  member prices). Each returns the cart as it is afterwards. A failure is an error whose extensions.code is a
  stable message key (e.g. "cart.notEnoughStock") and extensions.field the argument at fault; the cart is
  then unchanged. A request without a session or token may add to a new guest cart: the response sets the
  session cookie, and later requests with it send the x-csrf-token header (Bearer requests need none).
  """
  type Mutation {
    "Adds to the quantity already in the cart."
    addToCart(variantId: Int!, quantity: Int!, locale: Locale): Cart!
    "Sets the quantity of a line already in the cart."
    changeCartLine(variantId: Int!, quantity: Int!, locale: Locale): Cart!
    "Removes a line; removing a line that is not there changes nothing."
    removeCartLine(variantId: Int!, locale: Locale): Cart!
    """
    Keeps a discount code on the cart when checkout would accept it for this cart now (the checkout's own
    checks: unknown, not yet valid, expired, used up, members only, already used by this customer, minimum
    spend). Checkout checks it again when the order is placed.
    """
    applyDiscountCode(code: String!, locale: Locale): Cart!
    removeDiscountCode(locale: Locale): Cart!
  }

  "A cart line: current price and stock, for this viewer."
  type CartLine {
    variant: Variant!
    "The product of the line (the cart only holds products this viewer may buy)."
    product: Product
    "Product name and options, as the cart page shows them."
    name: String!
    sku: String!
    label: String!
    quantity: Int!
    "What this viewer pays for one unit now (members: their member price)."
    unitPriceCents: Int!
    "The regular price of one unit (higher than unitPriceCents when a member price applies)."
    regularPriceCents: Int!
    "unitPriceCents × quantity, before any discount, shipping or tax."
    lineTotalCents: Int!
    stock: Stock!
    "Stock fell below the quantity since it was added: checkout refuses until the quantity is lowered."
    shortOfStock: Boolean!
  }

  "Why something the caller asked for does not apply: a stable message key and a sentence in the caller's language."
  type Problem {
    code: String!
    message: String!
  }

  enum DiscountKind {
    PERCENT
    FIXED
    FREE_SHIPPING
  }

  """
  What the cart's discount code would take off if the shopper checked out now. An estimate: shipping and tax
  are decided at checkout (destination, method), so only the discount on the goods is priced here, and
  checkout checks the code again.
  """
  type CartDiscount {
    code: String!
    "Null when the code no longer exists."
    kind: DiscountKind
    "Taken off the goods; 0 for a free-shipping code or when the code does not apply now (see problem)."
    estimatedDiscountCents: Int!
    "A free-shipping code: shipping is free at checkout, whichever method is chosen."
    freeShipping: Boolean!
    "Why checkout would refuse the code for this cart now (e.g. the subtotal fell below its minimum); null when it applies."
    problem: Problem
    "What the shop says about the code (e.g. “Spring sale, 10 % off”), in the operation's language, else the shop's default; null when none."
    description: String
  }

  "The caller's cart, at current prices for this viewer; lines no longer for sale are left out, as on the cart page."
  type Cart {
    lines: [CartLine!]!
    itemCount: Int!
    currency: String!
    "Sum of the line totals, before discount and shipping (decided at checkout); VAT included when pricesIncludeTax, else before tax."
    subtotalCents: Int!
    "The shop's prices include VAT."
    pricesIncludeTax: Boolean!
    "When pricesIncludeTax: the VAT inside subtotalCents at the shop's home rate (checkout works out the destination's); else null."
    taxIncludedCents: Int
    "A line is short of stock: checkout refuses until it is changed."
    hasProblems: Boolean!
    "The code applied with applyDiscountCode, or null."
    discountCode: String
    "The estimate for discountCode; null when there is none."
    discount: CartDiscount
  }

  enum Role {
    CUSTOMER
    STAFF
    ADMIN
  }

  "Emporium Plus: members see early-access products and pay member prices."
  type Membership {
    active: Boolean!
    "End of the current membership, else of the last one (ISO 8601); null when never a member."
    endsAt: String
  }

  type Customer {
    id: Int!
    email: String!
    name: String!
    role: Role!
    "The language the shop writes to the customer in (password reset and account emails): the one they signed up in or chose, else the shop's default."
    locale: Locale!
    membership: Membership!
    """
    The customer's orders, newest first, at most first (1..100, default 20) at a time: pass the last
    order's cursor as after for the next ones (an empty list: no more).
    """
    orders(first: Int, after: String): [Order!]!
    "The same orders as a connection, with pageInfo and totalCount."
    orderConnection(first: Int, after: String): OrderConnection!
  }

  type OrderEdge {
    cursor: String!
    node: Order!
  }

  type OrderConnection {
    edges: [OrderEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  enum OrderStatus {
    ${ORDER_STATUSES.map(orderStatusEnumValue).join('\n    ')}
  }

  type ShippingAddress {
    name: String!
    line1: String!
    line2: String!
    postalCode: String!
    city: String!
    region: String!
    "ISO 3166-1 alpha-2."
    country: String!
    phone: String!
  }

  "An order line as it was sold: name, SKU and prices are those of the order, whatever the catalog says now."
  type OrderLine {
    name: String!
    sku: String!
    "Options, e.g. M / Blue."
    label: String!
    quantity: Int!
    unitPriceCents: Int!
    lineSubtotalCents: Int!
    "This line's share of the order's discount."
    lineDiscountCents: Int!
    "VAT of the line: added to it, or inside lineTotalCents when the order's pricesIncludeTax."
    lineTaxCents: Int!
    lineTotalCents: Int!
    "The product as the catalog shows it to this viewer now; null when it is gone or this viewer may not see it."
    product: Product
  }

  type Order {
    "The order number, e.g. EMP-7K2M9QX4TB."
    number: String!
    status: OrderStatus!
    "When it was placed (ISO 8601)."
    placedAt: String!
    currency: String!
    subtotalCents: Int!
    discountCents: Int!
    shippingCents: Int!
    "VAT on goods and shipping: added to reach totalCents, or, when pricesIncludeTax, the VAT already inside totalCents."
    taxCents: Int!
    "What was charged: subtotal - discount + shipping (+ tax when pricesIncludeTax is false)."
    totalCents: Int!
    "The order's amounts include VAT (the shop's setting when it was placed)."
    pricesIncludeTax: Boolean!
    discountCode: String
    shippingMethod: String!
    "Only for the order's customer and staff."
    shippingAddress: ShippingAddress
    lines: [OrderLine!]!
    "For orders read through Customer.orders: pass it as after to read the orders placed before this one."
    cursor: String
  }
`;
