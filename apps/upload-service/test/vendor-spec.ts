import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Validates response bodies against the vendor's Swagger 2.0 contract, loaded from the shared specs
 * folder beside the repository (never copied by hand). Swagger definitions become JSON Schema by
 * rewriting `#/definitions/X` references and dropping the keywords JSON Schema does not know.
 */

export const repoRoot = path.resolve(__dirname, '../../..');
export const vsphereSpecPath = path.resolve(repoRoot, '../shared/specs/vsphere-content-library.swagger.json');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface SwaggerOperation {
  readonly operationId?: string;
  readonly responses: Record<string, { readonly schema?: JsonObject }>;
}

interface SwaggerDocument {
  readonly paths: Record<string, Record<string, SwaggerOperation>>;
  readonly definitions: Record<string, JsonObject>;
}

const SPEC_ID = 'vendor-spec';
/** Swagger's own keywords, and documentation that JSON Schema validators do not need. */
const DROPPED = new Set([
  'description',
  'discriminator',
  'readOnly',
  'xml',
  'externalDocs',
  'example',
  'title',
]);

const toJsonSchema = (node: Json): Json => {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
      out[key] = `${SPEC_ID}${value}`;
    } else if (key === 'properties' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      // Property names are data, not keywords: keep every one, convert each schema.
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]),
      );
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  return out;
};

export interface SpecCheck {
  /** The spec's path template and method that matched, if any (e.g. `POST /api/...?action=cancel`). */
  readonly operation: string | undefined;
  /** Whether the operation declares this status; undeclared error statuses are checked as vAPI errors. */
  readonly declared: boolean;
  readonly errors: readonly string[];
}

export class VendorSpec {
  private readonly ajv: Ajv;
  private readonly templates: readonly {
    readonly key: string;
    readonly pattern: RegExp;
    readonly params: number;
  }[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: SwaggerDocument) {
    this.ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    addFormats(this.ajv);
    // Swagger's numeric and password formats are hints, not constraints JSON Schema can check.
    for (const format of ['int32', 'int64', 'float', 'double', 'password', 'byte', 'binary']) {
      this.ajv.addFormat(format, true);
    }
    this.ajv.addSchema({ $id: SPEC_ID, definitions: toJsonSchema(doc.definitions as Json) } as object);
    this.templates = Object.keys(doc.paths)
      .map((key) => {
        const [pathPart = '', query] = key.split('?');
        const params = (pathPart.match(/\{[^}]+\}/g) ?? []).length;
        const source = pathPart.replace(/[.*+^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/?]+');
        const queryPart = query !== undefined ? `\\?${query.replace(/[.*+^$()|[\]\\]/g, '\\$&')}` : '';
        return { key, pattern: new RegExp(`^${source}${queryPart}$`), params };
      })
      // Static segments win over parameters, as in the vendor's router: fewest parameters first.
      .sort((a, b) => a.params - b.params || b.key.length - a.key.length);
  }

  static load(file: string = vsphereSpecPath): VendorSpec {
    return new VendorSpec(JSON.parse(readFileSync(file, 'utf8')) as SwaggerDocument);
  }

  /** The spec's path template for a request URL: the query is ignored except `action`. */
  matchPath(url: string): string | undefined {
    const parsed = new URL(url, 'http://x');
    const action = parsed.searchParams.get('action');
    const candidates = [action !== null ? `${parsed.pathname}?action=${action}` : undefined, parsed.pathname];
    for (const candidate of candidates) {
      if (candidate === undefined) continue;
      const found = this.templates.find((template) => template.pattern.test(candidate));
      if (found !== undefined) return found.key;
    }
    return undefined;
  }

  /** Checks a response against the operation's schema for its status. */
  check(method: string, url: string, status: number, body: unknown): SpecCheck {
    const template = this.matchPath(url);
    const operation = template !== undefined ? this.doc.paths[template]?.[method.toLowerCase()] : undefined;
    const name =
      template !== undefined && operation !== undefined ? `${method.toUpperCase()} ${template}` : undefined;
    const response = operation?.responses[String(status)];
    if (response !== undefined) {
      if (response.schema === undefined) {
        return {
          operation: name,
          declared: true,
          errors: body === undefined ? [] : [`expected no body, got ${JSON.stringify(body)}`],
        };
      }
      return {
        operation: name,
        declared: true,
        errors: this.validate(`${name} ${status}`, response.schema, body),
      };
    }
    if (status >= 400) return { operation: name, declared: false, errors: this.checkVapiError(body) };
    if (status === 204)
      return { operation: name, declared: false, errors: body === undefined ? [] : ['204 with a body'] };
    return { operation: name, declared: false, errors: [] };
  }

  /** A vAPI std error body whose `error_type` names a definition is checked against that definition. */
  checkVapiError(body: unknown): string[] {
    const errorType = (body as { error_type?: unknown } | null)?.error_type;
    if (typeof errorType !== 'string') return ['error body without error_type'];
    const enumErrors = this.validate(
      'VapiStdErrorsErrorType',
      { $ref: '#/definitions/VapiStdErrorsErrorType' },
      errorType,
    );
    if (enumErrors.length > 0) return enumErrors;
    const definition = `VapiStdErrors${errorType
      .toLowerCase()
      .split('_')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('')}`;
    // Every vAPI std error has the same shape; NotFound stands in for types this subset does not define.
    const ref = definition in this.doc.definitions ? definition : 'VapiStdErrorsNotFound';
    return this.validate(ref, { $ref: `#/definitions/${ref}` }, body);
  }

  private validate(key: string, schema: JsonObject, body: unknown): string[] {
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.compiled.set(key, validate);
    }
    return validate(body)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`);
  }
}
