import { isLeft } from 'fp-ts/Either';
import { at, isoFile, itemEvent as ev } from '../testing/fixtures';
import { LIBRARY_ITEM_EVENT_TYPES, LibraryItemEvent, libraryItemEvents } from './library-item-events';

const A = '1b7c9a52-7a3f-4a8e-9a34-0a6c5e1f2b01';

// What the service stored before this package existed (schema version 1), byte for byte.
const storedV1 = [
  {
    type: 'LibraryItemCreated',
    schemaVersion: 1,
    data: {
      libraryItemId: '6a1f1f7e-3b54-4b0e-8f2a-2f9c4c2b1d10',
      libraryId: '0c6f2a1e-5a53-4a4c-9d1f-6b0f6c1d2e3f',
      organizationId: 'acme',
      name: 'ubuntu',
      description: '',
      itemType: '',
      clientToken: 'token-1',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  },
  {
    type: 'LibraryItemClaimedByUpdateSession',
    schemaVersion: 1,
    data: { sessionId: A, claimedAt: '2026-01-01T00:01:00.000Z' },
  },
  {
    type: 'LibraryItemContentCommitted',
    schemaVersion: 1,
    data: {
      sessionId: A,
      contentVersion: 2,
      files: [{ name: 'disk.iso', size: 10, checksum: { algorithm: 'SHA1', value: 'abc' } }],
      committedAt: '2026-01-01T00:02:00.000Z',
    },
  },
];

describe('library item events', () => {
  it('reads every event already stored (schema version 1) as the current shape', () => {
    for (const stored of storedV1) {
      const decoded = libraryItemEvents.deserialize(stored);
      expect(decoded).toEqual({ _tag: 'Right', right: { type: stored.type, data: stored.data } });
      expect(isLeft(decoded) || LibraryItemEvent.is(decoded.right)).toBe(true);
    }
  });

  it('writes the type names the log already holds, at schema version 1', () => {
    expect(LIBRARY_ITEM_EVENT_TYPES).toEqual(Object.keys(libraryItemEvents.schemaVersions));
    expect(libraryItemEvents.schemaVersions).toEqual({
      LibraryItemCreated: 1,
      LibraryItemClaimedByUpdateSession: 1,
      LibraryItemContentCommitted: 1,
    });
    expect(libraryItemEvents.serialize(ev.claimed(A, 1))).toEqual({
      type: 'LibraryItemClaimedByUpdateSession',
      schemaVersion: 1,
      data: { sessionId: A, claimedAt: at(1) },
    });
  });

  it('round-trips through JSON text', () => {
    for (const event of [ev.created(), ev.claimed(A), ev.committed(A, 2, [isoFile()])]) {
      const stored = JSON.parse(JSON.stringify(libraryItemEvents.serialize(event)));
      expect(libraryItemEvents.deserialize(stored)).toEqual({ _tag: 'Right', right: event });
    }
  });

  it('drops keys the schema does not declare', () => {
    const decoded = libraryItemEvents.deserialize({
      type: 'LibraryItemClaimedByUpdateSession',
      schemaVersion: 1,
      data: { sessionId: A, claimedAt: at(1), extra: true },
    });
    expect(decoded).toEqual({ _tag: 'Right', right: ev.claimed(A, 1) });
  });

  it('refuses what it cannot read, saying why', () => {
    const bad = libraryItemEvents.deserialize({
      type: 'LibraryItemContentCommitted',
      schemaVersion: 1,
      data: { sessionId: A, contentVersion: 0, files: [], committedAt: 'yesterday' },
    });
    expect(bad._tag === 'Left' && bad.left._tag).toBe('InvalidEventData');
    expect(bad._tag === 'Left' && bad.left.message).toContain('data.contentVersion');
    expect(bad._tag === 'Left' && bad.left.message).toContain('data.committedAt');
    const unknown = libraryItemEvents.deserialize({ type: 'LibraryItemClaimed', schemaVersion: 1, data: {} });
    expect(unknown._tag === 'Left' && unknown.left._tag).toBe('UnknownEventType');
    const newer = libraryItemEvents.deserialize({ ...storedV1[1]!, schemaVersion: 2 });
    expect(newer._tag === 'Left' && newer.left._tag).toBe('UnsupportedSchemaVersion');
  });
});
