import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Validates bodies against one of the project's own OpenAPI 3.1 documents. OpenAPI 3.1 schemas are
 * JSON Schema 2020-12, so they compile as they are once `#/components/schemas/X` references point into
 * the document and the few OpenAPI-only keywords (`discriminator`, `xml`, `example`…) are dropped.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface OpenApiResponse {
  readonly description?: string;
  readonly content?: Record<string, { readonly schema?: JsonObject }>;
}

export interface OpenApiOperation {
  readonly operationId?: string;
  readonly responses: Record<string, OpenApiResponse>;
}

export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components: { readonly schemas: Record<string, JsonObject> };
}

/** OpenAPI's own keywords (not JSON Schema's) and extensions: documentation for validators. */
const DROPPED = new Set(['discriminator', 'xml', 'externalDocs', 'example']);
const COMPONENT_REF = '#/components/schemas/';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

const isObject = (node: Json | undefined): node is JsonObject =>
  node !== null && node !== undefined && typeof node === 'object' && !Array.isArray(node);

export interface ContractOptions {
  /** The id the document's components are registered under. */
  readonly id: string;
  /** Objects accept no field their schema does not name (an answer cannot carry made-up fields). */
  readonly strictObjects?: boolean;
}

export class OpenApiContract {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    readonly doc: OpenApiDocument,
    private readonly options: ContractOptions,
  ) {
    this.ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
    addFormats(this.ajv);
    // Numeric and binary formats are hints, not constraints JSON Schema can check.
    for (const format of ['int32', 'int64', 'float', 'double', 'password', 'byte', 'binary']) {
      this.ajv.addFormat(format, true);
    }
    // Component schemas become `$defs` of one schema registered under the document's id.
    const defs = Object.fromEntries(
      Object.entries(doc.components.schemas).map(([name, schema]) => [name, this.toJsonSchema(schema)]),
    );
    this.ajv.addSchema({ $id: options.id, $defs: defs } as object);
  }

  /** Every operation as `METHOD path` with its operation. */
  operations(): { readonly method: string; readonly path: string; readonly operation: OpenApiOperation }[] {
    return Object.entries(this.doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => HTTP_METHODS.has(method))
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    );
  }

  /** The JSON schema of a response, or `undefined` when the response has no body. */
  static jsonSchema(response: OpenApiResponse): JsonObject | undefined {
    return response.content?.['application/json']?.schema;
  }

  /** Errors of a body against a schema of the document (`key` caches the compiled validator). */
  validate(key: string, schema: JsonObject, body: unknown): string[] {
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(this.toJsonSchema(schema) as object);
      this.compiled.set(key, validate);
    }
    return validate(body)
      ? []
      : (validate.errors ?? []).map(
          (e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`,
        );
  }

  /** Errors of a body against a named component schema. */
  validateComponent(name: string, body: unknown): string[] {
    if (!(name in this.doc.components.schemas)) return [`no schema ${name}`];
    return this.validate(`#${name}`, { $ref: `#/components/schemas/${name}` }, body);
  }

  private toJsonSchema(node: Json): Json {
    if (Array.isArray(node)) return node.map((n) => this.toJsonSchema(n));
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED.has(key) || key.startsWith('x-')) continue;
      if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_REF)) {
        out[key] = `${this.options.id}#/$defs/${value.slice(COMPONENT_REF.length)}`;
      } else if (key === 'properties' && isObject(value)) {
        // Property names are data, not keywords: keep every one, convert each schema.
        out[key] = Object.fromEntries(
          Object.entries(value).map(([name, schema]) => [name, this.toJsonSchema(schema)]),
        );
      } else {
        out[key] = this.toJsonSchema(value);
      }
    }
    if (
      this.options.strictObjects === true &&
      isObject(out['properties']) &&
      out['additionalProperties'] === undefined
    ) {
      out['additionalProperties'] = false;
    }
    return out;
  }
}
