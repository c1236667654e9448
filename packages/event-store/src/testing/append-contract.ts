/// <reference types="jest" />
import type { EventStore } from '../event-store';
import {
  expectStrictlyIncreasing,
  newEvent,
  newEvents,
  unique,
  unwrap,
  unwrapLeft,
} from './contract-fixtures';

/** Appending, reading one stream, expected revisions, idempotent retries and concurrent writers. */
export const appendContract = (store: () => EventStore, timeoutMs: number): void => {
  describe('appending and reading a stream', () => {
    it(
      'appends to a new stream and reads the events back in order',
      async () => {
        const stream = unique('append');
        const events = [newEvent('Opened', { a: 1 }), newEvent('Changed', { b: 2 }), newEvent('Closed')];
        const result = unwrap(
          await store().appendToStream(stream, events, { expectedRevision: 'no_stream' }),
        );
        expect(result.nextExpectedRevision).toBe(2);

        const read = unwrap(await store().readStream(stream));
        expect(read.map((e) => [e.id, e.type, e.revision, e.streamName])).toEqual(
          events.map((e, i) => [e.id, e.type, i, stream]),
        );
        expect(read.map((e) => e.data)).toEqual(events.map((e) => e.data));
        expectStrictlyIncreasing(read.map((e) => e.position));
        expect(read[2]?.position).toBe(result.position);
        for (const e of read) expect(Number.isNaN(Date.parse(e.recordedAt))).toBe(false);
      },
      timeoutMs,
    );

    it(
      'reads backwards, from a revision, and at most maxCount events',
      async () => {
        const stream = unique('read');
        unwrap(await store().appendToStream(stream, newEvents(5), { expectedRevision: 'no_stream' }));
        const revisions = async (options: Parameters<EventStore['readStream']>[1]): Promise<number[]> =>
          unwrap(await store().readStream(stream, options)).map((e) => e.revision);

        expect(await revisions({ direction: 'backwards' })).toEqual([4, 3, 2, 1, 0]);
        expect(await revisions({ fromRevision: 2 })).toEqual([2, 3, 4]);
        expect(await revisions({ fromRevision: 1, maxCount: 2 })).toEqual([1, 2]);
        expect(await revisions({ direction: 'backwards', fromRevision: 3, maxCount: 2 })).toEqual([3, 2]);
        expect(await revisions({ direction: 'backwards', maxCount: 1 })).toEqual([4]);
        expect(await revisions({ fromRevision: 5 })).toEqual([]);
      },
      timeoutMs,
    );

    it(
      'reports a missing stream as StreamNotFound',
      async () => {
        const stream = unique('missing');
        expect(unwrapLeft(await store().readStream(stream))).toEqual({
          _tag: 'StreamNotFound',
          streamName: stream,
        });
        expect(unwrapLeft(await store().readStream(stream, { direction: 'backwards' }))._tag).toBe(
          'StreamNotFound',
        );
      },
      timeoutMs,
    );
  });

  describe('expected revision', () => {
    it(
      'no_stream: succeeds on a new stream, fails on an existing one',
      async () => {
        const stream = unique('no-stream');
        unwrap(await store().appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' }));
        const error = unwrapLeft(
          await store().appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' }),
        );
        expect(error).toEqual({
          _tag: 'WrongExpectedRevision',
          streamName: stream,
          expected: 'no_stream',
          actual: 0,
        });
        expect(unwrap(await store().readStream(stream))).toHaveLength(1);
      },
      timeoutMs,
    );

    it(
      'stream_exists: fails on a missing stream, succeeds on an existing one',
      async () => {
        const stream = unique('exists');
        const error = unwrapLeft(
          await store().appendToStream(stream, [newEvent()], { expectedRevision: 'stream_exists' }),
        );
        expect(error).toEqual({
          _tag: 'WrongExpectedRevision',
          streamName: stream,
          expected: 'stream_exists',
          actual: 'no_stream',
        });
        expect(unwrapLeft(await store().readStream(stream))._tag).toBe('StreamNotFound');

        unwrap(await store().appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' }));
        const result = unwrap(
          await store().appendToStream(stream, [newEvent()], { expectedRevision: 'stream_exists' }),
        );
        expect(result.nextExpectedRevision).toBe(1);
      },
      timeoutMs,
    );

    it(
      'any: succeeds whether or not the stream exists',
      async () => {
        const stream = unique('any');
        const first = unwrap(await store().appendToStream(stream, [newEvent()], { expectedRevision: 'any' }));
        const second = unwrap(
          await store().appendToStream(stream, newEvents(2), { expectedRevision: 'any' }),
        );
        expect([first.nextExpectedRevision, second.nextExpectedRevision]).toEqual([0, 2]);
        expect(second.position > first.position).toBe(true);
      },
      timeoutMs,
    );

    it(
      'exact: succeeds at the last revision, fails below or above it with the actual revision',
      async () => {
        const stream = unique('exact');
        const missing = unwrapLeft(
          await store().appendToStream(stream, [newEvent()], { expectedRevision: 0 }),
        );
        expect(missing).toEqual({
          _tag: 'WrongExpectedRevision',
          streamName: stream,
          expected: 0,
          actual: 'no_stream',
        });

        unwrap(await store().appendToStream(stream, newEvents(2), { expectedRevision: 'no_stream' }));
        const result = unwrap(await store().appendToStream(stream, [newEvent()], { expectedRevision: 1 }));
        expect(result.nextExpectedRevision).toBe(2);

        for (const wrong of [0, 1, 3, 7]) {
          const error = unwrapLeft(
            await store().appendToStream(stream, [newEvent()], { expectedRevision: wrong }),
          );
          expect(error).toEqual({
            _tag: 'WrongExpectedRevision',
            streamName: stream,
            expected: wrong,
            actual: 2,
          });
        }
        expect(unwrap(await store().readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2]);
      },
      timeoutMs,
    );
  });

  describe('idempotent retries', () => {
    it(
      'writes events once when the same ids are appended again at the same expected revision',
      async () => {
        const stream = unique('retry');
        const batch = newEvents(2);
        const first = unwrap(await store().appendToStream(stream, batch, { expectedRevision: 'no_stream' }));
        const retry = unwrap(await store().appendToStream(stream, batch, { expectedRevision: 'no_stream' }));
        expect(retry).toEqual(first);

        const next = [newEvent()];
        const second = unwrap(await store().appendToStream(stream, next, { expectedRevision: 1 }));
        const secondRetry = unwrap(await store().appendToStream(stream, next, { expectedRevision: 1 }));
        expect(secondRetry).toEqual(second);

        const ids = unwrap(await store().readStream(stream)).map((e) => e.id);
        expect(ids).toEqual([...batch, ...next].map((e) => e.id));
      },
      timeoutMs,
    );

    it(
      'writes events once when retried with any',
      async () => {
        const stream = unique('retry-any');
        unwrap(await store().appendToStream(stream, [newEvent()], { expectedRevision: 'any' }));
        const batch = newEvents(3);
        const first = unwrap(await store().appendToStream(stream, batch, { expectedRevision: 'any' }));
        const retry = unwrap(await store().appendToStream(stream, batch, { expectedRevision: 'any' }));
        expect(first.nextExpectedRevision).toBe(3);
        expect(retry).toEqual(first);
        expect(unwrap(await store().readStream(stream))).toHaveLength(4);
      },
      timeoutMs,
    );
  });

  describe('concurrent appenders', () => {
    it(
      'lets exactly one of 20 appenders at the same revision win',
      async () => {
        const stream = unique('race');
        unwrap(await store().appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' }));
        const attempts = Array.from({ length: 20 }, () => newEvent('Raced'));
        const results = await Promise.all(
          attempts.map((event) => store().appendToStream(stream, [event], { expectedRevision: 0 })),
        );

        const winners = results.flatMap((r, i) => (r._tag === 'Right' ? [attempts[i]?.id] : []));
        const losers = results.flatMap((r) => (r._tag === 'Left' ? [r.left] : []));
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(19);
        for (const error of losers) {
          expect(error).toEqual({
            _tag: 'WrongExpectedRevision',
            streamName: stream,
            expected: 0,
            actual: 1,
          });
        }
        const read = unwrap(await store().readStream(stream));
        expect(read.map((e) => e.id)).toEqual([read[0]?.id, winners[0]]);
      },
      timeoutMs,
    );
  });
};
