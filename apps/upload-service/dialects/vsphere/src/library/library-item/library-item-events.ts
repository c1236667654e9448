import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { RecordedEvent } from '@upload-sessions/event-store';
import type { EventCodec } from '@upload-sessions/service-core/event-sourcing/run-decider';

const Checksum = t.type({ algorithm: t.string, value: t.string });
export const ItemFile = t.type({ name: t.string, size: t.number, checksum: Checksum });
export type ItemFile = t.TypeOf<typeof ItemFile>;

const Created = t.type({
  type: t.literal('LibraryItemCreated'),
  data: t.type({
    libraryItemId: t.string,
    libraryId: t.string,
    organizationId: t.string,
    name: t.string,
    description: t.string,
    itemType: t.string,
    clientToken: t.union([t.string, t.null]),
    createdAt: t.string,
  }),
});
/** An update session took the item: only one may be ACTIVE on it at a time. */
const Claimed = t.type({
  type: t.literal('LibraryItemClaimedByUpdateSession'),
  data: t.type({ sessionId: t.string, claimedAt: t.string }),
});
/** A completed session's files became the item's content, as version `contentVersion`. */
const ContentCommitted = t.type({
  type: t.literal('LibraryItemContentCommitted'),
  data: t.type({
    sessionId: t.string,
    contentVersion: t.number,
    files: t.array(ItemFile),
    committedAt: t.string,
  }),
});

export const LibraryItemEvent = t.union([Created, Claimed, ContentCommitted]);
export type LibraryItemEvent = t.TypeOf<typeof LibraryItemEvent>;

export const libraryItemCodec: EventCodec<LibraryItemEvent> = {
  encode: (event) => ({ type: event.type, schemaVersion: 1, data: { ...event.data } as never }),
  decode: (recorded: RecordedEvent) => {
    const decoded = LibraryItemEvent.decode({ type: recorded.type, data: recorded.data });
    return E.isRight(decoded) ? E.right(decoded.right) : E.left(`unreadable ${recorded.type}`);
  },
};
