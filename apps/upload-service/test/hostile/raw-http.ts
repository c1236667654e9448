import { connect } from 'node:net';

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  /** Parsed JSON body, or the text when it is not JSON. */
  readonly body: unknown;
}

export interface RawRequest {
  readonly method: string;
  /** Sent exactly as given: `..`, `%2F`, NUL and the like reach the server untouched. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
  /** Send only this many bytes of the body, then end the connection (a truncated upload). */
  readonly truncateAt?: number;
  /** Pause between body chunks of `chunk` bytes (a slow client). */
  readonly slow?: { readonly chunk: number; readonly delayMs: number };
  /** Send the body with `Transfer-Encoding: chunked` (one chunk, none when empty) instead of a length. */
  readonly chunked?: boolean;
}

const decodeChunked = (raw: Buffer): Buffer => {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
};

/**
 * One HTTP/1.1 request over a fresh TCP connection, written byte for byte (no client library that
 * would normalise the path or fix the Content-Length). Resolves with the answer, or `undefined` when
 * the server closed the connection without one.
 */
export const rawRequest = (baseUrl: string, request: RawRequest): Promise<RawAnswer | undefined> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(baseUrl);
    const socket = connect({ host: hostname, port: Number(port) });
    const received: Buffer[] = [];
    const given = request.body === undefined ? undefined : Buffer.from(request.body);
    const body =
      request.chunked === true
        ? Buffer.concat([
            given === undefined || given.length === 0
              ? Buffer.alloc(0)
              : Buffer.concat([Buffer.from(`${given.length.toString(16)}\r\n`), given, Buffer.from('\r\n')]),
            Buffer.from('0\r\n\r\n'),
          ])
        : given;
    const headers: Record<string, string> = {
      host: `${hostname}:${port}`,
      connection: 'close',
      ...(request.chunked === true
        ? { 'transfer-encoding': 'chunked' }
        : body !== undefined
          ? { 'content-length': String(body.length) }
          : {}),
      ...request.headers,
    };
    socket.on('connect', () => {
      void (async () => {
        const head = `${request.method} ${request.path} HTTP/1.1\r\n${Object.entries(headers)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('')}\r\n`;
        socket.write(Buffer.from(head, 'latin1'));
        if (body === undefined) return;
        const sent = request.truncateAt === undefined ? body : body.subarray(0, request.truncateAt);
        if (request.slow === undefined) socket.write(sent);
        else {
          for (let at = 0; at < sent.length && !socket.destroyed; at += request.slow.chunk) {
            socket.write(sent.subarray(at, at + request.slow.chunk));
            await new Promise((r) => setTimeout(r, request.slow!.delayMs));
          }
        }
        if (request.truncateAt !== undefined) socket.end();
      })();
    });
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset after the answer was read is the server closing a connection it would not read on.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return;
      reject(error);
    });
    socket.on('close', () => {
      const raw = Buffer.concat(received);
      const split = raw.indexOf('\r\n\r\n');
      if (split < 0) return resolve(undefined);
      const [statusLine = '', ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
      const answerHeaders: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) answerHeaders[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      let payload: Buffer = raw.subarray(split + 4);
      if (answerHeaders['transfer-encoding'] === 'chunked') payload = decodeChunked(payload);
      // Only the first answer: what follows belongs to whatever the server made of leftover bytes.
      const length = Number(answerHeaders['content-length'] ?? Number.NaN);
      if (Number.isSafeInteger(length)) payload = payload.subarray(0, length);
      const text = payload.toString('utf8');
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        // not JSON: kept as text
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers: answerHeaders, text, body: parsed });
    });
  });
