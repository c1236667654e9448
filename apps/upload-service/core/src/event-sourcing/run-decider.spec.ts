import * as E from 'fp-ts/Either';
import { InMemoryEventStore } from '@upload-sessions/event-store';
import type { CommandContext } from './command-context';
import { loadStream, runDecider, type Decider, type EventCodec } from './run-decider';
import { StreamStateCache } from './stream-state-cache';

// A tiny counter aggregate: enough to exercise loading, deciding, appending and retrying.
type Cmd = { readonly add: number };
type Ev = { readonly type: 'Added'; readonly by: number };
type Err = { readonly _tag: 'TooBig' };
const counter: Decider<Cmd, Ev, number, Err> = {
  initialState: 0,
  decide: (cmd, state) =>
    state + cmd.add > 10
      ? E.left({ _tag: 'TooBig' })
      : E.right(cmd.add === 0 ? [] : [{ type: 'Added', by: cmd.add }]),
  evolve: (state, ev) => state + ev.by,
};
const codec: EventCodec<Ev> = {
  encode: (ev) => ({ type: ev.type, schemaVersion: 1, data: { by: ev.by } }),
  decode: (r) =>
    r.type === 'Added' && typeof r.data['by'] === 'number'
      ? E.right({ type: 'Added', by: r.data['by'] })
      : E.left(`bad ${r.type}`),
};
const context: CommandContext = {
  actor: { id: 'u', kind: 'user' },
  organizationId: 'o',
  correlationId: 'corr',
  causationId: 'cause',
};

const competingAppend = (store: InMemoryEventStore, stream: string) =>
  store.appendToStream(stream, [{ id: crypto.randomUUID(), type: 'Added', data: { by: 1 }, metadata: {} }], {
    expectedRevision: 'any',
  });

/** runDecider on the counter's stream `c-1`, with the usual codec, context and 5 retries unless given. */
const runCounter = (
  options: Pick<Parameters<typeof runDecider<Cmd, Ev, number, Err>>[0], 'store' | 'command'> &
    Partial<Parameters<typeof runDecider<Cmd, Ev, number, Err>>[0]>,
) => runDecider({ streamName: 'c-1', decider: counter, codec, context, retries: 5, ...options });

describe('runDecider', () => {
  it('appends the decided events with metadata and returns the new state', async () => {
    const store = new InMemoryEventStore();
    const now = new Date('2026-01-02T03:04:05.000Z');
    const result = await runCounter({
      store,
      command: () => E.right({ add: 3 }),
      now: () => now,
    });
    expect(E.isRight(result) && [result.right.before, result.right.after]).toEqual([0, 3]);
    const read = await store.readStream('c-1');
    const [event] = E.isRight(read) ? read.right : [];
    expect(event?.metadata).toEqual({
      eventId: event?.id,
      occurredAt: '2026-01-02T03:04:05.000Z',
      actor: { id: 'u', kind: 'user' },
      organizationId: 'o',
      correlationId: 'corr',
      causationId: 'cause',
      schemaVersion: 1,
    });
  });

  it('returns the domain refusal without writing', async () => {
    const store = new InMemoryEventStore();
    const result = await runCounter({
      store,
      command: () => E.right({ add: 11 }),
    });
    expect(result).toEqual(E.left({ _tag: 'TooBig' }));
    expect(E.isLeft(await store.readStream('c-1'))).toBe(true);
  });

  it('decides again on the new state after losing a race', async () => {
    const store = new InMemoryEventStore();
    let calls = 0;
    const result = await runCounter({
      store,
      command: async () => {
        calls++;
        // Another writer gets in between our read and our append, twice.
        if (calls <= 2) await competingAppend(store, 'c-1');
        return E.right({ add: 5 });
      },
    });
    expect(calls).toBe(3);
    expect(E.isRight(result) && result.right.after).toBe(7);
  });

  it('gives up with a Concurrency error after the retries', async () => {
    const store = new InMemoryEventStore();
    let calls = 0;
    const result = await runCounter({
      store,
      command: async () => {
        calls++;
        await competingAppend(store, 'c-1');
        return E.right({ add: 1 });
      },
      retries: 2,
    });
    expect(result).toEqual(E.left({ _tag: 'Concurrency', streamName: 'c-1', attempts: 3 }));
    // Three attempts, then one look at the state reached (which still accepts the command).
    expect(calls).toBe(4);
  });

  it('answers the refusal of the state reached, not Concurrency, when the retries run out', async () => {
    const store = new InMemoryEventStore();
    let calls = 0;
    const result = await runCounter({
      store,
      command: async () => {
        // Others get in before both attempts and fill the counter: our add no longer fits.
        if (++calls <= 2) {
          await store.appendToStream(
            'c-1',
            [{ id: crypto.randomUUID(), type: 'Added', data: { by: 5 }, metadata: {} }],
            { expectedRevision: 'any' },
          );
        }
        return E.right({ add: 1 });
      },
      retries: 1,
    });
    expect(result).toEqual(E.left({ _tag: 'TooBig' }));
  });

  it('runs the commands of this process on one stream one at a time: none loses a race', async () => {
    const store = new InMemoryEventStore();
    let appends = 0;
    const appendToStream = store.appendToStream.bind(store);
    store.appendToStream = async (...args) => {
      const result = await appendToStream(...args);
      if (E.isLeft(result)) throw new Error(`a command lost a race: ${result.left._tag}`);
      appends++;
      return result;
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        runCounter({
          store,
          command: () => E.right({ add: 1 }),
          retries: 0,
        }),
      ),
    );
    expect(results.every(E.isRight)).toBe(true);
    expect(appends).toBe(10);
  });

  it('reports an event it cannot read as a corrupt stream', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('c-1', [{ id: crypto.randomUUID(), type: 'Weird', data: {}, metadata: {} }], {
      expectedRevision: 'any',
    });
    const loaded = await loadStream(store, 'c-1', counter, codec);
    expect(E.isLeft(loaded) && loaded.left._tag).toBe('CorruptStream');
  });
});

