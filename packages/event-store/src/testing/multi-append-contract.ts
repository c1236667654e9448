/// <reference types="jest" />
import type { EventStore } from '../event-store';
import { expectStrictlyIncreasing, newEvent, unique, unwrap, unwrapLeft } from './contract-fixtures';

/** appendToStreams: several streams in one call, each with its own expected revision, all or nothing. */
export const multiAppendContract = (store: () => EventStore, timeoutMs: number, atomic: boolean): void => {
  describe('appending to several streams at once', () => {
    it(
      'writes every part at its own expected revision, in the order given',
      async () => {
        const a = unique('multi-a');
        const b = unique('multi-b');
        unwrap(await store().appendToStream(b, [newEvent()], { expectedRevision: 'no_stream' }));
        const first = [newEvent('A1'), newEvent('A2')];
        const second = [newEvent('B1')];
        const results = unwrap(
          await store().appendToStreams([
            { streamName: a, events: first, expectedRevision: 'no_stream' },
            { streamName: b, events: second, expectedRevision: 0 },
          ]),
        );
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([1, 1]);
        const readA = unwrap(await store().readStream(a));
        const readB = unwrap(await store().readStream(b));
        expect(readA.map((e) => e.id)).toEqual(first.map((e) => e.id));
        expect(readB.map((e) => e.id).slice(1)).toEqual(second.map((e) => e.id));
        expect(results[0]?.position).toBe(readA[1]?.position);
        expect(results[1]?.position).toBe(readB[1]?.position);
        expectStrictlyIncreasing([...readA.map((e) => e.position), readB[1]?.position ?? '']);
      },
      timeoutMs,
    );

    it(
      atomic
        ? 'writes nothing when one part’s expected revision does not hold, and names that stream'
        : 'names the stream whose expected revision does not hold',
      async () => {
        const a = unique('multi-none-a');
        const b = unique('multi-none-b');
        unwrap(await store().appendToStream(b, [newEvent()], { expectedRevision: 'no_stream' }));
        const error = unwrapLeft(
          await store().appendToStreams([
            { streamName: a, events: [newEvent()], expectedRevision: 'no_stream' },
            { streamName: b, events: [newEvent()], expectedRevision: 'no_stream' },
          ]),
        );
        expect(error).toEqual({
          _tag: 'WrongExpectedRevision',
          streamName: b,
          expected: 'no_stream',
          actual: 0,
        });
        if (atomic) expect(unwrapLeft(await store().readStream(a))._tag).toBe('StreamNotFound');
        expect(unwrap(await store().readStream(b))).toHaveLength(1);
      },
      timeoutMs,
    );

    it(
      'lets exactly one of two racing multi-stream appends on a shared stream win',
      async () => {
        const shared = unique('multi-race');
        const racers = await Promise.all(
          [0, 1].map(() =>
            store().appendToStreams([
              { streamName: shared, events: [newEvent()], expectedRevision: 'no_stream' },
              { streamName: unique('multi-race-own'), events: [newEvent()], expectedRevision: 'no_stream' },
            ]),
          ),
        );
        expect(racers.filter((r) => r._tag === 'Right')).toHaveLength(1);
        expect(unwrap(await store().readStream(shared))).toHaveLength(1);
      },
      timeoutMs,
    );

    it(
      'answers a retry of the same parts with the same results',
      async () => {
        const appends = [
          {
            streamName: unique('multi-retry-a'),
            events: [newEvent()],
            expectedRevision: 'no_stream' as const,
          },
          {
            streamName: unique('multi-retry-b'),
            events: [newEvent()],
            expectedRevision: 'no_stream' as const,
          },
        ];
        const once = unwrap(await store().appendToStreams(appends));
        const again = unwrap(await store().appendToStreams(appends));
        expect(again.map((r) => r.nextExpectedRevision)).toEqual(once.map((r) => r.nextExpectedRevision));
        for (const append of appends)
          expect(unwrap(await store().readStream(append.streamName))).toHaveLength(1);
      },
      timeoutMs,
    );
  });
};
