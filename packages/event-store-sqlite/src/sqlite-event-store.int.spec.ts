import {
  InMemoryEventStore,
  type EventStore,
  type ExpectedRevision,
  type GlobalFilter,
  type GlobalPosition,
  type NewEvent,
} from '@upload-sessions/event-store';
import { runEventStoreContract } from '@upload-sessions/event-store/testing';
import { isRight, type Either } from 'fp-ts/Either';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';

const tempDirs: string[] = [];
const tempDbPath = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'sqlite-event-store-'));
  tempDirs.push(dir);
  return join(dir, 'events.db');
};
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const openStore = async (options: Omit<SqliteEventStoreOptions, 'path'> & { path?: string } = {}) => {
  const opened = await SqliteEventStore.open({ path: options.path ?? (await tempDbPath()), ...options });
  if (!isRight(opened)) throw new Error(`open failed: ${opened.left.message}`);
  return opened.right;
};

const unwrap = <E, A>(result: Either<E, A>): A => {
  if (!isRight(result)) throw new Error(`Expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

for (const groupCommit of [true, false]) {
  runEventStoreContract(`SqliteEventStore (groupCommit: ${groupCommit})`, async () => {
    const store = await openStore({ groupCommit });
    return { store, teardown: () => store.close() };
  });
}

describe('SqliteEventStore', () => {
  it('creates a WAL database with the versioned schema and full sync', async () => {
    const path = await tempDbPath();
    const store = await openStore({ path });
    expect(unwrap(await store.headPosition())).toBeUndefined();
    const probe = new DatabaseSync(path);
    expect(probe.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(probe.prepare('PRAGMA user_version').get()).toEqual({ user_version: 1 });
    probe.close();
    await store.close();
  });

  it('keeps events across close and reopen', async () => {
    const path = await tempDbPath();
    const first = await openStore({ path });
    const event: NewEvent = { id: randomUUID(), type: 'Kept', data: { a: 'ä' }, metadata: { m: [1] } };
    const appended = unwrap(await first.appendToStream('kept', [event], { expectedRevision: 'no_stream' }));
    await first.close();

    const second = await openStore({ path });
    const [read] = unwrap(await second.readStream('kept'));
    expect(read).toMatchObject({ ...event, revision: 0, position: appended.position, streamName: 'kept' });
    expect(
      unwrap(await second.appendToStream('kept', [{ ...event, id: randomUUID() }], { expectedRevision: 0 })),
    ).toMatchObject({ nextExpectedRevision: 1 });
    await second.close();
  });

  it('refuses a file whose schema is newer than it knows', async () => {
    const path = await tempDbPath();
    const db = new DatabaseSync(path);
    db.exec('PRAGMA user_version = 99');
    db.close();
    const opened = await SqliteEventStore.open({ path });
    expect(opened).toMatchObject({ _tag: 'Left', left: { _tag: 'StoreUnavailable' } });
  });

  it('reports an unopenable path as StoreUnavailable, not an exception', async () => {
    const opened = await SqliteEventStore.open({ path: join(await tempDbPath(), 'no', 'such', 'dir.db') });
    expect(opened).toMatchObject({ _tag: 'Left', left: { _tag: 'StoreUnavailable' } });
  });

  it('reports a database locked by another process as StoreUnavailable', async () => {
    const path = await tempDbPath();
    const store = await openStore({ path, busyTimeoutMs: 100 });
    const other = new DatabaseSync(path);
    other.exec('PRAGMA busy_timeout = 0');
    other.exec('BEGIN EXCLUSIVE');
    try {
      const result = await store.appendToStream(
        'locked',
        [{ id: randomUUID(), type: 'T', data: {}, metadata: {} }],
        {
          expectedRevision: 'any',
        },
      );
      expect(result).toMatchObject({ _tag: 'Left', left: { _tag: 'StoreUnavailable' } });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // The store recovers once the lock is gone.
    expect(
      isRight(
        await store.appendToStream('locked', [{ id: randomUUID(), type: 'T', data: {}, metadata: {} }], {
          expectedRevision: 'any',
        }),
      ),
    ).toBe(true);
    await store.close();
  });

  it.each([true, false])(
    'yields to timers while a caller appends in a tight loop (groupCommit: %s)',
    async (groupCommit) => {
      const store = await openStore({ groupCommit });
      let timerFired = false;
      setTimeout(() => (timerFired = true), 50);
      let revision = -1;
      // Bounded, so that a starved timer fails the test instead of hanging it.
      for (let i = 0; i < 20_000 && !timerFired; i += 1) {
        const event = { id: randomUUID(), type: 'Looped', data: {}, metadata: {} };
        const expectedRevision = revision === -1 ? 'no_stream' : revision;
        revision = unwrap(
          await store.appendToStream('loop', [event], { expectedRevision }),
        ).nextExpectedRevision;
      }
      expect(timerFired).toBe(true);
      await store.close();
    },
    60_000,
  );

  it('answers StoreUnavailable once closed, and commits appends accepted before close', async () => {
    const store = await openStore();
    const pending = store.appendToStream(
      'closing',
      [{ id: randomUUID(), type: 'T', data: {}, metadata: {} }],
      {
        expectedRevision: 'no_stream',
      },
    );
    await store.close();
    expect(isRight(await pending)).toBe(true);
    expect(await store.readStream('closing')).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'StoreUnavailable' },
    });
  });

  it('lets a waiting subscription see appends made through another connection, as by another process', async () => {
    const path = await tempDbPath();
    const store = await openStore({ path, externalChangePollMs: 50 });
    const other = await openStore({ path, externalChangePollMs: 0 });
    const subscription = store.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ kind: 'caught-up', position: undefined });
    const waiting = iterator.next();
    await delay(200); // the subscription is asleep now; only the data_version check can wake it
    const id = randomUUID();
    unwrap(
      await other.appendToStream('elsewhere', [{ id, type: 'T', data: {}, metadata: {} }], {
        expectedRevision: 'any',
      }),
    );
    const next = await waiting;
    expect(next.value).toMatchObject({ kind: 'event', event: { id, streamName: 'elsewhere' } });
    await subscription.close();
    await other.close();
    await store.close();
  });

  it("judges expected revisions against another connection's appends to the same stream", async () => {
    // The writer remembers stream heads between batches; another writer's commit must invalidate them.
    const path = await tempDbPath();
    const store = await openStore({ path, externalChangePollMs: 0 });
    const other = await openStore({ path, externalChangePollMs: 0 });
    const event = (): NewEvent => ({ id: randomUUID(), type: 'T', data: {}, metadata: {} });
    unwrap(await store.appendToStream('shared', [event()], { expectedRevision: 'no_stream' }));
    unwrap(await other.appendToStream('shared', [event()], { expectedRevision: 0 }));
    const stale = await store.appendToStream('shared', [event()], { expectedRevision: 0 });
    expect(stale).toMatchObject({ _tag: 'Left', left: { _tag: 'WrongExpectedRevision', actual: 1 } });
    const fresh = unwrap(await store.appendToStream('shared', [event()], { expectedRevision: 1 }));
    expect(fresh.nextExpectedRevision).toBe(2);
    unwrap(await other.appendToStream('shared', [event()], { expectedRevision: 2 }));
    expect(unwrap(await store.readStream('shared')).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    await other.close();
    await store.close();
  });
});

/** A mixed workload whose outcome depends on the order appends are judged in. */
const mixedWorkload = (): Array<{ stream: string; events: NewEvent[]; expected: ExpectedRevision }> => {
  const event = (type: string): NewEvent => ({ id: randomUUID(), type, data: { type }, metadata: {} });
  const shared = Array.from({ length: 10 }, () => event('Shared'));
  const workload: Array<{ stream: string; events: NewEvent[]; expected: ExpectedRevision }> = [];
  for (let i = 0; i < 200; i += 1) {
    const stream = `mixed-${i % 20}`;
    switch (i % 8) {
      case 0: // creating the stream: only the first per stream wins
        workload.push({ stream, events: [event('Created')], expected: 'no_stream' });
        break;
      case 1: // exact revision that earlier appends of the same batch may have moved on
        workload.push({ stream, events: [event('Exact')], expected: Math.floor(i / 20) % 3 });
        break;
      case 2:
        workload.push({ stream, events: [event('Any'), event('Any')], expected: 'any' });
        break;
      case 3:
        workload.push({ stream, events: [event('Exists')], expected: 'stream_exists' });
        break;
      case 4: {
        // a retry of the previous append to this stream, in the same batch
        const previous = [...workload].reverse().find((w) => w.stream === stream);
        workload.push(previous ? { ...previous } : { stream, events: [event('Any')], expected: 'any' });
        break;
      }
      case 5: // an event id already used by another stream: must fail alone
        workload.push({ stream, events: [shared[i % 10]!], expected: 'any' });
        break;
      case 6: // a duplicate id inside one append
        {
          const e = event('Twice');
          workload.push({ stream, events: [e, e], expected: 'any' });
        }
        break;
      default:
        workload.push({ stream: `${stream}-new-${i}`, events: [event('Fresh')], expected: 'no_stream' });
    }
  }
  return workload;
};

const snapshot = async (store: EventStore) =>
  unwrap(await store.readAll()).events.map(({ recordedAt: _recordedAt, ...rest }) => rest);

describe('SqliteEventStore group commit', () => {
  it('judges 200 concurrent appends one by one, exactly as sequential appends would be, in one transaction', async () => {
    const workload = mixedWorkload();
    const reference = new InMemoryEventStore();
    const expected = [];
    for (const w of workload)
      expected.push(await reference.appendToStream(w.stream, w.events, { expectedRevision: w.expected }));

    const store = await openStore({ groupCommit: true });
    const before = store.transactionCount;
    const actual = await Promise.all(
      workload.map((w) => store.appendToStream(w.stream, w.events, { expectedRevision: w.expected })),
    );
    expect(store.transactionCount - before).toBe(1);
    expect(actual).toEqual(expected);
    const failures = actual.filter((r) => r._tag === 'Left').length;
    // The workload is meant to exercise both outcomes substantially.
    expect(failures).toBeGreaterThan(50);
    expect(actual.length - failures).toBeGreaterThan(50);
    expect(await snapshot(store)).toEqual(await snapshot(reference));
    await store.close();
  }, 30_000);

  it('gives the same results with group commit off, one transaction per append', async () => {
    const workload = mixedWorkload();
    const grouped = await openStore({ groupCommit: true });
    const single = await openStore({ groupCommit: false });
    const run = (store: SqliteEventStore) =>
      Promise.all(
        workload.map((w) => store.appendToStream(w.stream, w.events, { expectedRevision: w.expected })),
      );
    const before = single.transactionCount;
    expect(await run(single)).toEqual(await run(grouped));
    expect(single.transactionCount - before).toBe(workload.length);
    expect(await snapshot(single)).toEqual(await snapshot(grouped));
    await grouped.close();
    await single.close();
  }, 30_000);
});

describe('SqliteEventStore pages from the rows it committed last', () => {
  const pages = async (store: EventStore, after: GlobalPosition | undefined) => {
    const shapes: Array<{ maxCount?: number; filter?: GlobalFilter }> = [
      {},
      { maxCount: 1 },
      { maxCount: 7 },
      { filter: { streamPrefixes: ['mixed-1'] } },
      { filter: { eventTypes: ['Any', 'Fresh'] }, maxCount: 5 },
      { filter: { streamPrefixes: ['mixed-3', 'multi-'], eventTypes: ['Multi', 'Exact'] } },
      { filter: { streamPrefixes: [], eventTypes: [] }, maxCount: 0 },
      { filter: { streamPrefixes: ['nothing-'] } },
    ];
    const read = [];
    for (const shape of shapes) read.push(unwrap(await store.readAll({ after, ...shape })));
    return read;
  };

  it('answers every page right behind the head exactly as the file does: refusals, retries and multi-stream appends left out', async () => {
    const path = await tempDbPath();
    const store = await openStore({ path, externalChangePollMs: 0 });
    const multi = (i: number, twice: boolean) => {
      const e = (): NewEvent => ({ id: randomUUID(), type: 'Multi', data: { i }, metadata: {} });
      // The second part of every other one is refused (its stream exists), which takes the first back.
      return store.appendToStreams([
        { streamName: `multi-a-${i}`, events: [e(), e()], expectedRevision: 'no_stream' },
        { streamName: twice ? 'multi-b-0' : `multi-b-${i}`, events: [e()], expectedRevision: 'no_stream' },
      ]);
    };
    const workload = mixedWorkload();
    const outcomes = await Promise.all([
      ...workload.map((w) => store.appendToStream(w.stream, w.events, { expectedRevision: w.expected })),
      ...Array.from({ length: 10 }, (_, i) => multi(i, i % 2 === 1)),
    ]);
    expect(outcomes.filter((o) => o._tag === 'Left').length).toBeGreaterThan(50);
    const fromFile = await openStore({ path, externalChangePollMs: 0 });
    const all = unwrap(await fromFile.readAll()).events;
    // The five with fresh streams only: three events each.
    expect(all.filter((e) => e.type === 'Multi')).toHaveLength(15);
    const before = store.pagesFromMemory;
    for (const after of [
      undefined,
      all[0]?.position,
      all[40]?.position,
      all.at(-2)?.position,
      all.at(-1)?.position,
    ])
      expect(await pages(store, after)).toEqual(await pages(fromFile, after));
    expect(store.pagesFromMemory - before).toBe(5 * 8);
    expect(fromFile.pagesFromMemory).toBe(0);
    await fromFile.close();
    await store.close();
  }, 30_000);

  it("reads from the file once another process committed after it, and across the gap another process's rows left", async () => {
    const path = await tempDbPath();
    const store = await openStore({ path, externalChangePollMs: 0 });
    const other = await openStore({ path, externalChangePollMs: 0 });
    const append = async (into: SqliteEventStore, type: string) =>
      unwrap(
        await into.appendToStream(`s-${type}`, [{ id: randomUUID(), type, data: {}, metadata: {} }], {
          expectedRevision: 'any',
        }),
      ).position;
    const ours = await append(store, 'Ours');
    await append(other, 'Theirs');
    const types = async (after: GlobalPosition) =>
      unwrap(await store.readAll({ after })).events.map((e) => e.type);
    expect(await types(ours)).toEqual(['Theirs']);
    const later = await append(store, 'OursAgain');
    expect(await types(ours)).toEqual(['Theirs', 'OursAgain']);
    const before = store.pagesFromMemory;
    expect(await types(later)).toEqual([]);
    expect(store.pagesFromMemory - before).toBe(1);
    await other.close();
    await store.close();
  });
});
