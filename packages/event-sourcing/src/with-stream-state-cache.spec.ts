import * as E from 'fp-ts/Either';
import { InMemoryEventStore } from '@upload-sessions/event-store';
import { runCommand } from './command-runner';
import {
  codec,
  competingAppend,
  counter,
  counterRequest,
  spiedReads,
  type Cmd,
  type CounterRequest,
  type Err,
  type Ev,
} from './counter.fixture';
import type { Decider } from './decider';
import { assumingNewStream } from './assuming-new-stream';
import { StreamStateCache } from './stream-state-cache';
import { loadCached, withStreamStateCache } from './with-stream-state-cache';

const run = (cache: StreamStateCache, request: CounterRequest) =>
  withStreamStateCache(cache)(runCommand)(request);

describe('withStreamStateCache and loadCached', () => {
  const add = (
    store: InMemoryEventStore,
    cache: StreamStateCache,
    by: number,
    command: () => E.Either<Err, Cmd> | Promise<E.Either<Err, Cmd>> = () => E.right({ add: by }),
  ) => run(cache, counterRequest({ store, command }));

  const spied = () => {
    const store = new InMemoryEventStore();
    return { store, reads: spiedReads(store) };
  };

  it('decides on the remembered state without reading; a load reads only from the last event folded', async () => {
    const { store, reads } = spied();
    const cache = new StreamStateCache(10);
    for (const by of [1, 2, 3]) await add(store, cache, by);
    // Only the first command read (and found no stream); the next two appended at the revision they knew.
    expect(reads).toEqual([{ fromRevision: undefined, returned: 0 }]);
    const loaded = await loadCached(store, 'c-1', counter, codec, cache);
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
    const loaded = await loadCached(store, 'c-1', counter, codec, cache);
    expect(E.isRight(loaded) && loaded.right.state).toBe(3);
    expect(reads.at(-1)).toEqual({ fromRevision: 0, returned: 2 });
    await competingAppend(store, 'c-1');
    // The append at the remembered revision loses; that is no lost race: even with no retries, it reads
    // and decides again.
    const result = await run(
      cache,
      counterRequest({ store, command: () => E.right({ add: 3 }), retries: 0 }),
    );
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
    const runEven = (by: number) =>
      run(
        cache,
        counterRequest({ store, decider: evenOnly, command: () => E.right({ add: by }), retries: 0 }),
      );
    await runEven(1);
    // Still odd: the refusal stands, after one look at the tail.
    expect(await runEven(2)).toEqual(E.left({ _tag: 'TooBig' }));
    expect(reads.at(-1)).toEqual({ fromRevision: 0, returned: 1 });
    await competingAppend(store, 'c-1');
    const accepted = await runEven(2);
    expect(E.isRight(accepted) && [accepted.right.before, accepted.right.after]).toEqual([2, 4]);
    expect(reads.at(-1)).toEqual({ fromRevision: 0, returned: 2 });
    // A no-op is checked the same way: it is decided on the state the tail leads to.
    await competingAppend(store, 'c-1');
    await competingAppend(store, 'c-1');
    const noOp = await runEven(0);
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
    const loaded = await loadCached(store, 'c-1', counter, codec, cache);
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
    await run(
      cache,
      counterRequest({ store, streamName: 'c-2', command: () => E.right({ add: 1 }), retries: 0 }),
    );
    await add(store, cache, 1);
    expect(reads.at(-1)).toEqual({ fromRevision: undefined, returned: 1 });
  });

  it('remembers what a fresh stream (assumingNewStream inside it) appended', async () => {
    const { store, reads } = spied();
    const cache = new StreamStateCache(10);
    const result = await withStreamStateCache(cache)(assumingNewStream(runCommand))(
      counterRequest({ store, command: () => E.right({ add: 4 }) }),
    );
    expect(E.isRight(result) && result.right.after).toBe(4);
    expect(reads).toHaveLength(0);
    expect(cache.get('c-1', counter)?.state).toBe(4);
  });

  it('answers a remembered state the caller calls settled without reading, and reads otherwise', async () => {
    const store = new InMemoryEventStore();
    const cache = new StreamStateCache(10);
    await run(cache, counterRequest({ store, command: () => E.right({ add: 9 }), retries: 0 }));
    await competingAppend(store, 'c-1');
    const reads = spiedReads(store);
    const settled = await loadCached(store, 'c-1', counter, codec, cache, (n) => n >= 9);
    expect(E.isRight(settled) && settled.right.state).toBe(9);
    expect(reads).toHaveLength(0);
    const read = await loadCached(store, 'c-1', counter, codec, cache, (n) => n >= 100);
    expect(E.isRight(read) && read.right.state).toBe(10);
    expect(reads).toHaveLength(1);
  });
});
