import * as E from 'fp-ts/Either';
import { InMemoryEventStore } from '@upload-sessions/event-store';
import { CountingEventStore } from '@upload-sessions/event-store/testing';
import { appendTogether, prepareCommand } from './append-together';
import { CONFLICT } from './command-runner';
import { competingAppend, counter, counterRequest } from './counter.fixture';
import { StreamStateCache } from './stream-state-cache';

const setUp = () => {
  const memory = new InMemoryEventStore();
  return { memory, store: new CountingEventStore(memory), cache: new StreamStateCache(10) };
};

const prepare = (
  store: CountingEventStore,
  streamName: string,
  add: number,
  options: Parameters<typeof prepareCommand>[1] = {},
) => prepareCommand(counterRequest({ store, streamName, command: () => E.right({ add }) }), options);

/** Starts stream `name` at `add` through the cache. */
const start = async (store: CountingEventStore, cache: StreamStateCache, name: string, add: number) => {
  const written = await appendTogether(store, [
    right(await prepare(store, name, add, { cache, newStream: true })),
  ]);
  if (written === CONFLICT || E.isLeft(written)) throw new Error(`could not start ${name}`);
};

const right = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected success, got ${JSON.stringify(either.left)}`);
  return either.right;
};

describe('prepareCommand and appendTogether', () => {
  it('writes two new streams in one multi-stream append, without reading, and remembers both', async () => {
    const { memory, store, cache } = setUp();
    const a = right(await prepare(store, 'c-a', 1, { cache, newStream: true }));
    const b = right(await prepare(store, 'c-b', 2, { cache, newStream: true }));
    const written = await appendTogether(store, [a, b] as const);
    expect(written !== CONFLICT && E.isRight(written) && written.right.map((d) => d.after)).toEqual([1, 2]);
    expect(store.counts()).toMatchObject({ appendToStreams: 1, appendToStream: 0, readStream: 0 });
    expect(cache.get('c-a', counter)).toMatchObject({ state: 1, revision: 0 });
    expect(right(await memory.readStream('c-b'))).toHaveLength(1);
  });

  it('decides on a remembered state without reading, and a single change is a plain append', async () => {
    const { store, cache } = setUp();
    await start(store, cache, 'c-1', 1);
    store.reset();
    const next = right(await prepare(store, 'c-1', 2, { cache }));
    expect(next.basis).toMatchObject({ state: 1, revision: 0 });
    const written = await appendTogether(store, [next] as const);
    expect(written !== CONFLICT && E.isRight(written) && written.right[0].after).toBe(3);
    expect(store.counts()).toMatchObject({ appendToStream: 1, appendToStreams: 0, readStream: 0 });
  });

  it('checks a refusal decided on a remembered state against the stream before answering it', async () => {
    const { memory, store, cache } = setUp();
    await start(store, cache, 'c-1', 9);
    // Another writer took it down meanwhile: 9 - 5 + 5 is allowed, though the remembered 9 + 5 is not.
    await competingAppend(memory, 'c-1', -5);
    const prepared = await prepare(store, 'c-1', 5, { cache });
    expect(E.isRight(prepared) && prepared.right.basis.state).toBe(4);
  });

  it('writes nothing when one stream moved on, forgets it, and says CONFLICT', async () => {
    const { memory, store, cache } = setUp();
    await start(store, cache, 'c-1', 1);
    const stale = right(await prepare(store, 'c-1', 1, { cache }));
    const fresh = right(await prepare(store, 'c-new', 1, { cache, newStream: true }));
    await competingAppend(memory, 'c-1');
    expect(await appendTogether(store, [fresh, stale] as const)).toBe(CONFLICT);
    expect(E.isLeft(await memory.readStream('c-new'))).toBe(true);
    expect(cache.get('c-1', counter)).toBeUndefined();
  });

  it('answers a refusal as a refusal and makes no call for changes that write nothing', async () => {
    const { store, cache } = setUp();
    expect(await prepare(store, 'c-1', 11, { cache, newStream: true })).toEqual(E.left({ _tag: 'TooBig' }));
    const nothing = right(await prepare(store, 'c-2', 0, { cache, newStream: true }));
    store.reset();
    const written = await appendTogether(store, [nothing] as const);
    expect(written !== CONFLICT && E.isRight(written) && written.right[0].events).toEqual([]);
    expect(store.totals().all).toBe(0);
  });
});
