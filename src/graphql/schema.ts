// The GraphQL schema of the read-only catalog (POST /graphql, GET /graphql?query=...).
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

  type Query {
    "Top-level categories (each with its children)."
    categories: [Category!]!
    "A product this viewer may see, or null."
    product(slug: String!): Product
    products(
      category: String
      search: String
      minPriceCents: Int
      maxPriceCents: Int
      inStockOnly: Boolean
      sort: ProductSort
      first: Int
      after: String
    ): ProductConnection!
  }
`;
