import { createServer } from 'node:net';
import * as E from 'fp-ts/Either';
import { createApp } from '../../src/app/create-app';
import { loadServiceConfig } from '../../src/app/service-config';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { startService, type RunningService } from '../service-harness';

jest.setTimeout(60_000);

/** A local port nothing listens on: the real client, real sockets, connection refused. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
};

/**
 * The service pointed at a KurrentDB node that is not there (a closed local port: no server is needed
 * to run this): one line naming the node and the masked connection string after a bounded wait, then
 * a degraded start (live 200, ready 503) or, with KURRENTDB_STARTUP=exit, no start.
 */
describe('start with an unreachable KurrentDB node', () => {
  let port: number;
  let connectionString: string;
  beforeAll(async () => {
    port = await closedPort();
    connectionString = `kurrentdb://admin:start-secret-pw@127.0.0.1:${port}?tls=false`;
  });

  describe('KURRENTDB_STARTUP=degraded (the default)', () => {
    let service: RunningService;
    let startedInMs: number;
    beforeAll(async () => {
      const started = Date.now();
      service = await startService({
        env: { KURRENTDB_CONNECTION_STRING: connectionString, KURRENTDB_STARTUP_WAIT_SECONDS: '2' },
      });
      startedInMs = Date.now() - started;
    });
    afterAll(() => service?.stop());

    it('logs one line naming the node and the masked connection string, then starts not ready', async () => {
      const lines = service.logs.filter((l) => String(l['msg']).startsWith('KurrentDB unreachable'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 'error',
        node: `127.0.0.1:${port}`,
        connectionString: `kurrentdb://***@127.0.0.1:${port}?tls=false`,
        startup: 'degraded',
      });
      expect(String(lines[0]?.['msg'])).toContain(`at 127.0.0.1:${port}`);
      expect(JSON.stringify(service.logs)).not.toContain('start-secret-pw');
      // Bounded: the wait plus the rest of the start, not the client's own 30 s.
      expect(startedInMs).toBeLessThan(20_000);
      expect((await fetch(`${service.baseUrl}/health`)).status).toBe(200);
      const ready = await fetch(`${service.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      expect(JSON.stringify(await ready.json())).toContain(`127.0.0.1:${port}`);
    });
  });

  it('with KURRENTDB_STARTUP=exit, does not start and says why in one line', async () => {
    const config = loadServiceConfig({
      KURRENTDB_CONNECTION_STRING: connectionString,
      KURRENTDB_STARTUP: 'exit',
      KURRENTDB_STARTUP_WAIT_SECONDS: '1',
      PORT: '0',
    });
    if (E.isLeft(config)) throw new Error(config.left.join('\n'));
    const logs: string[] = [];
    const started = Date.now();
    const failure = await createApp({
      config: config.right,
      logger: new JsonLogger('info', (line) => logs.push(line)),
    }).then(
      async (app) => {
        await app.close();
        return 'started';
      },
      (error: unknown) => String(error),
    );
    expect(failure).toContain(
      `KurrentDB unreachable at 127.0.0.1:${port} (kurrentdb://***@127.0.0.1:${port}`,
    );
    expect(failure).toContain('exiting (KURRENTDB_STARTUP=exit)');
    expect(failure).not.toContain('start-secret-pw');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
