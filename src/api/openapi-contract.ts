// Test helper: checks an API answer against the OpenAPI document the app publishes (status documented, body valid
// for the documented schema of its content type), with ajv (fastify's own validator) and ajv-formats.
import assert from 'node:assert/strict';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
  tags?: { name: string }[];
}

export interface OpenApiOperation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: unknown }> }>;
}

export class ContractChecker {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly doc: OpenApiDoc) {
    // strict off: OpenAPI 3.0 schemas carry keywords JSON Schema does not know (example, xml...); nullable is ajv's own.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    // Every "#/components/schemas/X" of the document resolves against this one schema.
    this.ajv.addSchema({ $id: 'openapi', components: doc.components }, 'openapi');
  }

  static async load(app: FastifyInstance): Promise<ContractChecker> {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    return new ContractChecker(JSON.parse(res.body) as OpenApiDoc);
  }

  operation(method: string, path: string): OpenApiOperation {
    const op = this.doc.paths[path]?.[method.toLowerCase()];
    assert.ok(op, `${method} ${path} is not in the OpenAPI document`);
    return op;
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let v = this.compiled.get(key);
    if (!v) {
      // Local refs of the response schema point into the document: rewrite them to the registered one.
      const rewritten = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi#/components/'));
      v = this.ajv.compile(rewritten);
      this.compiled.set(key, v);
    }
    return v;
  }

  /**
   * Asserts the answer is one the document promises for this operation: its status is listed, and its body
   * matches the schema of its content type. Returns the parsed body.
   */
  check(res: LightMyRequestResponse, method: string, path: string): any {
    const op = this.operation(method, path);
    const documented = op.responses[String(res.statusCode)];
    assert.ok(documented, `${method} ${path} answered ${res.statusCode}, which the document does not list (${res.body.slice(0, 300)})`);
    // Every answer says its language, as the document promises.
    assert.ok(documented.headers?.['Content-Language'], `${method} ${path} ${res.statusCode} documents Content-Language`);
    assert.match(String(res.headers['content-language']), /^(en|fr)$/, `${method} ${path} ${res.statusCode} says Content-Language`);
    if (!documented.content) {
      assert.equal(res.body, '', `${method} ${path} ${res.statusCode}: a body where the document has none`);
      return null;
    }
    const contentType = String(res.headers['content-type'] ?? '').split(';')[0].trim();
    const media = documented.content[contentType];
    assert.ok(media, `${method} ${path} ${res.statusCode}: content type ${contentType} is not documented (${Object.keys(documented.content).join(', ')})`);
    const body = JSON.parse(res.body);
    const validate = this.validator(`${method} ${path} ${res.statusCode} ${contentType}`, media.schema);
    assert.ok(validate(body), `${method} ${path} ${res.statusCode}: body does not match the documented schema: ${this.ajv.errorsText(validate.errors)}\n${res.body.slice(0, 500)}`);
    return body;
  }
}
