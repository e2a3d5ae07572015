// The published OpenAPI document is one an app developer can build a client from: OpenAPI 3.x, every $ref resolves,
// every /api/v1 route is in it with its statuses, security, parameters, and the shared Problem schema for errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../test-support/databases';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { ContractChecker, type OpenApiDoc } from './openapi-contract';

/** What each route must document, by status (the catalog's routes included). */
const EXPECTED: Record<string, number[]> = {
  'GET /api/v1/categories': [200, 304, 400, 401, 429],
  'GET /api/v1/products': [200, 304, 400, 401, 429],
  'GET /api/v1/products/{slug}': [200, 304, 400, 401, 404, 429],
  'POST /api/v1/cart': [200, 201, 400, 401, 403, 429, 500],
  'GET /api/v1/cart': [200, 400, 401, 429, 500],
  'POST /api/v1/cart/lines': [200, 400, 401, 403, 404, 409, 422, 429, 500],
  'PATCH /api/v1/cart/lines/{variantId}': [200, 400, 401, 403, 404, 409, 422, 429, 500],
  'DELETE /api/v1/cart/lines/{variantId}': [200, 400, 401, 403, 429, 500],
  'PUT /api/v1/cart/discount-code': [200, 400, 401, 403, 409, 422, 429, 500],
  'DELETE /api/v1/cart/discount-code': [200, 400, 401, 403, 429, 500],
  'POST /api/v1/checkout/quote': [200, 400, 401, 403, 409, 422, 429, 500],
  'POST /api/v1/orders': [201, 400, 401, 402, 403, 409, 422, 429, 500, 502],
  'GET /api/v1/orders': [200, 400, 401, 429, 500],
  'GET /api/v1/orders/{number}': [200, 400, 401, 404, 429, 500],
  'GET /api/v1/me': [200, 400, 401, 429, 500],
};

