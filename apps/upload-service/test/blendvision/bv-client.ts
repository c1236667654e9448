import type { BvSpec } from './bv-spec';

export interface BvResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: unknown;
}

export interface BvRequestOptions {
  readonly json?: unknown;
  /** Sent as is (e.g. malformed JSON), with the given content type. */
  readonly raw?: string;
  readonly contentType?: string;
  /** Replaces the default credentials; `null` sends the header not at all. */
  readonly token?: string | null;
  readonly org?: string | null;
  readonly headers?: Record<string, string>;
}

/** The `{code, message, details}` of a google.rpc.Status body. */
export const rpcCode = (body: unknown): unknown => (body as { code?: unknown } | undefined)?.code;

/**
 * An HTTP client for the BlendVision e2e tests: real requests to the running service, and every answer
 * checked against the vendor contract for its operation and status, so no test can forget to.
 */
export class BvClient {
  /** Every check made, to show that the suite covers the contract's operations. */
  readonly checked: { operation: string | undefined; status: number }[] = [];

  constructor(
    readonly baseUrl: string,
    private readonly spec: BvSpec,
    readonly token: string,
    readonly org: string,
  ) {}

  as(token: string, org: string): BvClient {
    const other = new BvClient(this.baseUrl, this.spec, token, org);
    // Share the record of checks across clients of one suite.
    (other as { checked: BvClient['checked'] }).checked = this.checked;
    return other;
  }

  async request(method: string, url: string, options: BvRequestOptions = {}): Promise<BvResponse> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.token : options.token;
    const org = options.org === undefined ? this.org : options.org;
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    if (org !== null) headers['x-bv-org-id'] = org;
    let body: string | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.contentType ?? 'application/json';
    } else if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    return this.finish(method, url, response);
  }

  /** A PUT of part bytes to a presigned URL: no credentials, the URL alone authorises it. */
  async putPart(
    url: string,
    data: Buffer | Uint8Array | string,
    headers: Record<string, string> = {},
  ): Promise<BvResponse> {
    const response = await fetch(url, {
      method: 'PUT',
      body: data,
      headers: { 'content-type': 'application/octet-stream', ...headers },
    });
    return this.finish('PUT', new URL(url).pathname, response);
  }

  async finish(method: string, url: string, response: Response): Promise<BvResponse> {
    const text = await response.text();
    let parsed: unknown;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(
          `${method} ${url} → ${response.status} answered a body that is not JSON: ${text.slice(0, 200)}`,
        );
      }
    }
    this.check(method, url, response.status, parsed);
    return { status: response.status, headers: response.headers, body: parsed };
  }

  check(method: string, url: string, status: number, body: unknown): void {
    const result = this.spec.check(method, url, status, body);
    this.checked.push({ operation: result.operation, status });
    if (result.errors.length > 0) {
      throw new Error(
        `${method} ${url} → ${status}: body does not match the BlendVision contract (${result.operation ?? 'google.rpc.Status'}):\n  ${result.errors.join('\n  ')}\nbody: ${JSON.stringify(body)}`,
      );
    }
    if (status >= 400) {
      // Not in the contract's words, but in its spirit: the status must be grpc-gateway's for the code.
      const code = rpcCode(body);
      if (typeof code !== 'number')
        throw new Error(`${method} ${url} → ${status}: no google.rpc.Status code`);
    }
  }
}
