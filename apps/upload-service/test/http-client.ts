import { request as httpRequest } from 'node:http';
import type { Readable } from 'node:stream';
import type { VendorSpec } from './vendor-spec';

export interface Response {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: unknown;
}

export interface RequestOptions {
  /** JSON-encoded unless `raw` is given. */
  readonly json?: unknown;
  /** Sent as is (e.g. malformed JSON), with the given content type. */
  readonly raw?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
  /** Send no vmware-api-session-id even when logged in. */
  readonly anonymous?: boolean;
}

/**
 * A small HTTP client for the e2e tests that checks every response body against the vendor spec's
 * schema for its operation and status, so no test can forget to.
 */
export class VsphereClient {
  token: string | undefined;
  /** Every response checked so far, with the operation that matched. */
  readonly checked: { operation: string | undefined; status: number; declared: boolean }[] = [];

  constructor(
    readonly baseUrl: string,
    private readonly spec: VendorSpec,
  ) {}

  async request(method: string, url: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.token !== undefined && options.anonymous !== true) headers['vmware-api-session-id'] = this.token;
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
    this.checked.push({ operation: result.operation, status, declared: result.declared });
    if (result.errors.length > 0) {
      throw new Error(
        `${method} ${url} → ${status}: body does not match the vendor spec (${result.operation ?? 'error schema'}):\n  ${result.errors.join('\n  ')}\nbody: ${JSON.stringify(body)}`,
      );
    }
  }

  async login(username: string, password: string): Promise<Response> {
    const response = await this.request('POST', '/api/session', {
      anonymous: true,
      headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
    });
    if (response.status === 201 && typeof response.body === 'string') this.token = response.body;
    return response;
  }
}

/**
 * A streaming PUT through node:http: the body is written chunk by chunk from `source`, so a test can
 * act while the upload is in flight. Resolves with the status and parsed body, or the socket error.
 */
export const streamingPut = (
  url: string,
  source: Readable,
  headers: Record<string, string> = {},
): Promise<
  | { readonly status: number; readonly body: unknown; readonly headers: Record<string, unknown> }
  | { readonly error: Error }
> =>
  new Promise((resolve) => {
    const target = new URL(url);
    const req = httpRequest(
      {
        method: 'PUT',
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        headers: { 'content-type': 'application/octet-stream', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text === '' ? undefined : JSON.parse(text);
          } catch {
            body = text;
          }
          source.destroy();
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
        });
        res.on('error', (error) => resolve({ error }));
      },
    );
    req.on('error', (error) => resolve({ error }));
    source.pipe(req);
  });
