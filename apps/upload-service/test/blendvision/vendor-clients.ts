import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';

/**
 * What BlendVision's own clients send, reproduced from their code (read in the vendor repositories;
 * nothing of it is copied): the Node sample `bv-api-samples-nodejs` and the MCP server `mcp-server` both
 * call the API with axios on Node, whose http adapter goes through node:http. So do these helpers:
 * axios's default headers, a JSON content type on every call of the MCP client (also on DELETE and on
 * `POST …:download` without a body), bodies streamed with the Content-Length the client computed.
 */

const BLOCK = 64 * 1024;

/**
 * `size` bytes that can be produced again, slice by slice, without holding them: a random 64 KiB block
 * whose copies differ by their index, so a misplaced part or an off-by-one range shows.
 */
export class GeneratedFile {
  private readonly block = randomBytes(BLOCK);

  constructor(readonly size: number) {}

  /** Bytes `start` to `end` (exclusive), as a stream of at most 64 KiB chunks. */
  stream(start = 0, end = this.size): Readable {
    const generate = this.chunks(start, end);
    return Readable.from(generate, { objectMode: false });
  }

  /** Bytes `start` to `end` (exclusive) in memory: for small slices only. */
  bytes(start: number, end: number): Buffer {
    return Buffer.concat([...this.chunks(start, end)]);
  }

  digest(
    algorithm: 'sha1' | 'sha256',
    encoding: 'hex' | 'base64' = 'hex',
    start = 0,
    end = this.size,
  ): string {
    const hash = createHash(algorithm);
    for (const chunk of this.chunks(start, end)) hash.update(chunk);
    return hash.digest(encoding);
  }

  private *chunks(start: number, end: number): Generator<Buffer> {
    for (let offset = start; offset < end;) {
      const index = Math.floor(offset / BLOCK);
      const from = offset - index * BLOCK;
      const to = Math.min(BLOCK, end - index * BLOCK);
      const chunk = Buffer.allocUnsafe(to - from);
      const salt = index & 0xff;
      for (let i = from; i < to; i++) chunk[i - from] = (this.block[i] ?? 0) ^ salt;
      yield chunk;
      offset += to - from;
    }
  }
}

export interface NodeResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON, or undefined when empty or not JSON. */
  readonly json: unknown;
  /** Whether the server sent `100 Continue` (for requests that asked for it). */
  readonly continued: boolean;
}

export interface NodeRequestOptions {
  readonly method: string;
  readonly headers?: Record<string, string>;
  /** JSON the way axios serialises `data`; undefined sends no body at all (axios with `data: undefined`). */
  readonly json?: unknown;
  /** A body streamed as is (the parts); its length goes in `headers`, as the MCP server sets it. */
  readonly body?: Readable;
  /** Send `Expect: 100-continue` and hold the body until the server says to go on (as curl does). */
  readonly expectContinue?: boolean;
}

/** The headers axios 1.x adds by itself on Node. */
export const AXIOS_DEFAULT_HEADERS = {
  accept: 'application/json, text/plain, */*',
  'user-agent': 'axios/1.7.9',
  'accept-encoding': 'gzip, compress, deflate, br',
} as const;

/**
 * One request through node:http, as axios's http adapter makes it: `req.end()` with no data when there
 * is no body (Node then frames a POST with `Content-Length: 0` and a DELETE with no length at all), the
 * JSON body with its length, or a stream piped in. Resolves with the answer whatever its status.
 */
export const nodeRequest = (url: string, options: NodeRequestOptions): Promise<NodeResponse> =>
  new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...AXIOS_DEFAULT_HEADERS, ...options.headers };
    const payload = options.json === undefined ? undefined : Buffer.from(JSON.stringify(options.json));
    if (payload !== undefined) headers['content-length'] = String(payload.length);
    if (options.expectContinue === true) headers['expect'] = '100-continue';
    const req = httpRequest(url, { method: options.method, headers });
    let continued = false;
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text === '' ? undefined : (JSON.parse(text) as unknown);
        } catch {
          json = undefined;
        }
        // The body was never sent: let the request go without it.
        if (options.body !== undefined && !continued && options.expectContinue === true) req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, continued });
      });
    });
    req.on('error', reject);
    const send = (): void => {
      if (options.body !== undefined) options.body.pipe(req);
      else req.end(payload);
    };
    if (options.expectContinue === true) {
      req.on('continue', () => {
        continued = true;
        send();
      });
      req.flushHeaders();
    } else {
      send();
    }
  });

/** `.headers['etag']` the way axios hands it to the vendor clients: the header's value, quotes and all. */
export const etagOf = (response: NodeResponse): string => {
  const etag = response.headers.etag;
  if (typeof etag !== 'string' || etag === '')
    throw new Error(`no ETag in ${response.status} ${response.text}`);
  return etag;
};
