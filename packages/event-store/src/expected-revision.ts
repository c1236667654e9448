import type { ExpectedRevision } from './event-store';

/** True when `expected` allows appending to a stream whose last revision is `current` (-1: no stream). */
export const expectationHolds = (expected: ExpectedRevision, current: number): boolean =>
  expected === 'any' ||
  (expected === 'no_stream' && current === -1) ||
  (expected === 'stream_exists' && current >= 0) ||
  expected === current;

/**
 * Where an idempotent retry's events must already sit for it to count as the same append:
 * an exact revision or `no_stream` pins the first event's revision; `any` and `stream_exists` do not.
 */
export const retryStartsAt = (expected: ExpectedRevision, firstRevision: number): boolean =>
  expected === 'any' ||
  expected === 'stream_exists' ||
  (expected === 'no_stream' && firstRevision === 0) ||
  expected === firstRevision - 1;
