import * as t from 'io-ts';
import {
  ClientToken,
  IsoDateTime,
  LibraryId,
  LibraryItemId,
  OrganizationId,
  record,
  taggedUnion,
  versionedEvents,
} from '@upload-sessions/domain';
import { Text } from '../text';

// The `type` strings are stored: never rename them; change a payload only with a new schema version and
// an upcaster (see `localLibraryEvents` below).

export const LocalLibraryCreated = record(
  {
    type: t.literal('LocalLibraryCreated'),
    data: record(
      {
        libraryId: LibraryId,
        organizationId: OrganizationId,
        name: Text,
        description: Text,
        clientToken: t.union([ClientToken, t.null]),
        createdAt: IsoDateTime,
      },
      'LocalLibraryCreated.data',
    ),
  },
  'LocalLibraryCreated',
);
export type LocalLibraryCreated = t.TypeOf<typeof LocalLibraryCreated>;

/** Item names are unique within a library: the library's stream records each item it holds. */
export const LocalLibraryItemAdded = record(
  {
    type: t.literal('LocalLibraryItemAdded'),
    data: record(
      { libraryItemId: LibraryItemId, name: Text, addedAt: IsoDateTime },
      'LocalLibraryItemAdded.data',
    ),
  },
  'LocalLibraryItemAdded',
);
export type LocalLibraryItemAdded = t.TypeOf<typeof LocalLibraryItemAdded>;

export const localLibraryEventCodecs = { LocalLibraryCreated, LocalLibraryItemAdded } as const;

export const LocalLibraryEvent = taggedUnion('LocalLibraryEvent', localLibraryEventCodecs);
export type LocalLibraryEvent = t.TypeOf<typeof LocalLibraryEvent>;
export type LocalLibraryEventType = LocalLibraryEvent['type'];

export const LOCAL_LIBRARY_EVENT_TYPES = ['LocalLibraryCreated', 'LocalLibraryItemAdded'] as const;

/** Schema versions and upcasters: every type is still at version 1, the shape the service has written. */
export const localLibraryEvents = versionedEvents({
  codecs: localLibraryEventCodecs,
  schemaVersions: { LocalLibraryCreated: 1, LocalLibraryItemAdded: 1 },
});
