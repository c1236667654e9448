import {
  jsonEvent,
  type EventData,
  type RecordedEvent as ClientRecordedEvent,
} from '@kurrent/kurrentdb-client';
import type { JsonObject, JsonValue, NewEvent, RecordedEvent } from '@upload-sessions/event-store';
import { isCanonicalUuid, nameBasedUuid } from './event-id';
import { isKnownPosition, toGlobalPosition } from './kurrentdb-position';

/** KurrentDB's own metadata names: its system projections (e.g. $by_correlation_id) read these. */
export const KURRENT_CORRELATION_ID = '$correlationId';
export const KURRENT_CAUSATION_ID = '$causationId';
/** Where the port's id travels when it is not a UUID KurrentDB would return unchanged. */
export const PORT_EVENT_ID = '$eventId';
/** How a payload that is not a JSON object (written by another tool) is exposed. */
export const NON_OBJECT_DATA = '$data';

const mirrors = [
  ['correlationId', KURRENT_CORRELATION_ID],
  ['causationId', KURRENT_CAUSATION_ID],
] as const;

/** The port's event as the client's JSON event, with KurrentDB's metadata names mirrored in. */
export const toEventData = (event: NewEvent): EventData => {
  const metadata: JsonObject = { ...event.metadata };
  for (const [portName, kurrentName] of mirrors) {
    const value = metadata[portName];
    if (typeof value === 'string' && !(kurrentName in metadata)) metadata[kurrentName] = value;
  }
  const id = isCanonicalUuid(event.id) ? event.id : nameBasedUuid(event.id);
  if (id !== event.id) metadata[PORT_EVENT_ID] = event.id;
  return jsonEvent({ id, type: event.type, data: event.data, metadata });
};

/**
 * Marks an event written by a multi-stream append, whose metadata must be flat strings: the keys
 * whose values were JSON-encoded to get there, as a JSON array (see toMultiAppendEventData).
 */
export const ENCODED_METADATA_KEYS = '$encodedKeys';

/**
 * The event for the client's `multiStreamAppend` (KurrentDB 25.1+), which takes metadata only as string
 * values: strings go as they are (so `$correlationId` still reaches the system projections), every other
 * value as its JSON, named in ENCODED_METADATA_KEYS so that reads give back the port's metadata.
 */
export const toMultiAppendEventData = (event: NewEvent): EventData => {
  const data = toEventData(event);
  const metadata = data.metadata as JsonObject;
  const flat: Record<string, string> = {};
  const encoded: string[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value === 'string') flat[key] = value;
    else {
      flat[key] = JSON.stringify(value);
      encoded.push(key);
    }
  }
  flat[ENCODED_METADATA_KEYS] = JSON.stringify(encoded);
  return { ...data, metadata: flat } as EventData;
};

/** Undoes toMultiAppendEventData's encoding, and drops the properties the server adds to such events. */
const decodeMultiAppendMetadata = (metadata: JsonObject): void => {
  const marker = metadata[ENCODED_METADATA_KEYS];
  if (typeof marker !== 'string') return;
  delete metadata[ENCODED_METADATA_KEYS];
  for (const key of Object.keys(metadata)) if (key.startsWith('$schema.')) delete metadata[key];
  let keys: unknown;
  try {
    keys = JSON.parse(marker);
  } catch {
    return;
  }
  if (!Array.isArray(keys)) return;
  for (const key of keys) {
    const value = typeof key === 'string' ? metadata[key] : undefined;
    if (typeof value !== 'string') continue;
    try {
      metadata[key as string] = JSON.parse(value) as JsonValue;
    } catch {
      // Left as the string it is.
    }
  }
};

const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

const decodeBytes = (bytes: Uint8Array): JsonValue => {
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return Buffer.from(bytes).toString('base64');
  }
};

const asJsonObject = (value: unknown): JsonObject => {
  if (isJsonObject(value)) return value;
  if (value === undefined) return {};
  const decoded: JsonValue = value instanceof Uint8Array ? decodeBytes(value) : (value as JsonValue);
  return isJsonObject(decoded) ? decoded : { [NON_OBJECT_DATA]: decoded };
};

/** Metadata as the port wrote it: the `$` duplicates this adapter added are dropped again. */
const portMetadata = (raw: unknown): { readonly metadata: JsonObject; readonly portId?: string } => {
  const metadata: JsonObject = { ...asJsonObject(raw) };
  decodeMultiAppendMetadata(metadata);
  for (const [portName, kurrentName] of mirrors) {
    if (kurrentName in metadata && metadata[kurrentName] === metadata[portName]) delete metadata[kurrentName];
  }
  const portId = metadata[PORT_EVENT_ID];
  if (typeof portId !== 'string') return { metadata };
  delete metadata[PORT_EVENT_ID];
  return { metadata, portId };
};

/**
 * `created` cut to whole seconds. The client (1.3.1) gives it in whole seconds on reads
 * (`readStream`/`readAll` go through its Rust bridge, which drops the fraction) and in milliseconds
 * on subscriptions (gRPC ticks / 10 000): whole seconds are what every path can give, so an event has
 * one `recordedAt` however it was read. Precise times are the event's own `occurredAt` metadata.
 */
export const recordedAtOf = (created: Date): string =>
  new Date(Math.floor(created.getTime() / 1000) * 1000).toISOString();

/**
 * The client's recorded event as the port's. Undefined when the server sent no position: servers
 * before 22.6 omit it on stream reads, and the port cannot invent one.
 */
export const fromClientEvent = (event: ClientRecordedEvent): RecordedEvent | undefined => {
  if (!isKnownPosition(event.position)) return undefined;
  const { metadata, portId } = portMetadata(event.metadata);
  return {
    id: portId ?? event.id,
    type: event.type,
    data: asJsonObject(event.data),
    metadata,
    streamName: event.streamId,
    revision: Number(event.revision),
    position: toGlobalPosition(event.position),
    recordedAt: recordedAtOf(event.created),
  };
};
