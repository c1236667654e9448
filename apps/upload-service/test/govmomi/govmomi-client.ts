import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { VendorSpec } from '../vendor-spec';

/**
 * A client that puts on the wire what govmomi's `vapi/rest.Client` puts there (see the table at the
 * top of `rest-family.e2e.spec.ts` for where each behaviour comes from in govmomi):
 * - every request: `Accept: application/json`, `Accept-Encoding: gzip` (Go's transport), a govc
 *   `User-Agent`, and after login the token in `vmware-api-session-id`;
 * - POST/PATCH/PUT: `Content-Type: application/json` always; a body-less one is an empty *chunked*
 *   body (Go sends `Transfer-Encoding: chunked` and `0\r\n\r\n` for a non-nil empty reader); a body
 *   is `json.Encoder` output (a trailing newline) with its Content-Length;
 * - GET/DELETE: no body and no Content-Type (Go probes the empty reader and drops it);
 * - cookies set by the server are kept and sent back on matching paths, as Go's cookie jar does
 *   (never a `Secure` one over plain HTTP);
 * - the upload PUT of govc `library.import`: `Content-Type: application/octet-stream`, the file's
 *   Content-Length, `vmware-api-session-id: <update session id>`, no `Expect: 100-continue`.
 */
export interface WireAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  readonly body: unknown;
}

const USER_AGENT = 'govc/0.46.0';

export class GovmomiWire {
  /** The login token govmomi keeps (`rest.Client.SessionID`). */
  sessionId: string | undefined;
  /** Cookie jar: name → value, with the path it applies to. */
  readonly cookies = new Map<string, { value: string; path: string }>();
  /** Send the `vmware-api-session-id` header (govmomi always does once logged in). */
  sendSessionHeader = true;
  /** Every request line and its headers, for tests that check what went out. */
  readonly sent: { method: string; path: string; headers: Record<string, string> }[] = [];

  constructor(readonly baseUrl: string) {}

  async call(method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: 'application/json',
      'accept-encoding': 'gzip',
    };
    let payload: Buffer | undefined;
    if (method === 'POST' || method === 'PATCH' || method === 'PUT') {
      headers['content-type'] = 'application/json';
      if (body === undefined) headers['transfer-encoding'] = 'chunked';
      else {
        payload = Buffer.from(`${JSON.stringify(body)}\n`);
        headers['content-length'] = String(payload.length);
      }
    }
    if (this.sessionId !== undefined && this.sendSessionHeader)
      headers['vmware-api-session-id'] = this.sessionId;
    const cookie = this.cookieHeader(path);
    if (cookie !== undefined) headers['cookie'] = cookie;
    Object.assign(headers, extra);
    return this.send(method, path, headers, payload);
  }

  /** govc `library.import`'s PUT of one file to `upload_endpoint.uri`. */
  upload(uri: string, data: Buffer, updateSessionId: string): Promise<WireAnswer> {
    const url = new URL(uri);
    return this.send(
      'PUT',
      `${url.pathname}${url.search}`,
      {
        'user-agent': USER_AGENT,
        'accept-encoding': 'gzip',
        'content-type': 'application/octet-stream',
        'content-length': String(data.length),
        'vmware-api-session-id': updateSessionId,
      },
      data,
      `${url.protocol}//${url.host}`,
    );
  }

  private cookieHeader(path: string): string | undefined {
    const pairs = [...this.cookies.entries()]
      .filter(([, cookie]) => path === cookie.path || path.startsWith(`${cookie.path}/`))
      .map(([name, cookie]) => `${name}=${cookie.value}`);
    return pairs.length > 0 ? pairs.join('; ') : undefined;
  }

  private keepCookies(headers: IncomingHttpHeaders): void {
    for (const line of headers['set-cookie'] ?? []) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(key))?.split('=')[1] ?? undefined;
      if (attributes.some((a) => a.toLowerCase() === 'secure') && this.baseUrl.startsWith('http:')) continue;
      if (value === '' || attr('max-age') === '0') this.cookies.delete(name);
      else this.cookies.set(name, { value, path: attr('path') ?? '/' });
    }
  }

  private send(
    method: string,
    path: string,
    headers: Record<string, string>,
    payload: Buffer | undefined,
    base = this.baseUrl,
  ): Promise<WireAnswer> {
    this.sent.push({ method, path, headers });
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${base}${path}`, { method, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          this.keepCookies(response.headers);
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text === '' ? undefined : JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body });
        });
        response.on('error', reject);
      });
      request.on('error', reject);
      // A chunked request ended without data writes just the last chunk, `0\r\n\r\n`.
      request.end(payload);
    });
  }
}

/** How govmomi's `rest.Client.Do` reads an answer: the error it returns, or the decoded result. */
export const govmomiOutcome = (
  path: string,
  answer: WireAnswer,
): { readonly error: string } | { readonly result: unknown } => {
  switch (answer.status) {
    case 200:
    case 201:
    case 202:
      break;
    case 204:
      return { result: undefined };
    case 400:
      return { error: `400 Bad Request: ${answer.text.trim()}` };
    default:
      return { error: `${answer.status}` };
  }
  if (answer.text === '') return { result: undefined };
  // `/api` answers are decoded as they are; `/rest` ones from their `value` wrapper.
  if (path.startsWith('/api')) return { result: answer.body };
  return { result: (answer.body as { value?: unknown } | undefined)?.value };
};

/**
 * The vendor contract for `/rest` answers: the `value` of a `/rest` answer is checked against the
 * schema of the `/api` operation it corresponds to, and `/rest` errors against the vAPI std error
 * schemas, from the project's own vSphere document (so nothing outside the repository is needed).
 */
export class RestContract {
  private constructor(private readonly spec: VendorSpec | undefined) {}

  static load(): RestContract {
    return new RestContract(VendorSpec.load());
  }

  get available(): boolean {
    return this.spec !== undefined;
  }

  /** Errors of `value` against the `/api` operation `method apiPath` answering `apiStatus`. */
  checkValue(method: string, apiPath: string, apiStatus: number, value: unknown): readonly string[] {
    if (this.spec === undefined) return [];
    const check = this.spec.check(method, apiPath, apiStatus, value);
    if (check.operation === undefined) return [`no vendor operation matches ${method} ${apiPath}`];
    return check.errors;
  }

  /** A `/rest` error body `{type, value: {messages}}`, as its `/api` twin, against the std error schemas. */
  checkError(body: unknown): readonly string[] {
    const type = (body as { type?: unknown } | undefined)?.type;
    const messages = (body as { value?: { messages?: unknown } } | undefined)?.value?.messages;
    const prefix = 'com.vmware.vapi.std.errors.';
    if (typeof type !== 'string' || !type.startsWith(prefix))
      return [`type is not a vAPI std error: ${type}`];
    if (!Array.isArray(messages)) return ['value.messages is not an array'];
    if (this.spec === undefined) return [];
    return this.spec.checkVapiError({ error_type: type.slice(prefix.length).toUpperCase(), messages });
  }
}
