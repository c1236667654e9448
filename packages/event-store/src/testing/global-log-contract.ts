/// <reference types="jest" />
import type { EventStore, RecordedEvent } from '../event-store';
import type { GlobalPosition } from '../global-position';
import { expectStrictlyIncreasing, newEvent, unique, unwrap } from './contract-fixtures';

/** Appends `count` events round-robin over the streams, one append each, and returns them in append order. */
const appendRoundRobin = async (
  store: EventStore,
  streams: readonly string[],
  count: number,
  type?: string,
) => {
  const appended: Array<{ id: string; stream: string; position: GlobalPosition }> = [];
  for (let i = 0; i < count; i += 1) {
    const stream = streams[i % streams.length] as string;
    const event = newEvent(type, { i });
    const result = unwrap(await store.appendToStream(stream, [event], { expectedRevision: 'any' }));
    appended.push({ id: event.id, stream, position: result.position });
  }
  return appended;
};

/** The global log: order across streams, readAll with filters and paging, and the head position. */
export const globalLogContract = (store: () => EventStore, timeoutMs: number): void => {
  describe('the global log', () => {
    it(
      'gives strictly increasing positions across streams and readAll returns append order',
      async () => {
        const prefix = unique('order');
        const before = unwrap(await store().headPosition());
        const appended = await appendRoundRobin(store(), [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`], 9);
        expectStrictlyIncreasing(appended.map((a) => a.position));
        if (before !== undefined) expect(appended[0]!.position > before).toBe(true);

        const all = unwrap(await store().readAll({ after: before, filter: { streamPrefixes: [prefix] } }));
        expect(all.events.map((e) => [e.id, e.streamName, e.position])).toEqual(
          appended.map((a) => [a.id, a.stream, a.position]),
        );
        expect(all.isEnd).toBe(true);
      },
      timeoutMs,
    );

    it(
      'filters readAll by stream prefix, by event type, and by both',
      async () => {
        const prefix = unique('filter');
        const other = unique('filter-other');
        const typeA = `${prefix}-TypeA`;
        const typeB = `${prefix}-TypeB`;
        const before = unwrap(await store().headPosition());
        const inPrefixA = await appendRoundRobin(store(), [`${prefix}-x`], 2, typeA);
        const otherA = await appendRoundRobin(store(), [`${other}-x`], 2, typeA);
        const inPrefixB = await appendRoundRobin(store(), [`${prefix}-y`], 2, typeB);

        const ids = async (filter: { streamPrefixes?: string[]; eventTypes?: string[] }) =>
          unwrap(await store().readAll({ after: before, filter })).events.map((e) => e.id);
        expect(await ids({ streamPrefixes: [prefix] })).toEqual(
          [...inPrefixA, ...inPrefixB].map((a) => a.id),
        );
        expect(await ids({ streamPrefixes: [other, `${prefix}-y`] })).toEqual(
          [...otherA, ...inPrefixB].map((a) => a.id),
        );
        expect(await ids({ eventTypes: [typeA] })).toEqual([...inPrefixA, ...otherA].map((a) => a.id));
        expect(await ids({ eventTypes: [typeB, typeA] })).toEqual(
          [...inPrefixA, ...otherA, ...inPrefixB].map((a) => a.id),
        );
        expect(await ids({ streamPrefixes: [prefix], eventTypes: [typeA] })).toEqual(
          inPrefixA.map((a) => a.id),
        );
      },
      timeoutMs,
    );

    it(
      'pages through readAll with after and maxCount',
      async () => {
        const prefix = unique('paging');
        const before = unwrap(await store().headPosition());
        const appended = await appendRoundRobin(store(), [`${prefix}-a`, `${prefix}-b`], 7);

        const pages: Array<{ ids: string[]; isEnd: boolean }> = [];
        let after = before;
        for (let guard = 0; guard < 10; guard += 1) {
          const page = unwrap(
            await store().readAll({ after, maxCount: 3, filter: { streamPrefixes: [prefix] } }),
          );
          pages.push({ ids: page.events.map((e) => e.id), isEnd: page.isEnd });
          after = page.events.at(-1)?.position ?? after;
          if (page.isEnd) break;
        }
        expect(pages.map((p) => [p.ids.length, p.isEnd])).toEqual([
          [3, false],
          [3, false],
          [1, true],
        ]);
        expect(pages.flatMap((p) => p.ids)).toEqual(appended.map((a) => a.id));
      },
      timeoutMs,
    );

    it(
      'reports the head position of the log',
      async () => {
        const before = unwrap(await store().headPosition());
        const result = unwrap(
          await store().appendToStream(unique('head'), [newEvent()], { expectedRevision: 'no_stream' }),
        );
        const after = unwrap(await store().headPosition());
        expect(after).toBeDefined();
        // Other writers may share the server, so the head is at least our event, not exactly it.
        expect(after! >= result.position).toBe(true);
        if (before !== undefined) expect(after! > before).toBe(true);
      },
      timeoutMs,
    );
  });

  describe('payloads and volume', () => {
    it(
      'round-trips data and metadata as JSON: unicode, nesting, numbers, booleans, null',
      async () => {
        const stream = unique('json');
        const data = {
          text: 'Grüße, 世界, emoji 🚀, quotes "\' and \\ backslash, newline\n, tab\t, nul-free',
          nested: { list: [1, 2.5, -3, 1e21, { deep: [true, false, null] }], empty: {}, none: [] },
          big: Number.MAX_SAFE_INTEGER,
        };
        const metadata = {
          correlationId: 'c-1',
          causation: { by: 'ünïcödé', at: ['2024-01-01T00:00:00.000Z'] },
        };
        const event = newEvent('Payload', data, metadata);
        unwrap(await store().appendToStream(stream, [event], { expectedRevision: 'no_stream' }));
        const [read] = unwrap(await store().readStream(stream));
        expect(read?.data).toEqual(data);
        expect(read?.metadata).toEqual(metadata);

        const [viaAll] = unwrap(
          await store().readAll({ filter: { streamPrefixes: [stream] }, maxCount: 1 }),
        ).events;
        expect(viaAll?.data).toEqual(data);
      },
      timeoutMs,
    );

    it(
      'stores a 1 MiB event',
      async () => {
        const stream = unique('large');
        const blob = 'é0123456789abcdef'.repeat(64 * 1024).slice(0, 1024 * 1024);
        const event = newEvent('Large', { blob });
        unwrap(await store().appendToStream(stream, [event], { expectedRevision: 'no_stream' }));
        const [read] = unwrap(await store().readStream(stream));
        expect(read?.data['blob']).toHaveLength(1024 * 1024);
        expect(read?.data['blob'] === blob).toBe(true);
      },
      timeoutMs,
    );

    it(
      'keeps 500 streams apart',
      async () => {
        const prefix = unique('many');
        const before = unwrap(await store().headPosition());
        const streams = Array.from({ length: 500 }, (_, i) => `${prefix}-${i}`);
        const written = new Map<string, string[]>();
        for (let chunk = 0; chunk < streams.length; chunk += 50) {
          await Promise.all(
            streams.slice(chunk, chunk + 50).map(async (stream, i) => {
              const events = [
                newEvent('Many', { stream }),
                ...(i % 2 === 0 ? [newEvent('Many', { stream })] : []),
              ];
              unwrap(await store().appendToStream(stream, events, { expectedRevision: 'no_stream' }));
              written.set(
                stream,
                events.map((e) => e.id),
              );
            }),
          );
        }
        for (const stream of streams) {
          const read = unwrap(await store().readStream(stream));
          expect(read.map((e) => e.id)).toEqual(written.get(stream));
          expect(read.map((e) => e.revision)).toEqual(read.map((_, i) => i));
        }
        const all: RecordedEvent[] = [];
        let after = before;
        for (;;) {
          const page = unwrap(
            await store().readAll({ after, maxCount: 200, filter: { streamPrefixes: [prefix] } }),
          );
          all.push(...page.events);
          after = page.events.at(-1)?.position ?? after;
          if (page.isEnd) break;
        }
        expect(all).toHaveLength(750);
        expectStrictlyIncreasing(all.map((e) => e.position));
      },
      timeoutMs * 4,
    );
  });
};
