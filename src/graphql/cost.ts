// What a document would cost to answer, counted before any resolver runs: every field is 1, and a list
// multiplies what is selected under it by how many items it may return.
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { DEFAULT_FIRST, MAX_FIRST } from './catalog';
import { DEFAULT_ORDERS, MAX_ORDERS } from './account';

/**
 * The most a document may cost. The shop's documented queries cost at most 1,529 and a full page of 100 products
 * with every field, images and variants 19,806; nine aliases of every category's first 100 products cost 54,369
 * with two fields a product, and about 1.5 million with what a product list shows.
 */
export const MAX_COST = 25_000;

/** Arguments that say how many items a list (or a connection's edges) returns. */
const SIZE_ARGUMENTS = ['first', 'last', 'limit'] as const;

/** Page sizes of the fields that take `first`: the resolver's default when it is absent, and its maximum. */
export const PAGE_SIZES: Record<string, { default: number; max: number }> = {
  'Query.products': { default: DEFAULT_FIRST, max: MAX_FIRST },
  'Category.products': { default: DEFAULT_FIRST, max: MAX_FIRST },
  'Customer.orders': { default: DEFAULT_ORDERS, max: MAX_ORDERS },
  'Customer.orderConnection': { default: DEFAULT_ORDERS, max: MAX_ORDERS },
};
/** A field taking `first` that is not in PAGE_SIZES (a new one): counted as if it returned this many at most. */
const FALLBACK_PAGE_SIZE = { default: MAX_FIRST, max: MAX_FIRST };

/**
 * Lists without a size argument: how many items one is counted as (above the demo shop's largest: 10 top-level
 * categories with 2 or 3 children each, at most 3 images, 6 variants and 2 options a product).
 */
export const LIST_SIZES: Record<string, number> = {
  'Query.categories': 20,
  'Category.children': 10,
  'Product.images': 5,
  'Product.variants': 10,
  'Variant.options': 3,
  'Cart.lines': 20,
  'Order.lines': 10,
};
/** Any other list. */
const FALLBACK_LIST_SIZE = 10;

type Variables = Record<string, unknown> | null | undefined;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Default values of the operation's variables. */
  defaults: Map<string, ValueNode>;
}

/** A whole number given for a size argument, or null when it cannot be known here (the resolver checks it). */
function intOf(walk: Walk, value: ValueNode | undefined): number | null | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.NULL) return undefined;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const name = value.name.value;
    if (Object.prototype.hasOwnProperty.call(walk.variables, name)) {
      const v = walk.variables[name];
      if (v === null || v === undefined) return undefined;
      return typeof v === 'number' && Number.isInteger(v) ? v : null;
    }
    return intOf(walk, walk.defaults.get(name));
  }
  return null;
}

/**
 * How many items a field with a size argument returns: the argument (a literal or a variable's value), the
 * field's default page size when it is absent, never more than its maximum (the resolver refuses more, and
 * refuses less than 1). A value that is not a whole number counts as the maximum.
 */
function pageSizeOf(walk: Walk, key: string, args: readonly { name: { value: string }; value: ValueNode }[]): number {
  const sizes = PAGE_SIZES[key] ?? FALLBACK_PAGE_SIZE;
  for (const name of SIZE_ARGUMENTS) {
    const arg = args.find((a) => a.name.value === name);
    if (!arg) continue;
    const n = intOf(walk, arg.value);
    if (n === undefined) return sizes.default;
    if (n === null) return sizes.max;
    return Math.max(0, Math.min(n, sizes.max));
  }
  return sizes.default;
}

function takesSize(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((a) => (SIZE_ARGUMENTS as readonly string[]).includes(a.name));
}

/**
 * The cost of a selection on a type. `items`, when set, is the size of the connection this selection is on:
 * its list fields (edges) return that many items instead of their own size.
 */
function selectionCost(walk: Walk, type: GraphQLNamedType, selectionSet: SelectionSetNode, items: number | null, spreads: ReadonlySet<string>): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : type;
      if (on) cost += selectionCost(walk, on, selection.selectionSet, items, spreads);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      // A fragment that spreads itself is refused by graphql's own rules; here it is only not followed.
      if (!fragment || spreads.has(name)) continue;
      const on = walk.schema.getType(fragment.typeCondition.name.value);
      if (on) cost += selectionCost(walk, on, fragment.selectionSet, items, new Set([...spreads, name]));
      continue;
    }
    const name = selection.name.value;
    // __typename and introspection cost nothing here (introspection is off in production).
    if (name.startsWith('__')) continue;
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const field = type.getFields()[name];
    if (!field) continue; // Unknown fields are refused by graphql's own rules.
    cost += 1;
    if (!selection.selectionSet) continue;
    const key = `${type.name}.${name}`;
    const list = isListType(getNullableType(field.type));
    const child = getNamedType(field.type);
    let times = 1;
    let childItems: number | null = null;
    if (takesSize(field)) {
      const size = pageSizeOf(walk, key, selection.arguments ?? []);
      if (list) times = size;
      else childItems = size; // A connection: its edges return `size` items, its pageInfo and totalCount one.
    } else if (list) {
      times = items ?? LIST_SIZES[key] ?? FALLBACK_LIST_SIZE;
    }
    cost += times * selectionCost(walk, child, selection.selectionSet, childItems, spreads);
  }
  return cost;
}

/** The cost of one operation of a document, with the variables it is run with. */
export function operationCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Iterable<FragmentDefinitionNode>, variables: Variables = {}): number {
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return 0;
  const walk: Walk = {
    schema,
    fragments: new Map([...fragments].map((f) => [f.name.value, f])),
    variables: variables ?? {},
    defaults: new Map((operation.variableDefinitions ?? []).filter((d) => d.defaultValue).map((d) => [d.variable.name.value, d.defaultValue as ValueNode])),
  };
  return selectionCost(walk, root, operation.selectionSet, null, new Set());
}

export interface CostRuleInput {
  variables?: Variables;
  operationName?: string | null;
}

/**
 * A validation rule, made for each request with its variables: refuses the operation to be run when its cost
 * is over the budget, with extensions { code: "QUERY_TOO_COSTLY", cost, maxCost }. Validation runs before any
 * resolver, so a refused document does no work.
 */
export function costRule({ variables, operationName }: CostRuleInput = {}, maxCost = MAX_COST): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    [Kind.DOCUMENT](node) {
      const definitions = node.definitions;
      const fragments = definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
      const operations = definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      // Only the operation that would run: the one named, else the only one (graphql refuses anything else).
      const chosen = operationName ? operations.filter((o) => o.name?.value === operationName) : operations;
      for (const operation of chosen) {
        const cost = operationCost(context.getSchema(), operation, fragments, variables);
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(`Query too costly: it costs ${cost}, at most ${maxCost} is allowed.`, {
              nodes: [operation],
              extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost },
            }),
          );
          return;
        }
      }
    },
  });
}
