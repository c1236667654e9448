import { LOCAL_LIBRARY_EVENT_TYPES, localLibraryEvents } from './local-library-events';
import { libraryEvent as ev } from '../testing/fixtures';

// What the service stored before this package existed (schema version 1), byte for byte.
const storedV1 = [
  {
    type: 'LocalLibraryCreated',
    schemaVersion: 1,
    data: {
      libraryId: '0c6f2a1e-5a53-4a4c-9d1f-6b0f6c1d2e3f',
      organizationId: 'acme',
      name: 'isos',
      description: '',
      clientToken: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  },
  {
    type: 'LocalLibraryItemAdded',
    schemaVersion: 1,
    data: {
      libraryItemId: '6a1f1f7e-3b54-4b0e-8f2a-2f9c4c2b1d10',
      name: 'ubuntu',
      addedAt: '2026-01-01T00:01:00.000Z',
    },
  },
];

describe('local library events', () => {
  it('reads every event already stored (schema version 1) as the current shape', () => {
    for (const stored of storedV1) {
      expect(localLibraryEvents.deserialize(stored)).toEqual({
        _tag: 'Right',
        right: { type: stored.type, data: stored.data },
      });
    }
  });

  it('keeps the stored type names, at schema version 1, and round-trips through JSON', () => {
    expect(Object.keys(localLibraryEvents.schemaVersions)).toEqual([...LOCAL_LIBRARY_EVENT_TYPES]);
    for (const event of [ev.created(), ev.itemAdded('x1', 'name with spaces')]) {
      const serialized = localLibraryEvents.serialize(event);
      expect(serialized.schemaVersion).toBe(1);
      expect(localLibraryEvents.deserialize(JSON.parse(JSON.stringify(serialized)))).toEqual({
        _tag: 'Right',
        right: event,
      });
    }
  });

  it('refuses data it cannot read, saying where', () => {
    const bad = localLibraryEvents.deserialize({
      type: 'LocalLibraryItemAdded',
      schemaVersion: 1,
      data: { libraryItemId: 'a/b', name: 'x', addedAt: '2026-01-01T00:00:00.000Z' },
    });
    expect(bad._tag === 'Left' && bad.left.message).toContain('data.libraryItemId');
  });
});
