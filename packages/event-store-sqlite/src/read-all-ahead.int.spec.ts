import { isLeft, isRight, type Either } from 'fp-ts/Either';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadAllResult, RecordedEvent } from '@upload-sessions/event-store';
import { readAllAhead, type PageReader } from './read-all-ahead';
import { SqliteEventStore } from './sqlite-event-store';

let dir: string;
let path: string;
let store: SqliteEventStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'read-all-ahead-'));
  path = join(dir, 'events.db');
  const opened = await SqliteEventStore.open({ path, externalChangePollMs: 0 });
  if (!isRight(opened)) throw new Error(opened.left.message);
  store = opened.right;
  // 25 sessions of 4 events and 10 events of another category, interleaved.
  for (let s = 0; s < 25; s++) {
    const appended = await store.appendToStream(
      `upload-session-${s}`,
      Array.from({ length: 4 }, (_, i) => ({
        id: `00000000-0000-4000-8000-${String(s * 10 + i).padStart(12, '0')}`,
        type: i === 0 ? 'Started' : 'Progressed',
        data: { session: s, step: i, nested: { list: [1, 'two', null] } },
        metadata: { correlationId: `c-${s}` },
      })),
      { expectedRevision: 'no_stream' },
    );
    if (isLeft(appended)) throw new Error(JSON.stringify(appended.left));
    if (s % 3 === 0)
      await store.appendToStream(
        `other-${s}`,
        [
          {
            id: `00000000-0000-4000-9000-${String(s).padStart(12, '0')}`,
            type: 'Other',
            data: {},
            metadata: {},
          },
        ],
        { expectedRevision: 'any' },
      );
  }
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const unwrap = <A>(result: Either<unknown, A>): A => {
  if (!isRight(result)) throw new Error(`Expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const drain = async (reader: PageReader): Promise<{ pages: ReadAllResult[]; events: RecordedEvent[] }> => {
  const pages: ReadAllResult[] = [];
  try {
    for (;;) {
      const page = unwrap(await reader.next());
      pages.push(page);
      if (page.isEnd) break;
    }
  } finally {
    await reader.close();
  }
  return { pages, events: pages.flatMap((p) => p.events) };
};

const viaStore = async (
  maxCount: number,
  filter?: { streamPrefixes: string[] },
): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (let after: RecordedEvent['position'] | undefined; ;) {
    const page = unwrap(
      await store.readAll({ ...(after ? { after } : {}), maxCount, ...(filter ? { filter } : {}) }),
    );
    events.push(...page.events);
    if (page.isEnd) return events;
    after = page.events[page.events.length - 1]?.position;
  }
};

describe('readAllAhead (the SQLite log read on a worker thread)', () => {
  it('returns the pages readAll returns, in order, with the same events', async () => {
    const { pages, events } = await drain(readAllAhead(path, { maxCount: 7, pagesAhead: 2 }));
    expect(events).toEqual(await viaStore(7));
    expect(events).toHaveLength(25 * 4 + 9);
    expect(pages.slice(0, -1).every((p) => p.events.length === 7 && !p.isEnd)).toBe(true);
    expect(pages.at(-1)?.isEnd).toBe(true);
  });

  it('applies the filter and starts after the given position', async () => {
    const filter = { streamPrefixes: ['upload-session-'] };
    const all = await viaStore(10, filter);
    const after = all[41]?.position;
    const { events } = await drain(readAllAhead(path, { maxCount: 10, filter, ...(after ? { after } : {}) }));
    expect(events).toEqual(all.slice(42));
    expect(events.every((e) => e.streamName.startsWith('upload-session-'))).toBe(true);
  });

  it('can be closed before the end, and refuses a position that is not one', async () => {
    const reader = readAllAhead(path, { maxCount: 5 });
    expect(unwrap(await reader.next()).events).toHaveLength(5);
    await reader.close();
    const refused = await readAllAhead(path, { maxCount: 5, after: 'nope' as never }).next();
    expect(isLeft(refused) && refused.left.message).toMatch(/Not a global position/);
  });

  it('reports a file it cannot open as the store being unavailable', async () => {
    const page = await readAllAhead(join(dir, 'missing', 'events.db'), { maxCount: 5 }).next();
    expect(isLeft(page) && page.left._tag).toBe('StoreUnavailable');
  });
});
