import * as t from 'io-ts';
import {
  ClientToken,
  IsoDateTime,
  LibraryId,
  LibraryItemId,
  OrganizationId,
  record,
  SessionId,
} from '@upload-sessions/domain';
import { Text } from '../text';
import { ItemFile } from './item-file';

export const CreateLibraryItem = record(
  {
    type: t.literal('CreateLibraryItem'),
    libraryItemId: LibraryItemId,
    libraryId: LibraryId,
    organizationId: OrganizationId,
    name: Text,
    description: Text,
    itemType: Text,
    clientToken: t.union([ClientToken, t.null]),
    now: IsoDateTime,
  },
  'CreateLibraryItem',
);
export type CreateLibraryItem = t.TypeOf<typeof CreateLibraryItem>;

/**
 * An update session asks for the item. `claimIsFree`: the application checked that the current
 * holder (if any) no longer keeps it — ended, deleted, expired on the spot, or a claim whose session
 * was never written and is older than a session timeout. The decider cannot read other streams.
 */
export const ClaimLibraryItem = record(
  { type: t.literal('ClaimLibraryItem'), sessionId: SessionId, claimIsFree: t.boolean, now: IsoDateTime },
  'ClaimLibraryItem',
);
export type ClaimLibraryItem = t.TypeOf<typeof ClaimLibraryItem>;

/** A completed session's files become the item's next content version. */
export const CommitContent = record(
  {
    type: t.literal('CommitContent'),
    sessionId: SessionId,
    files: t.readonlyArray(ItemFile),
    now: IsoDateTime,
  },
  'CommitContent',
);
export type CommitContent = t.TypeOf<typeof CommitContent>;

export const LibraryItemCommand = t.union(
  [CreateLibraryItem, ClaimLibraryItem, CommitContent],
  'LibraryItemCommand',
);
export type LibraryItemCommand = t.TypeOf<typeof LibraryItemCommand>;
