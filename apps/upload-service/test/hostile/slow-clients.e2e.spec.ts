import { connect, type Socket } from 'node:net';
import { rpcCode } from '../blendvision/bv-client';
import { FILES } from '../blendvision/bv-flow';
import { startBvService, type BvService } from '../blendvision/bv-service';
import { slowPut } from '../blendvision/slow-put';
import { errorType } from '../fixtures';
import { rawRequest } from './raw-http';

jest.setTimeout(60_000);

const HEADERS_TIMEOUT_MS = 1_500;
const IDLE_TIMEOUT_MS = 1_000;
const KEEP_ALIVE_TIMEOUT_MS = 500;
const CAP = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw connection that records what the server sends and when it closes the connection. */
const openSocket = async (baseUrl: string) => {
  const { hostname, port } = new URL(baseUrl);
  const socket: Socket = connect({ host: hostname, port: Number(port) });
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, closed, text: () => Buffer.concat(received).toString('latin1') };
};

/**
 * Slow and greedy clients (HEADERS_TIMEOUT_MS, REQUEST_IDLE_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS,
 * MAX_CONNECTIONS_PER_ADDRESS), over raw sockets against the real service on SQLite: a header trickle
 * is cut, one address's extra connection is refused in the dialect's format while the others are
 * served, idle kept-alive connections are closed, and a long upload is not cut while its bytes flow.
 */
describe('slow and greedy clients [SQLite]', () => {
  let service: BvService;

  beforeAll(async () => {
    service = await startBvService({
      HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      REQUEST_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
      KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
      MAX_CONNECTIONS_PER_ADDRESS: String(CAP),
    });
  });
  afterAll(() => service?.stop());

  it('cuts a slow-loris header trickle after the header timeout with a 408', async () => {
    const client = await openSocket(service.baseUrl);
    const started = Date.now();
    client.socket.write('GET /api/vcenter/library HTTP/1.1\r\nHost: x\r\n');
    // One header byte every 100 ms: the connection is never idle, but the headers never end.
    const trickle = setInterval(() => {
      if (!client.socket.destroyed) client.socket.write('X');
    }, 100);
    try {
      const closedAt = await client.closed;
      expect(closedAt - started).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
      expect(closedAt - started).toBeLessThan(HEADERS_TIMEOUT_MS + 3_000);
      expect(client.text()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(trickle);
    }
    // The service goes on serving.
    expect((await rawRequest(service.baseUrl, { method: 'GET', path: '/health' }))?.status).toBe(200);
  });

  it('refuses the connections of one address over the cap (503 in the dialect’s format), serving the others', async () => {
    const held = await Promise.all(Array.from({ length: CAP }, () => openSocket(service.baseUrl)));
    try {
      await sleep(50);
      const vsphere = await rawRequest(service.baseUrl, { method: 'GET', path: '/api/vcenter/library' });
      expect([vsphere?.status, errorType(vsphere?.body)]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      expect(vsphere?.headers['retry-after']).toBe('1');
      expect(vsphere?.headers['connection']).toBe('close');
      const bv = await rawRequest(service.baseUrl, { method: 'GET', path: `${FILES}?type=FILE_TYPE_VIDEO` });
      expect([bv?.status, rpcCode(bv?.body)]).toEqual([503, 14]);

      // The connections within the cap are served.
      const first = held[0]!;
      first.socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await first.closed;
      expect(first.text()).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      for (const { socket } of held) socket.destroy();
    }
    await Promise.all(held.map((h) => h.closed));
    // Once they are gone, the address may connect again.
    await sleep(50);
    expect((await rawRequest(service.baseUrl, { method: 'GET', path: '/health' }))?.status).toBe(200);
  });

  it('closes an idle kept-alive connection after the keep-alive timeout', async () => {
    const client = await openSocket(service.baseUrl);
    client.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    while (!client.text().includes('\r\n\r\n')) await sleep(10);
    const answeredAt = Date.now();
    expect(client.text()).toMatch(/^HTTP\/1\.1 200 /);
    expect(client.text().toLowerCase()).toContain('connection: keep-alive');
    const closedAt = await client.closed;
    expect(closedAt - answeredAt).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 100);
    expect(closedAt - answeredAt).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS + 2_000);
  });

  const startPart = async () => {
    const response = await fetch(`${service.baseUrl}${FILES}:upload`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${service.tokens.acme.token}`,
        'content-type': 'application/json',
        'x-bv-org-id': service.orgs.a,
      },
      body: JSON.stringify({
        file: {
          type: 'FILE_TYPE_VIDEO',
          source: 'FILE_SOURCE_UPLOAD_IN_LIBRARY',
          name: `slow-${Date.now()}.mp4`,
          size: String(service.partSize),
        },
      }),
    });
    const body = (await response.json()) as { upload_data?: { parts: { presigned_url: string }[] } };
    expect(response.status).toBe(200);
    return body.upload_data?.parts[0]?.presigned_url ?? '';
  };

  it('does not cut an upload whose bytes keep flowing, however long it takes', async () => {
    const url = await startPart();
    const put = slowPut(url, service.partSize);
    const chunk = service.partSize / 16;
    const started = Date.now();
    for (let at = 0; at < service.partSize; at += chunk) {
      put.write(Buffer.alloc(chunk, at % 251));
      await sleep(200);
    }
    const outcome = await put.outcome;
    // Longer than the header, idle and keep-alive timeouts together.
    expect(Date.now() - started).toBeGreaterThan(
      HEADERS_TIMEOUT_MS + IDLE_TIMEOUT_MS + KEEP_ALIVE_TIMEOUT_MS,
    );
    expect('status' in outcome ? outcome.status : outcome.error).toBe(200);
  });

  it('cuts an upload whose body stalls for longer than the idle timeout', async () => {
    const url = await startPart();
    const put = slowPut(url, service.partSize);
    const started = Date.now();
    put.write(Buffer.alloc(service.partSize / 4, 1));
    const outcome = await put.outcome;
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_TIMEOUT_MS - 100);
    expect(Date.now() - started).toBeLessThan(IDLE_TIMEOUT_MS + 5_000);
    expect('error' in outcome ? outcome.error : `answered ${outcome.status}`).toMatch(
      /socket|reset|hang up/i,
    );
  });
});