describe('runDecider and loadStream with a StreamStateCache', () => {
  const add = (
    store: InMemoryEventStore,
    cache: StreamStateCache,
    by: number,
    command: () => E.Either<Err, Cmd> | Promise<E.Either<Err, Cmd>> = () => E.right({ add: by }),
  ) => runCounter({ store, command, cache });

  /** The store, with each readStream call's options and the number of events it returned recorded. */
  const spied = () => {
    const store = new InMemoryEventStore();
    const reads: { fromRevision: number | undefined; returned: number }[] = [];
    const readStream = store.readStream.bind(store);
    store.readStream = async (name, options) => {
      const result = await readStream(name, options);
      reads.push({
        fromRevision: options?.fromRevision,
        returned: E.isRight(result) ? result.right.length : 0,
      });
      return result;
    };
    return { store, reads };
  };

  it('decides on the remembered state without reading; a load reads only from the last event folded', async () => {
    const { store, reads } = spied();
    const cache = new StreamStateCache(10);
    for (const by of [1, 2, 3]) await add(store, cache, by);
    // Only the first command read (and found no stream); the next two appended at the revision they knew.
    expect(reads).toEqual([{ fromRevision: undefined, returned: 0 }]);
    const loaded = await loadStream(store, 'c-1', counter, codec, cache);
    expect(
      E.isRight(loaded) && [loaded.right.state, loaded.right.revision, loaded.right.events.length],
    ).toEqual([6, 2, 0]);
    expect(reads.at(-1)).toEqual({ fromRevision: 2, returned: 1 });
  });

  it('folds in the events another writer appended after the remembered state (a load, then a command)', async () => {
    const { store, reads } = spied();
    const cache = new StreamStateCache(10);
    await add(store, cache, 2);
    await competingAppend(store, 'c-1');
    const loaded = await loadStream(store, 'c-1', counter, codec, cache);
    expect(E.isRight(loaded) && loaded.right.state).toBe(3);
    expect(reads.at(-1)).toEqual({ fromRevision: 0, returned: 2 });
    await competingAppend(store, 'c-1');
    // The append at the remembered revision loses; that is no lost race: even with no retries, it reads
    // and decides again.
    const result = await runCounter({
      store,
      command: () => E.right({ add: 3 }),
      retries: 0,
      cache,
    });
    expect(E.isRight(result) && [result.right.before, result.right.after]).toEqual([4, 7]);
    expect(reads.at(-1)).toEqual({ fromRevision: undefined, returned: 3 });
    expect(cache.get('c-1', counter)?.revision).toBe(3);
  });

  it('checks a refusal or a no-op decided on the remembered state against the events after it', async () => {
    // Refuses while the counter is odd: another writer's event can turn a refusal into an acceptance.
    const evenOnly: Decider<Cmd, Ev, number, Err> = {
      ...counter,
      decide: (cmd, state) => (state % 2 === 1 ? E.left({ _tag: 'TooBig' }) : counter.decide(cmd, state)),
    };
    const { store, reads } = spied();
    const cache = new StreamStateCache(10);
    const run = (by: number) =>
      runDecider({
        store,
        streamName: 'c-1',
        decider: evenOnly,
        codec,
        command: () => E.right({ add: by }),
        context,
        retries: 0,
        cache,
      });
    await run(1);
    // Still odd: the refusal stands, after one look at the tail.
    expect(await run(2)).toEqual(E.left({ _tag: 'TooBig' }));
    expect(reads.at(-1)).toEqual({ fromRevision: 0, returned: 1 });
    await competingAppend(store, 'c-1');
    const accepted = await run(2);
    expect(E.isRight(accepted) && [accepted.right.before, accepted.right.after]).toEqual([2, 4]);
    expect(reads.at(-1)).toEqual({ fromRevision: 0, returned: 2 });
    // A no-op is checked the same way: it is decided on the state the tail leads to.
    await competingAppend(store, 'c-1');
    await competingAppend(store, 'c-1');
    const noOp = await run(0);
    expect(E.isRight(noOp) && [noOp.right.before, noOp.right.events.length]).toEqual([6, 0]);
    expect(reads.at(-1)).toEqual({ fromRevision: 2, returned: 3 });
  });

  it('forgets the stream on a lost race and decides again on a full read', async () => {
    const { store, reads } = spied();
    const cache = new StreamStateCache(10);
    await add(store, cache, 1);
    const deleted = jest.spyOn(cache, 'delete');
    let calls = 0;
    const result = await add(store, cache, 1, () => {
      // Another writer gets in between our read and our append, once.
      if (++calls === 1) return competingAppend(store, 'c-1').then(() => E.right({ add: 5 }));
      return E.right({ add: 5 });
    });
    expect(deleted).toHaveBeenCalledWith('c-1');
    expect(E.isRight(result) && [result.right.before, result.right.after]).toEqual([2, 7]);
    // The retry read the whole stream again (both earlier events).
    expect(reads.at(-1)).toEqual({ fromRevision: undefined, returned: 2 });
    expect(cache.get('c-1', counter)?.revision).toBe(2);
  });

  it('reads the whole stream again when the cached event is not there any more (another store)', async () => {
    const cache = new StreamStateCache(10);
    await add(new InMemoryEventStore(), cache, 9);
    const { store, reads } = spied();
    await competingAppend(store, 'c-1');
    const loaded = await loadStream(store, 'c-1', counter, codec, cache);
    expect(E.isRight(loaded) && loaded.right.state).toBe(1);
    expect(reads).toEqual([
      { fromRevision: 0, returned: 1 },
      { fromRevision: undefined, returned: 1 },
    ]);
  });

  it('reads whole streams again once evicted', async () => {
    const { store, reads } = spied();
    const cache = new StreamStateCache(1);
    await add(store, cache, 1);
    await runDecider({
      store,
      streamName: 'c-2',
      decider: counter,
      codec,
      command: () => E.right({ add: 1 }),
      context,
      retries: 0,
      cache,
    });
    await add(store, cache, 1);
    expect(reads.at(-1)).toEqual({ fromRevision: undefined, returned: 1 });
  });
});