/** The routes Fastify serves, from its route tree (printRoutes), as "METHOD /path/{param}". */
function servedRoutes(tree: string): Set<string> {
  const routes = new Set<string>();
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    // Nodes without a handler of their own have no "(METHODS)" but still carry their children's prefix.
    const m = /^([│├└─ ]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    const segment = m[2];
    const parent = depth === 0 ? '' : (stack[depth - 1] ?? '');
    const path = parent === '' || parent.endsWith('/') || segment.startsWith('/') ? parent + segment : `${parent}/${segment}`;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      if (method !== 'HEAD') routes.add(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes;
}

/** Every $ref in the document, with where it sits. */
function refsIn(value: unknown, at: string, out: { ref: string; at: string }[] = []): { ref: string; at: string }[] {
  if (Array.isArray(value)) value.forEach((v, i) => refsIn(v, `${at}/${i}`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push({ ref: v, at });
      else refsIn(v, `${at}/${k}`, out);
    }
  }
  return out;
}

function resolvePointer(doc: unknown, ref: string): unknown {
  assert.ok(ref.startsWith('#/'), `${ref} is not a local reference`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

// The document does not depend on the database; one dialect is enough, but it runs on each like the others.
for (const dialect of dialects) {
  describe(`OpenAPI document on ${dialect}`, () => {
    let t: TestApp;
    let doc: OpenApiDoc;
    before(async () => {
      t = await createTestApp(dialect);
      doc = (await ContractChecker.load(t.app)).doc;
    });
    after(async () => t.close());

    test('is OpenAPI 3.x with a title, version, tags and the security schemes', () => {
      assert.match(doc.openapi, /^3\.\d+\.\d+$/);
      assert.ok(doc.info.title && doc.info.version);
      assert.match(doc.info.description ?? '', /Idempotency-Key/);
      const schemes = doc.components.securitySchemes as Record<string, { type: string; scheme?: string; in?: string; name?: string; description?: string }>;
      assert.deepEqual(schemes.bearerAuth, { type: 'http', scheme: 'bearer', description: schemes.bearerAuth.description });
      assert.equal(schemes.cookieAuth.type, 'apiKey');
      assert.equal(schemes.cookieAuth.in, 'cookie');
      assert.equal(schemes.cookieAuth.name, 'emporium.sid');
      assert.equal(schemes.csrfToken.in, 'header');
      assert.equal(schemes.csrfToken.name, 'x-csrf-token');
    });

    test('every $ref resolves', () => {
      const refs = refsIn(doc, '#');
      assert.ok(refs.length > 20);
      for (const { ref, at } of refs) assert.ok(resolvePointer(doc, ref) !== undefined, `${ref} at ${at} does not resolve`);
    });

    test('the Problem schema has the stable fields, and every error response uses it as problem+json', () => {
      const problem = doc.components.schemas.ApiProblem as { properties: Record<string, unknown>; required: string[] };
      for (const field of ['type', 'title', 'status', 'detail', 'instance', 'code', 'errors']) assert.ok(problem.properties[field], field);
      assert.deepEqual([...problem.required].sort(), ['detail', 'instance', 'status', 'title', 'type']);
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          for (const [status, response] of Object.entries(op.responses)) {
            const where = `${method.toUpperCase()} ${path} ${status}`;
            assert.ok(response.description, `${where} has a description`);
            if (Number(status) >= 400) {
              assert.deepEqual(Object.keys(response.content ?? {}), ['application/problem+json'], where);
              assert.deepEqual(response.content!['application/problem+json'].schema, { $ref: '#/components/schemas/ApiProblem' }, where);
            } else if (status !== '304') {
              assert.ok(response.content?.['application/json']?.schema, `${where} documents its JSON body`);
            }
          }
        }
      }
    });

    test('every /api/v1 route the app serves is documented, and every documented one is served', () => {
      const served = [...servedRoutes(t.app.printRoutes({ commonPrefix: false }))].filter((r) => r.split(' ')[1].startsWith('/api/v1'));
      const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
      assert.deepEqual([...served].sort(), [...documented].sort());
      assert.deepEqual([...documented].sort(), Object.keys(EXPECTED).sort());
    });

    test('each route lists its statuses, tags, a summary, its path parameters and security that exists', () => {
      const tags = new Set((doc.tags ?? []).map((tag) => tag.name));
      const schemes = new Set(Object.keys(doc.components.securitySchemes ?? {}));
      for (const [route, statuses] of Object.entries(EXPECTED)) {
        const [method, path] = route.split(' ');
        const op = doc.paths[path][method.toLowerCase()];
        assert.deepEqual(Object.keys(op.responses).map(Number).sort((a, b) => a - b), statuses, route);
        assert.ok(op.summary, `${route} has a summary`);
        assert.ok(op.tags?.length && op.tags.every((tag) => tags.has(tag)), `${route} has known tags`);
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          const param = op.parameters?.find((p) => p.in === 'path' && `{${p.name}}` === name);
          assert.ok(param?.required && param.schema, `${route} documents ${name}`);
        }
        assert.ok(op.description, `${route} has a description`);
        assert.ok(op.security && op.security.length > 0, `${route} says who may call it`);
        for (const requirement of op.security) for (const name of Object.keys(requirement)) assert.ok(schemes.has(name), `${route}: ${name}`);
        if (method !== 'GET') {
          // Cookie sessions write with their CSRF token; tokens need none.
          assert.ok(op.security.some((r) => 'cookieAuth' in r && 'csrfToken' in r), `${route}: cookie writes need csrfToken`);
          assert.ok(op.responses['429'] && op.responses['403'], `${route}: limited and CSRF-checked`);
        }
      }
      const place = doc.paths['/api/v1/orders'].post;
      const key = place.parameters?.find((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
      assert.ok(key?.required, 'Idempotency-Key is a required header');
      assert.ok(place.requestBody?.content['application/json'].schema);
      assert.ok(place.responses['201'].headers?.Location);
    });

    test('every operation takes Accept-Language and every answer documents Content-Language', () => {
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          const where = `${method.toUpperCase()} ${path}`;
          const param = op.parameters?.filter((p) => p.in === 'header' && p.name === 'Accept-Language') ?? [];
          assert.equal(param.length, 1, `${where} documents Accept-Language once`);
          assert.equal(param[0].required, false, where);
          for (const [status, response] of Object.entries(op.responses)) assert.ok(response.headers?.['Content-Language'], `${where} ${status}`);
        }
      }
    });

    test('REST answers in the language of Accept-Language and says so in Content-Language, as documented', async () => {
      const checker = new ContractChecker(doc);
      const fr = await t.app.inject({ url: '/api/v1/products/no-such-product', headers: { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.1' } });
      assert.equal(fr.headers['content-language'], 'fr');
      const problem = checker.check(fr, 'GET', '/api/v1/products/{slug}');
      const en = await t.app.inject({ url: '/api/v1/products/no-such-product', headers: { 'accept-language': 'en-GB' } });
      assert.equal(en.headers['content-language'], 'en');
      const englishProblem = checker.check(en, 'GET', '/api/v1/products/{slug}');
      assert.equal(problem.code, englishProblem.code);
      assert.notEqual(problem.detail, englishProblem.detail, 'the message is translated');
      // A language cookie of the shop's pages does not choose an app's language; without a header it is the default.
      const cookieOnly = await t.app.inject({ url: '/api/v1/categories', cookies: { lang: 'fr' } });
      assert.equal(cookieOnly.headers['content-language'], 'en');
      checker.check(cookieOnly, 'GET', '/api/v1/categories');
      assert.match(String(cookieOnly.headers.vary), /Accept-Language/i);
    });
  });
}
