import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Validates answers against the BlendVision One CMS contract loaded from the shared specs folder
 * beside the repository (never copied by hand). Its `definitions` become JSON Schema by rewriting
 * `#/definitions/X` references and dropping documentation keywords. Objects are checked strictly (no
 * field the contract does not name), so an answer cannot carry made-up fields either.
 */

export const repoRoot = path.resolve(__dirname, '../../../..');
export const bvSpecPath = path.resolve(repoRoot, '../shared/specs/blendvision-cms-library-files.json');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface BvOperation {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly responses: Record<string, { readonly schema?: JsonObject }>;
}

interface BvDocument {
  readonly operations: readonly BvOperation[];
  readonly definitions: Record<string, JsonObject>;
}

const SPEC_ID = 'bv-spec';
const DROPPED = new Set(['description', 'title', 'readOnly', 'example', 'externalDocs']);

const isObject = (node: Json | undefined): node is JsonObject =>
  node !== null && node !== undefined && typeof node === 'object' && !Array.isArray(node);

const toJsonSchema = (node: Json): Json => {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
      out[key] = `${SPEC_ID}${value}`;
    } else if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]),
      );
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (isObject(out['properties']) && out['additionalProperties'] === undefined)
    out['additionalProperties'] = false;
  return out;
};

export interface BvSpecCheck {
  /** `operationId` of the operation the request matched, if any. */
  readonly operation: string | undefined;
  readonly errors: readonly string[];
}

export class BvSpec {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: readonly { readonly operation: BvOperation; readonly pattern: RegExp }[];

  constructor(private readonly doc: BvDocument) {
    this.ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    addFormats(this.ajv);
    for (const format of ['int32', 'int64', 'float', 'double', 'byte', 'binary'])
      this.ajv.addFormat(format, true);
    this.ajv.addSchema({ $id: SPEC_ID, definitions: toJsonSchema(doc.definitions as Json) } as object);
    this.templates = doc.operations
      .map((operation) => {
        // Ids never hold a colon: `{id}:cancel-upload` must not match the plain `{id}` template.
        const source = operation.path.replace(/[.*+^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/:]+');
        return { operation, pattern: new RegExp(`^${source}$`) };
      })
      .sort((a, b) => b.operation.path.length - a.operation.path.length);
  }

  static load(file: string = bvSpecPath): BvSpec {
    return new BvSpec(JSON.parse(readFileSync(file, 'utf8')) as BvDocument);
  }

  operationFor(method: string, url: string): BvOperation | undefined {
    const raw = new URL(url, 'http://x').pathname;
    let pathname: string;
    try {
      pathname = decodeURIComponent(raw);
    } catch {
      pathname = raw;
    }
    return this.templates.find((t) => t.operation.method === method.toUpperCase() && t.pattern.test(pathname))
      ?.operation;
  }

  /** Checks an answer against its operation's schema for the status (or `default`); errors against google.rpc.Status. */
  check(method: string, url: string, status: number, body: unknown): BvSpecCheck {
    const operation = this.operationFor(method, url);
    if (operation === undefined) {
      if (status >= 400) return { operation: undefined, errors: this.validateRef('google.rpc.Status', body) };
      return { operation: undefined, errors: [] };
    }
    const response = operation.responses[String(status)] ?? operation.responses['default'];
    if (response === undefined)
      return { operation: operation.operationId, errors: [`status ${status} is not declared`] };
    const ref = response.schema?.['$ref'];
    if (typeof ref !== 'string')
      return { operation: operation.operationId, errors: ['no schema to check against'] };
    return {
      operation: operation.operationId,
      errors: this.validateRef(ref.replace('#/definitions/', ''), body),
    };
  }

  validateRef(definition: string, body: unknown): string[] {
    if (!(definition in this.doc.definitions)) return [`no definition ${definition}`];
    let validate = this.compiled.get(definition);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: `${SPEC_ID}#/definitions/${definition}` });
      this.compiled.set(definition, validate);
    }
    return validate(body)
      ? []
      : (validate.errors ?? []).map(
          (e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`,
        );
  }

  /** The operations of the contract, as `METHOD path`. */
  operationKeys(): string[] {
    return this.doc.operations.map((op) => `${op.method} ${op.path}`);
  }
}
