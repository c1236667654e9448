import * as E from 'fp-ts/Either';
import { deserializeEvent, serializeEvent, type UploadSessionEvent } from '@upload-sessions/domain';
import type { EventCodec } from '../../event-sourcing/run-decider';

/** The domain's serialization, with the schema version kept in the event's metadata. */
export const uploadSessionCodec: EventCodec<UploadSessionEvent> = {
  encode: (event) => serializeEvent(event),
  decode: (recorded) => {
    const version = recorded.metadata['schemaVersion'];
    const decoded = deserializeEvent({
      type: recorded.type,
      schemaVersion: typeof version === 'number' ? version : 1,
      data: recorded.data,
    });
    return E.isRight(decoded) ? decoded : E.left(decoded.left.message);
  },
};
