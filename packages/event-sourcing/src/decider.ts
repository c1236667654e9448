import type * as E from 'fp-ts/Either';
import type { JsonObject, RecordedEvent } from '@upload-sessions/event-store';

/** A decider as the domain packages define one: decide, evolve, initial state. */
export interface Decider<C, Ev, S, Err> {
  readonly decide: (command: C, state: S) => E.Either<Err, readonly Ev[]>;
  readonly evolve: (state: S, event: Ev) => S;
  readonly initialState: S;
}

/** An event as it is stored: its type, the version of its data's schema, and the data. */
export interface EncodedEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
}

/**
 * How an aggregate's events are stored: encode with type and schema version, decode a recorded event
 * (through the domain's codecs and upcasters, so events written by older versions still load).
 */
export interface EventCodec<Ev> {
  readonly encode: (event: Ev) => EncodedEvent;
  readonly decode: (recorded: RecordedEvent) => E.Either<string, Ev>;
}