describe('runDecider on a stream named after a fresh id (newStream)', () => {
  it('decides on the initial state without reading, and reads after losing the no_stream check', async () => {
    const store = new InMemoryEventStore();
    let reads = 0;
    const readStream = store.readStream.bind(store);
    store.readStream = (name, options) => {
      reads++;
      return readStream(name, options);
    };
    const run = () =>
      runCounter({
        store,
        command: () => E.right({ add: 4 }),
        retries: 1,
        newStream: true,
      });
    const first = await run();
    expect(E.isRight(first) && first.right.after).toBe(4);
    expect(reads).toBe(0);
    // The name was not new after all: the append is refused, and the retry decides on what is there.
    const second = await run();
    expect(E.isRight(second) && [second.right.before, second.right.after]).toEqual([4, 8]);
    expect(reads).toBe(1);
  });
});

describe('loadStream with a settled state', () => {
  it('answers a remembered state the caller calls settled without reading, and reads otherwise', async () => {
    const store = new InMemoryEventStore();
    const cache = new StreamStateCache(10);
    await runCounter({
      store,
      command: () => E.right({ add: 9 }),
      retries: 0,
      cache,
    });
    await competingAppend(store, 'c-1');
    let reads = 0;
    const readStream = store.readStream.bind(store);
    store.readStream = (name, options) => {
      reads++;
      return readStream(name, options);
    };
    const settled = await loadStream(store, 'c-1', counter, codec, cache, (n) => n >= 9);
    expect(E.isRight(settled) && settled.right.state).toBe(9);
    expect(reads).toBe(0);
    const read = await loadStream(store, 'c-1', counter, codec, cache, (n) => n >= 100);
    expect(E.isRight(read) && read.right.state).toBe(10);
    expect(reads).toBe(1);
  });
});
