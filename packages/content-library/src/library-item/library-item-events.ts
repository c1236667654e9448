import * as t from 'io-ts';
import {
  ClientToken,
  IsoDateTime,
  LibraryId,
  LibraryItemId,
  OrganizationId,
  record,
  SessionId,
  taggedUnion,
  versionedEvents,
} from '@upload-sessions/domain';
import { Text } from '../text';
import { ContentVersionNumber } from './content-version';
import { ItemFile } from './item-file';

// The `type` strings are stored: never rename them; change a payload only with a new schema version and
// an upcaster (see `libraryItemEvents` below).

export const LibraryItemCreated = record(
  {
    type: t.literal('LibraryItemCreated'),
    data: record(
      {
        libraryItemId: LibraryItemId,
        libraryId: LibraryId,
        organizationId: OrganizationId,
        name: Text,
        description: Text,
        itemType: Text,
        clientToken: t.union([ClientToken, t.null]),
        createdAt: IsoDateTime,
      },
      'LibraryItemCreated.data',
    ),
  },
  'LibraryItemCreated',
);
export type LibraryItemCreated = t.TypeOf<typeof LibraryItemCreated>;

/** An update session took the item: only one may be ACTIVE on it at a time. */
export const LibraryItemClaimedByUpdateSession = record(
  {
    type: t.literal('LibraryItemClaimedByUpdateSession'),
    data: record({ sessionId: SessionId, claimedAt: IsoDateTime }, 'LibraryItemClaimedByUpdateSession.data'),
  },
  'LibraryItemClaimedByUpdateSession',
);
export type LibraryItemClaimedByUpdateSession = t.TypeOf<typeof LibraryItemClaimedByUpdateSession>;

/** A completed session's files became the item's content, as version `contentVersion`. */
export const LibraryItemContentCommitted = record(
  {
    type: t.literal('LibraryItemContentCommitted'),
    data: record(
      {
        sessionId: SessionId,
        contentVersion: ContentVersionNumber,
        files: t.readonlyArray(ItemFile),
        committedAt: IsoDateTime,
      },
      'LibraryItemContentCommitted.data',
    ),
  },
  'LibraryItemContentCommitted',
);
export type LibraryItemContentCommitted = t.TypeOf<typeof LibraryItemContentCommitted>;

export const libraryItemEventCodecs = {
  LibraryItemCreated,
  LibraryItemClaimedByUpdateSession,
  LibraryItemContentCommitted,
} as const;

export const LibraryItemEvent = taggedUnion('LibraryItemEvent', libraryItemEventCodecs);
export type LibraryItemEvent = t.TypeOf<typeof LibraryItemEvent>;
export type LibraryItemEventType = LibraryItemEvent['type'];

export const LIBRARY_ITEM_EVENT_TYPES = [
  'LibraryItemCreated',
  'LibraryItemClaimedByUpdateSession',
  'LibraryItemContentCommitted',
] as const;

/** Schema versions and upcasters: every type is still at version 1, the shape the service has written. */
export const libraryItemEvents = versionedEvents({
  codecs: libraryItemEventCodecs,
  schemaVersions: {
    LibraryItemCreated: 1,
    LibraryItemClaimedByUpdateSession: 1,
    LibraryItemContentCommitted: 1,
  },
});
