// The cost of documents, computed exactly: fields, lists, connections, nesting, fragments and variables.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, Kind, parse, validate, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { schema as sdl } from './schema';
import { costRule, LIST_SIZES, MAX_COST, operationCost, PAGE_SIZES } from './cost';

const schema = buildSchema(sdl);

function cost(source: string, variables: Record<string, unknown> = {}): number {
  const document = parse(source);
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  const [operation] = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationCost(schema, operation, fragments, variables);
}

describe('graphql document cost', () => {
  test('the sizes the rule assumes are those of the schema and resolvers', () => {
    assert.deepEqual(PAGE_SIZES['Query.products'], { default: 24, max: 100 });
    assert.deepEqual(PAGE_SIZES['Customer.orders'], { default: 20, max: 100 });
    assert.equal(LIST_SIZES['Query.categories'], 20);
    assert.equal(LIST_SIZES['Product.variants'], 10);
  });

  test('each field is 1; an object adds its fields once; __typename is free', () => {
    assert.equal(cost('{ product(slug: "a") { slug name stock { state left } __typename } }'), 1 + 2 + (1 + 2));
  });

  test('a list without a size multiplies what is selected under it by its assumed size, nested lists multiply', () => {
    // categories: 20 × (slug + children: 10 × (slug))
    assert.equal(cost('{ categories { slug children { slug } } }'), 1 + 20 * (1 + 1 + 10 * 1));
    // variants: 10 × (sku + options: 3 × (name value))
    assert.equal(cost('{ product(slug: "a") { variants { sku options { name value } } } }'), 1 + (1 + 10 * (1 + 1 + 3 * 2)));
  });

  test('a connection: its edges count `first` items (default 24, at most 100); pageInfo and totalCount once', () => {
    const connection = (args: string) => `{ products${args} { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { slug name } } } }`;
    const withItems = (n: number) => 1 + (1 + (1 + 2) + (1 + n * (1 + (1 + 2))));
    assert.equal(cost(connection('(first: 5)')), withItems(5));
    assert.equal(cost(connection('')), withItems(24));
    assert.equal(cost(connection('(first: 100000)')), withItems(100), 'capped at the maximum (the resolver refuses more)');
    // Customer.orders is a list taking first: the whole selection counts `first` times.
    assert.equal(cost('{ me { orders(first: 3) { number lines { sku } } } }'), 1 + (1 + 3 * (1 + 1 + 10 * 1)));
    assert.equal(cost('{ me { orders { number } } }'), 1 + (1 + 20 * 1));
  });

  test('lists inside connections inside lists multiply all the way down', () => {
    const source = '{ categories { products(first: 10) { edges { node { variants { sku } } } } } }';
    // categories 20 × (products 1 + edges 1 + 10 × (node 1 + variants 1 + 10 × sku 1))
    assert.equal(cost(source), 1 + 20 * (1 + (1 + 10 * (1 + (1 + 10 * 1)))));
  });

  test('fragments and inline fragments count where they are spread, with the size of the list they are in', () => {
    const source = `
      query { products(first: 4) { ...Page } product(slug: "a") { ...Card } }
      fragment Page on ProductConnection { totalCount edges { node { ...Card } } }
      fragment Card on Product { slug ... on Product { name images { url } } }`;
    const card = 1 + 1 + (1 + 5 * 1);
    assert.equal(cost(source), 1 + (1 + (1 + 4 * (1 + card))) + 1 + card);
  });

  test('variables are resolved: their value, else their default, else the field’s default', () => {
    const source = 'query Page($n: Int = 7) { products(first: $n) { edges { node { slug } } } }';
    const withItems = (n: number) => 1 + (1 + n * (1 + 1));
    assert.equal(cost(source, { n: 50 }), withItems(50));
    assert.equal(cost(source, {}), withItems(7));
    assert.equal(cost(source, { n: null }), withItems(24));
    assert.equal(cost('query($n: Int) { products(first: $n) { edges { node { slug } } } }'), withItems(24));
    assert.equal(cost(source, { n: 'many' }), withItems(100), 'not a whole number: counted as the maximum');
  });

  test('the rule refuses the operation to be run over the budget, with code, cost and budget', () => {
    const attack = `{ ${Array.from({ length: 9 }, (_, i) => `a${i}: categories { products(first: 100) { edges { node { slug name } } } }`).join(' ')} }`;
    // 9 × (categories 1 + 20 × (products 1 + edges 1 + 100 × (node 1 + 2)))
    const expected = 9 * (1 + 20 * (1 + 1 + 100 * 3));
    assert.equal(cost(attack), expected);
    const errors = validate(schema, parse(attack), [costRule({})]);
    assert.equal(errors.length, 1);
    assert.deepEqual(errors[0].extensions, { code: 'QUERY_TOO_COSTLY', cost: expected, maxCost: MAX_COST });

    const small = 'query A { product(slug: "a") { slug } } query B($n: Int) { products(first: $n) { edges { node { description } } } }';
    assert.equal(validate(schema, parse(small), [costRule({ operationName: 'B', variables: { n: 100 } }, 100)]).length, 1);
    assert.equal(validate(schema, parse(small), [costRule({ operationName: 'A', variables: { n: 100 } }, 100)]).length, 0, 'only the operation that runs counts');
    assert.equal(validate(schema, parse(small), [costRule({ operationName: 'B', variables: { n: 10 } }, 100)]).length, 0);
  });
});
