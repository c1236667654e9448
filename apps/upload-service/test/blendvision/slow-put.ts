import { request } from 'node:http';

export interface SlowPut {
  /** Sends more of the body. */
  write(data: Buffer): void;
  /** Drops the connection mid-body, as a client that crashed or lost its link. */
  abort(): void;
  /** What the server answered, or how the connection ended without an answer. */
  readonly outcome: Promise<{ readonly status: number; readonly body: string } | { readonly error: string }>;
}

/**
 * A PUT whose body the test sends piece by piece, declaring its full length up front, as a client on a
 * slow link would: the server sees a transfer in flight until the test sends the rest (or never does).
 */
export const slowPut = (url: string, totalLength: number): SlowPut => {
  const req = request(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(totalLength) },
  });
  const outcome = new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', (error) => resolve({ error: error.message }));
    });
    req.on('error', (error) => resolve({ error: error.message }));
  });
  return { write: (data) => void req.write(data), abort: () => void req.destroy(), outcome };
};

/** A PUT of `data` without a Content-Length (chunked transfer encoding): its length shows only at the end. */
export const chunkedPut = async (url: string, data: Buffer): Promise<{ status: number; body: unknown }> => {
  const req = request(url, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' } });
  const response = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          body: text === '' ? undefined : (JSON.parse(text) as unknown),
        });
      });
    });
    req.on('error', reject);
  });
  req.write(data.subarray(0, 1));
  req.end(data.subarray(1));
  return response;
};
