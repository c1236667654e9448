import { isLeft } from 'fp-ts/Either';
import { createServer } from 'node:net';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/** A local port nothing listens on: the real client, real sockets, connection refused. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
};

describe('KurrentDbEventStore when the server cannot be reached', () => {
  let store: KurrentDbEventStore;

  beforeAll(async () => {
    const created = KurrentDbEventStore.fromConnectionString(
      `kurrentdb://admin:changeit@127.0.0.1:${await closedPort()}?tls=false`,
      { subscriptionBackoff: { baseMs: 10, capMs: 50 } },
    );
    if (isLeft(created)) throw new Error(created.left.message);
    store = created.right;
  });

  afterAll(() => store.close());

  const event = { id: '0b7e7a3c-3f0e-4d59-9a57-1d7f7f2a9a10', type: 'UploadStarted', data: {}, metadata: {} };

  it('returns StoreUnavailable from every operation instead of throwing', async () => {
    const results = [
      await store.appendToStream('upload-1', [event], { expectedRevision: 'no_stream' }),
      await store.readStream('upload-1'),
      await store.readAll({ maxCount: 10 }),
      await store.headPosition(),
    ];
    for (const result of results) {
      expect(result).toMatchObject({ _tag: 'Left', left: { _tag: 'StoreUnavailable' } });
    }
  });

  it('never puts the password into an error message', async () => {
    const result = await store.readAll();
    expect(JSON.stringify(isLeft(result) && result.left.message)).not.toContain('changeit');
  });

  it('close() ends a pending next() of a subscription that cannot connect', async () => {
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: ['upload-'] } });
    const pending = subscription[Symbol.asyncIterator]().next();
    // Long enough for several failed attempts at a 10-50 ms backoff.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await subscription.close();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });
});

describe('KurrentDbEventStore subscriptions when every connection is cut at once', () => {
  it('keep reconnecting with backoff until closed', async () => {
    // A real TCP server that accepts and immediately resets: each reconnection attempt shows up here.
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    const created = KurrentDbEventStore.fromConnectionString(
      `kurrentdb://127.0.0.1:${address.port}?tls=false`,
      {
        subscriptionBackoff: { baseMs: 10, capMs: 50 },
      },
    );
    if (isLeft(created)) throw new Error(created.left.message);
    const store = created.right;
    try {
      const subscription = store.subscribeToAll();
      const pending = subscription[Symbol.asyncIterator]().next();
      const deadline = Date.now() + 10_000;
      while (connections < 3 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(connections).toBeGreaterThanOrEqual(3);
      await subscription.close();
      await expect(pending).resolves.toEqual({ done: true, value: undefined });
    } finally {
      await store.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 20_000);
});
