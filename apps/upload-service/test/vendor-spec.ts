import { vsphereOpenApi } from '@upload-sessions/dialect-vsphere/openapi/vsphere-openapi';
import { OpenApiContract, type OpenApiDocument } from './openapi-contract';

/**
 * Validates vSphere answers against the project's own OpenAPI 3.1 document of the dialect (written
 * from VMware's contract and kept beside the dialect), so the tests need nothing outside the
 * repository. `vendor-conformance.spec.ts` compares that document with the vendor's file.
 */

export interface SpecCheck {
  /** The document's path template and method that matched, if any (e.g. `POST /api/...?action=cancel`). */
  readonly operation: string | undefined;
  /** Whether the operation declares this status; undeclared error statuses are checked as vAPI errors. */
  readonly declared: boolean;
  readonly errors: readonly string[];
}

export class VendorSpec {
  private readonly contract: OpenApiContract;
  private readonly templates: readonly {
    readonly key: string;
    readonly pattern: RegExp;
    readonly params: number;
  }[];

  constructor(private readonly doc: OpenApiDocument) {
    this.contract = new OpenApiContract(doc, { id: 'vsphere-openapi' });
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

  /** The project's vSphere document. */
  static load(): VendorSpec {
    return new VendorSpec(vsphereOpenApi as unknown as OpenApiDocument);
  }

  /** The document's path template for a request URL: the query is ignored except `action`. */
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
      const schema = OpenApiContract.jsonSchema(response);
      if (schema === undefined) {
        return {
          operation: name,
          declared: true,
          errors: body === undefined ? [] : [`expected no body, got ${JSON.stringify(body)}`],
        };
      }
      return {
        operation: name,
        declared: true,
        errors: this.contract.validate(`${name} ${status}`, schema, body),
      };
    }
    if (status >= 400) return { operation: name, declared: false, errors: this.checkVapiError(body) };
    if (status === 204)
      return { operation: name, declared: false, errors: body === undefined ? [] : ['204 with a body'] };
    return { operation: name, declared: false, errors: [] };
  }

  /** A vAPI std error body whose `error_type` names a schema is checked against that schema. */
  checkVapiError(body: unknown): string[] {
    const errorType = (body as { error_type?: unknown } | null)?.error_type;
    if (typeof errorType !== 'string') return ['error body without error_type'];
    const enumErrors = this.contract.validateComponent('VapiStdErrorsErrorType', errorType);
    if (enumErrors.length > 0) return enumErrors;
    const definition = `VapiStdErrors${errorType
      .toLowerCase()
      .split('_')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('')}`;
    // Every vAPI std error has the same shape: the generic one stands in for types without their own.
    const name = definition in this.doc.components.schemas ? definition : 'VapiStdError';
    return this.contract.validateComponent(name, body);
  }
}
