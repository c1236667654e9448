import type { Either } from 'fp-ts/Either';
import type { EventDecodeError } from './event-decode-error';
import { uploadSessionEventCodecs, type UploadSessionEvent, type UploadSessionEventType } from './events';
import {
  versionedEvents,
  type SerializedEvent,
  type StoredEvent,
  type Upcaster,
  type UpcasterRegistry,
} from './versioned-events';

export type { SerializedEvent, StoredEvent, Upcaster, UpcasterRegistry } from './versioned-events';

/**
 * The schema version each event type is written with today. Raise one only together with an
 * upcaster from the previous version: stored events are never rewritten.
 */
export const eventSchemaVersions: Readonly<Record<UploadSessionEventType, number>> = {
  UploadSessionStarted: 1,
  UploadSessionFileAdded: 1,
  UploadSessionFileRemoved: 1,
  UploadSessionContentReceived: 1,
  UploadSessionTransferInterrupted: 1,
  UploadSessionCompleted: 1,
  // v2 added `contentToDelete`, v3 `interruptedTransfers`.
  UploadSessionCanceled: 3,
  // v2 added `interruptedTransfers`.
  UploadSessionFailed: 2,
  UploadSessionKeptAlive: 1,
  UploadSessionWarningBehaviorUpdated: 1,
  UploadSessionDeleted: 1,
};

const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

const noInterruptedTransfers: Upcaster = (data) =>
  isObject(data) && !('interruptedTransfers' in data) ? { ...data, interruptedTransfers: [] } : data;

const uploadSessionEvents = versionedEvents({
  codecs: uploadSessionEventCodecs,
  schemaVersions: eventSchemaVersions,
  upcasters: {
    UploadSessionCanceled: {
      // v1 did not say which received bytes to delete; an empty list keeps its meaning (it asked for
      // no deletion), and the deletion worker treats such a cancel like any other.
      1: (data) => (isObject(data) && !('contentToDelete' in data) ? { ...data, contentToDelete: [] } : data),
      // Before v3 no transfer's bytes were recorded: none is known to have been stopped.
      2: noInterruptedTransfers,
    },
    UploadSessionFailed: {
      1: noInterruptedTransfers,
    },
  },
});

export const upcasters: UpcasterRegistry = uploadSessionEvents.upcasters;

/** The event as the store keeps it: its type, the current schema version and its plain-JSON data. */
export const serializeEvent = (event: UploadSessionEvent): SerializedEvent =>
  uploadSessionEvents.serialize(event);

/** Reads a stored event of any known schema version, upcasting old data to the current shape. */
export const deserializeEvent = (
  stored: StoredEvent,
  registry: UpcasterRegistry = upcasters,
): Either<EventDecodeError, UploadSessionEvent> => uploadSessionEvents.deserialize(stored, registry);

/**
 * `deserializeEvent` without re-validating the data (see VersionedEvents.deserializeTrusted): for a
 * read model replaying events this service's own serializer wrote. Old versions upcast the same way.
 */
export const deserializeTrustedEvent = (
  stored: StoredEvent,
  registry: UpcasterRegistry = upcasters,
): Either<EventDecodeError, UploadSessionEvent> => uploadSessionEvents.deserializeTrusted(stored, registry);
