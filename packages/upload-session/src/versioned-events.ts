import { type Either, left, right } from 'fp-ts/Either';
import type * as t from 'io-ts';
import type { EventDecodeError } from './event-decode-error';
import { formatValidationErrors } from './format-validation-errors';
import type { JsonObject } from './json';

/** Turns the data of one schema version into the data of the next one. Gets raw JSON: check before use. */
export type Upcaster = (data: unknown) => unknown;
/** The upcaster from `fromVersion` to `fromVersion + 1` of an event type, if there is one. */
export type UpcasterRegistry = (type: string, fromVersion: number) => Upcaster | undefined;
/** Upcasters by event type and by the version they upcast from. */
export type UpcasterTable = Readonly<Record<string, Readonly<Record<number, Upcaster>>>>;

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

/** An upcaster registry reading a table (own keys only: `constructor` is no event type). */
export const upcastersFrom =
  (table: UpcasterTable): UpcasterRegistry =>
  (type, fromVersion) =>
    Object.hasOwn(table, type) ? table[type]?.[fromVersion] : undefined;

/** How one aggregate's events are stored: each `{ type, data }` codec with its current schema version. */
export interface VersionedEvents<E extends { readonly type: string }> {
  /** The schema version each event type is written with today. */
  readonly schemaVersions: Readonly<Record<E['type'], number>>;
  readonly upcasters: UpcasterRegistry;
  /** The event as the store keeps it: its type, the current schema version and its plain-JSON data. */
  readonly serialize: (event: E) => SerializedEvent;
  /** Reads a stored event of any known schema version, upcasting old data to the current shape. */
  readonly deserialize: (stored: StoredEvent, registry?: UpcasterRegistry) => Either<EventDecodeError, E>;
  /**
   * `deserialize` without the codec's validation, for events `serialize` wrote and the store gave back
   * (a read model replaying its own log): unknown types and versions are still refused and old versions
   * upcast the same way, but the data is taken as it is (the codecs are identity decoders that drop
   * unknown keys, and `serialize` wrote none, so a valid event decodes to the same value either way).
   * Data that is not even an object is refused; anything subtler is the caller's to catch.
   */
  readonly deserializeTrusted: (
    stored: StoredEvent,
    registry?: UpcasterRegistry,
  ) => Either<EventDecodeError, E>;
}

/**
 * The serialization of an aggregate's events. Raise a schema version only together with an upcaster
 * from the previous version: stored events are never rewritten.
 */
export const versionedEvents = <M extends Readonly<Record<string, t.Mixed>>>(definition: {
  readonly codecs: M;
  readonly schemaVersions: Readonly<Record<keyof M & string, number>>;
  readonly upcasters?: UpcasterTable;
}): VersionedEvents<t.TypeOf<M[keyof M]>> => {
  type E = t.TypeOf<M[keyof M]>;
  const { codecs, schemaVersions } = definition;
  const registry = upcastersFrom(definition.upcasters ?? {});
  const isEventType = (type: string): type is keyof M & string => Object.hasOwn(schemaVersions, type);

  const serialize = (event: E): SerializedEvent => {
    const type = (event as { type: keyof M & string }).type;
    const encoded = (codecs[type] as t.Mixed).encode(event) as { data: unknown };
    return { type, schemaVersion: schemaVersions[type] as number, data: encoded.data as JsonObject };
  };

  /** The stored data brought to the current schema version, or why it cannot be. */
  const upcast = (stored: StoredEvent, upcasters: UpcasterRegistry): Either<EventDecodeError, unknown> => {
    const { type, schemaVersion } = stored;
    if (!isEventType(type)) {
      return left({
        _tag: 'UnknownEventType',
        type,
        message: `unknown event type ${JSON.stringify(type)}; known: ${Object.keys(schemaVersions).join(', ')}`,
      });
    }
    const currentVersion = schemaVersions[type] as number;
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
      const upcaster = upcasters(type, version);
      if (upcaster === undefined) return unsupported(`no upcaster from version ${version}`);
      data = upcaster(data);
    }
    return right(data);
  };

  const invalid = (stored: StoredEvent, errors: readonly string[]): Either<EventDecodeError, never> =>
    left({
      _tag: 'InvalidEventData',
      type: stored.type,
      schemaVersion: stored.schemaVersion,
      errors,
      message: `invalid ${stored.type} (schema version ${stored.schemaVersion}): ${errors.join('; ')}`,
    });

  const deserialize = (
    stored: StoredEvent,
    upcasters: UpcasterRegistry = registry,
  ): Either<EventDecodeError, E> => {
    const data = upcast(stored, upcasters);
    if (data._tag === 'Left') return data;
    const { type } = stored;
    const decoded = (codecs[type] as t.Mixed).decode({ type, data: data.right });
    if (decoded._tag === 'Right') return right(decoded.right as E);
    return invalid(stored, formatValidationErrors(decoded.left));
  };

  const deserializeTrusted = (
    stored: StoredEvent,
    upcasters: UpcasterRegistry = registry,
  ): Either<EventDecodeError, E> => {
    const data = upcast(stored, upcasters);
    if (data._tag === 'Left') return data;
    const value = data.right;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return invalid(stored, ['data: expected an object']);
    return right({ type: stored.type, data: value } as unknown as E);
  };

  return { schemaVersions, upcasters: registry, serialize, deserialize, deserializeTrusted };
};
