import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { RecordedEvent } from '@upload-sessions/event-store';
import type { EventCodec } from '@upload-sessions/service-core/event-sourcing/run-decider';

const Created = t.type({
  type: t.literal('LocalLibraryCreated'),
  data: t.type({
    libraryId: t.string,
    organizationId: t.string,
    name: t.string,
    description: t.string,
    clientToken: t.union([t.string, t.null]),
    createdAt: t.string,
  }),
});
/** Item names are unique within a library: the library's stream records each item it holds. */
const ItemAdded = t.type({
  type: t.literal('LocalLibraryItemAdded'),
  data: t.type({ libraryItemId: t.string, name: t.string, addedAt: t.string }),
});

export const LocalLibraryEvent = t.union([Created, ItemAdded]);
export type LocalLibraryEvent = t.TypeOf<typeof LocalLibraryEvent>;
export const LOCAL_LIBRARY_EVENT_TYPES = ['LocalLibraryCreated', 'LocalLibraryItemAdded'] as const;

export const localLibraryCodec: EventCodec<LocalLibraryEvent> = {
  encode: (event) => ({ type: event.type, schemaVersion: 1, data: { ...event.data } as never }),
  decode: (recorded: RecordedEvent) => {
    const decoded = LocalLibraryEvent.decode({ type: recorded.type, data: recorded.data });
    return E.isRight(decoded) ? E.right(decoded.right) : E.left(`unreadable ${recorded.type}`);
  },
};
