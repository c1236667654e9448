import * as E from 'fp-ts/Either';
import { InMemoryEventStore } from '@upload-sessions/event-store';
import { runCommand } from './command-runner';
import { codec, competingAppend, counter, counterRequest, spiedReads } from './counter.fixture';
import { loadStream } from './load-stream';

describe('runCommand (read → decide → append → retry)', () => {
  it('appends the decided events with their metadata and returns the new state', async () => {
    const store = new InMemoryEventStore();
    const now = new Date('2026-01-02T03:04:05.000Z');
    const result = await runCommand(
      counterRequest({ store, command: () => E.right({ add: 3 }), now: () => now }),
    );
    expect(E.isRight(result) && [result.right.before, result.right.after]).toEqual([0, 3]);
    const read = await store.readStream('c-1');
    const [event] = E.isRight(read) ? read.right : [];
    expect(event?.type).toBe('Added');
    expect(event?.data).toEqual({ by: 3 });
    expect(event?.metadata).toEqual({
      eventId: event?.id,
      occurredAt: '2026-01-02T03:04:05.000Z',
      correlationId: 'corr',
      schemaVersion: 1,
    });
    expect(E.isRight(result) && result.right.eventIds).toEqual([event?.id]);
    // Time-ordered ids (UUID v7), so a commit's event ids sit together in the store's event-id index.
    expect(event?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('returns the domain refusal without writing', async () => {
    const store = new InMemoryEventStore();
    const result = await runCommand(counterRequest({ store, command: () => E.right({ add: 11 }) }));
    expect(result).toEqual(E.left({ _tag: 'TooBig' }));
    expect(E.isLeft(await store.readStream('c-1'))).toBe(true);
  });

  it('writes nothing for a no-op and answers the state read', async () => {
    const store = new InMemoryEventStore();
    await competingAppend(store, 'c-1', 2);
    const result = await runCommand(counterRequest({ store, command: () => E.right({ add: 0 }) }));
    expect(E.isRight(result) && [result.right.before, result.right.after, result.right.events]).toEqual([
      2,
      2,
      [],
    ]);
  });

  it('reads the whole stream for every attempt', async () => {
    const store = new InMemoryEventStore();
    const reads = spiedReads(store);
    for (const add of [1, 2]) await runCommand(counterRequest({ store, command: () => E.right({ add }) }));
    expect(reads).toEqual([
      { fromRevision: undefined, returned: 0 },
      { fromRevision: undefined, returned: 1 },
    ]);
  });

  it('decides again on the new state after losing a race', async () => {
    const store = new InMemoryEventStore();
    let calls = 0;
    const result = await runCommand(
      counterRequest({
        store,
        command: async () => {
          calls++;
          // Another writer gets in between our read and our append, twice.
          if (calls <= 2) await competingAppend(store, 'c-1');
          return E.right({ add: 5 });
        },
      }),
    );
    expect(calls).toBe(3);
    expect(E.isRight(result) && result.right.after).toBe(7);
  });

  it('gives up with a Concurrency error after the retries', async () => {
    const store = new InMemoryEventStore();
    let calls = 0;
    const result = await runCommand(
      counterRequest({
        store,
        command: async () => {
          calls++;
          await competingAppend(store, 'c-1');
          return E.right({ add: 1 });
        },
        retries: 2,
      }),
    );
    expect(result).toEqual(E.left({ _tag: 'Concurrency', streamName: 'c-1', attempts: 3 }));
    // Three attempts, then one look at the state reached (which still accepts the command).
    expect(calls).toBe(4);
  });

  it('counts attempts a wrapper already made towards the retries', async () => {
    const store = new InMemoryEventStore();
    let calls = 0;
    const result = await runCommand(
      counterRequest({
        store,
        command: async () => {
          calls++;
          await competingAppend(store, 'c-1');
          return E.right({ add: 1 });
        },
        retries: 2,
        attemptsMade: 2,
      }),
    );
    expect(result).toEqual(E.left({ _tag: 'Concurrency', streamName: 'c-1', attempts: 3 }));
    expect(calls).toBe(2);
  });

  it('answers the refusal of the state reached, not Concurrency, when the retries run out', async () => {
    const store = new InMemoryEventStore();
    let calls = 0;
    const result = await runCommand(
      counterRequest({
        store,
        command: async () => {
          // Others get in before both attempts and fill the counter: our add no longer fits.
          if (++calls <= 2) await competingAppend(store, 'c-1', 5);
          return E.right({ add: 1 });
        },
        retries: 1,
      }),
    );
    expect(result).toEqual(E.left({ _tag: 'TooBig' }));
  });

  it('reports StoreUnavailable from the append as is', async () => {
    const store = new InMemoryEventStore();
    await store.close();
    const result = await runCommand(counterRequest({ store, command: () => E.right({ add: 1 }) }));
    expect(E.isLeft(result) && result.left._tag).toBe('StoreUnavailable');
  });

  it('reports an event it cannot read as a corrupt stream', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('c-1', [{ id: crypto.randomUUID(), type: 'Weird', data: {}, metadata: {} }], {
      expectedRevision: 'any',
    });
    const loaded = await loadStream(store, 'c-1', counter, codec);
    expect(E.isLeft(loaded) && loaded.left._tag).toBe('CorruptStream');
    const result = await runCommand(counterRequest({ store, command: () => E.right({ add: 1 }) }));
    expect(E.isLeft(result) && result.left._tag).toBe('CorruptStream');
  });
});
