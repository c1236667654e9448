import * as t from 'io-ts';
import { OrganizationId } from './ids';
import { IsoDateTime, patternString } from './primitives';

const SchemaVersion = new t.Type<number, number, unknown>(
  'SchemaVersion (integer >= 1)',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 1,
  (u, c) => (typeof u === 'number' && Number.isSafeInteger(u) && u >= 1 ? t.success(u) : t.failure(u, c)),
  t.identity,
);

const TraceId = patternString('TraceId', /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);

export const Actor = t.readonly(
  t.exact(
    t.intersection([
      t.type({ id: patternString('ActorId (1-256 printable ASCII chars)', /^[\x21-\x7e]{1,256}$/) }),
      t.partial({ kind: patternString('ActorKind', /^[a-z][a-z0-9-]{0,63}$/) }),
    ]),
  ),
  'Actor',
);
export type Actor = t.TypeOf<typeof Actor>;

/**
 * What is known about an event besides its payload: who caused it, when, and which request it belongs
 * to. Stored next to the data, never inside it, so payload schemas stay about the domain.
 */
export const EventMetadata = t.readonly(
  t.exact(
    t.intersection([
      t.type({
        eventId: TraceId,
        occurredAt: IsoDateTime,
        actor: Actor,
        organizationId: OrganizationId,
        correlationId: TraceId,
        /** The event or command that caused this one; null for the first of a chain. */
        causationId: t.union([TraceId, t.null]),
      }),
      t.partial({ schemaVersion: SchemaVersion }),
    ]),
  ),
  'EventMetadata',
);
export type EventMetadata = t.TypeOf<typeof EventMetadata>;
