import { blendVisionOpenApi } from '@upload-sessions/dialect-blendvision/openapi/blendvision-openapi';
import { OpenApiContract, type OpenApiDocument, type OpenApiOperation } from '../openapi-contract';

/**
 * Validates BlendVision answers against the project's own OpenAPI 3.1 document of the dialect
 * (written from the vendor's CMS contract and kept beside the dialect). Objects are checked strictly
 * (no field the document does not name), so an answer cannot carry made-up fields either.
 */

export interface BvSpecCheck {
  /** `operationId` of the operation the request matched, if any. */
  readonly operation: string | undefined;
  readonly errors: readonly string[];
}

interface BvOperation {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly operation: OpenApiOperation;
}

export class BvSpec {
  private readonly contract: OpenApiContract;
  private readonly templates: readonly { readonly operation: BvOperation; readonly pattern: RegExp }[];

  constructor(doc: OpenApiDocument) {
    this.contract = new OpenApiContract(doc, { id: 'blendvision-openapi', strictObjects: true });
    this.templates = this.contract
      .operations()
      .map(({ method, path, operation }) => ({
        method,
        path,
        operationId: operation.operationId ?? `${method} ${path}`,
        operation,
      }))
      .map((operation) => {
        // Ids never hold a colon: `{id}:cancel-upload` must not match the plain `{id}` template.
        const source = operation.path.replace(/[.*+^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/:]+');
        return { operation, pattern: new RegExp(`^${source}$`) };
      })
      .sort((a, b) => b.operation.path.length - a.operation.path.length);
  }

  /** The project's BlendVision document. */
  static load(): BvSpec {
    return new BvSpec(blendVisionOpenApi as unknown as OpenApiDocument);
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
    const found = this.operationFor(method, url);
    if (found === undefined) {
      if (status >= 400) return { operation: undefined, errors: this.validateRef('google.rpc.Status', body) };
      return { operation: undefined, errors: [] };
    }
    const response = found.operation.responses[String(status)] ?? found.operation.responses['default'];
    if (response === undefined)
      return { operation: found.operationId, errors: [`status ${status} is not declared`] };
    const schema = OpenApiContract.jsonSchema(response);
    if (schema === undefined) {
      return {
        operation: found.operationId,
        errors: body === undefined ? [] : [`expected no body, got ${JSON.stringify(body)}`],
      };
    }
    return {
      operation: found.operationId,
      errors: this.contract.validate(`${found.operationId} ${status}`, schema, body),
    };
  }

  validateRef(definition: string, body: unknown): string[] {
    return this.contract.validateComponent(definition, body);
  }

  /** The operations of the document, as `METHOD path`. */
  operationKeys(): string[] {
    return this.templates.map((t) => `${t.operation.method} ${t.operation.path}`);
  }
}
