import { type Either, left, right } from 'fp-ts/Either';
import { uploadSessionEventCodecs, type UploadSessionEvent, type UploadSessionEventType } from './events';
import type { EventDecodeError } from './event-decode-error';
import { formatValidationErrors } from './format-validation-errors';
import type { JsonObject } from './json';

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

/** Turns the data of one schema version into the data of the next one. Gets raw JSON: check before use. */
export type Upcaster = (data: unknown) => unknown;
/** The upcaster from `fromVersion` to `fromVersion + 1` of an event type, if there is one. */
export type UpcasterRegistry = (type: string, fromVersion: number) => Upcaster | undefined;

const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

const noInterruptedTransfers: Upcaster = (data) =>
  isObject(data) && !('interruptedTransfers' in data) ? { ...data, interruptedTransfers: [] } : data;

const upcasterTable: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = {
  UploadSessionCanceled: {
    // v1 did not say which received bytes to delete; an empty list keeps its meaning (it asked for
    // no deletion), and the deletion worker treats such a cancel like any other.
    1: (data) => (isObject(data) && !('contentToDelete' in data) ? { ...data, contentToDelete: [] } : data),
    // Before v3 no transfer's bytes were recorded: none is known to have been stopped.
    2: (data) => noInterruptedTransfers(data),
  },
  UploadSessionFailed: {
    1: (data) => noInterruptedTransfers(data),
  },
};

export const upcasters: UpcasterRegistry = (type, fromVersion) =>
  Object.hasOwn(upcasterTable, type) ? upcasterTable[type]?.[fromVersion] : undefined;

export interface SerializedEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
}

export interface StoredEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/** The event as the store keeps it: its type, the current schema version and its plain-JSON data. */
export const serializeEvent = (event: UploadSessionEvent): SerializedEvent => {
  const encoded = uploadSessionEventCodecs[event.type].encode(event as never) as { data: unknown };
  return {
    type: event.type,
    schemaVersion: eventSchemaVersions[event.type],
    data: encoded.data as JsonObject,
  };
};

const isEventType = (type: string): type is UploadSessionEventType =>
  Object.hasOwn(eventSchemaVersions, type);

/** Reads a stored event of any known schema version, upcasting old data to the current shape. */
export const deserializeEvent = (
  stored: StoredEvent,
  registry: UpcasterRegistry = upcasters,
): Either<EventDecodeError, UploadSessionEvent> => {
  const { type, schemaVersion } = stored;
  if (!isEventType(type)) {
    return left({
      _tag: 'UnknownEventType',
      type,
      message: `unknown event type ${JSON.stringify(type)}; known: ${Object.keys(eventSchemaVersions).join(', ')}`,
    });
  }
  const currentVersion = eventSchemaVersions[type];
  const unsupported = (why: string): Either<EventDecodeError, never> =>
    left({
      _tag: 'UnsupportedSchemaVersion',
      type,
      schemaVersion,
      currentVersion,
      message: `${type} schema version ${schemaVersion}: ${why} (current version is ${currentVersion})`,
    });
  if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) return unsupported('not a version number');
  if (schemaVersion > currentVersion) return unsupported('written by a newer release');

  let data = stored.data;
  for (let version = schemaVersion; version < currentVersion; version++) {
    const upcast = registry(type, version);
    if (upcast === undefined) return unsupported(`no upcaster from version ${version}`);
    data = upcast(data);
  }
  const decoded = uploadSessionEventCodecs[type].decode({ type, data });
  if (decoded._tag === 'Right') return right(decoded.right as UploadSessionEvent);
  const errors = formatValidationErrors(decoded.left);
  return left({
    _tag: 'InvalidEventData',
    type,
    schemaVersion,
    errors,
    message: `invalid ${type} (schema version ${schemaVersion}): ${errors.join('; ')}`,
  });
};
