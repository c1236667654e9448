import * as E from 'fp-ts/Either';
import type { RecordedEvent } from '@upload-sessions/event-store';
import type { EventCodec } from '@upload-sessions/event-sourcing';

/** What a domain package gives for its events: versioned serialization with upcasting. */
export interface VersionedEventSerialization<Ev> {
  readonly serialize: EventCodec<Ev>['encode'];
  readonly deserialize: (stored: {
    readonly type: string;
    readonly schemaVersion: number;
    readonly data: unknown;
  }) => E.Either<{ readonly message: string }, Ev>;
}

/**
 * A domain package's event serialization as a stream codec: the schema version is kept in the event's
 * metadata (events written before the service recorded one are version 1).
 */
export const versionedEventCodec = <Ev>(events: VersionedEventSerialization<Ev>): EventCodec<Ev> => ({
  encode: (event) => events.serialize(event),
  decode: (recorded: RecordedEvent) => {
    const version = recorded.metadata['schemaVersion'];
    const decoded = events.deserialize({
      type: recorded.type,
      schemaVersion: typeof version === 'number' ? version : 1,
      data: recorded.data,
    });
    return E.isRight(decoded) ? decoded : E.left(decoded.left.message);
  },
});
