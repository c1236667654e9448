import * as t from 'io-ts';
import { record } from './primitives';
import { versionedEvents } from './versioned-events';

// A made-up aggregate whose one event went through three shapes: v1 `{ n }`, v2 `{ count }`, v3 adds `unit`.
const Counted = record(
  { type: t.literal('Counted'), data: record({ count: t.number, unit: t.string }, 'Counted.data') },
  'Counted',
);
const events = versionedEvents({
  codecs: { Counted },
  schemaVersions: { Counted: 3 },
  upcasters: {
    Counted: {
      1: (data) => ({ count: (data as { n: number }).n }),
      2: (data) => ({ ...(data as object), unit: 'items' }),
    },
  },
});

describe('versionedEvents', () => {
  it('writes the current version and reads every older one through the chain of upcasters', () => {
    const current = { type: 'Counted' as const, data: { count: 2, unit: 'items' } };
    expect(events.serialize(current)).toEqual({ type: 'Counted', schemaVersion: 3, data: current.data });
    for (const [schemaVersion, data] of [
      [1, { n: 2 }],
      [2, { count: 2 }],
      [3, { count: 2, unit: 'items' }],
    ] as const) {
      expect(events.deserialize({ type: 'Counted', schemaVersion, data })).toEqual({
        _tag: 'Right',
        right: current,
      });
    }
  });

  it('knows only its own event types (not what an object inherits)', () => {
    for (const type of ['constructor', 'toString', 'Other']) {
      const read = events.deserialize({ type, schemaVersion: 1, data: {} });
      expect(read._tag === 'Left' && read.left._tag).toBe('UnknownEventType');
    }
    expect(events.upcasters('constructor', 1)).toBeUndefined();
  });

  it('refuses versions it cannot upcast', () => {
    const gap = versionedEvents({ codecs: { Counted }, schemaVersions: { Counted: 3 } });
    const read = gap.deserialize({ type: 'Counted', schemaVersion: 1, data: { n: 1 } });
    expect(read._tag === 'Left' && read.left.message).toBe(
      'Counted schema version 1: no upcaster from version 1 (current version is 3)',
    );
  });
});
