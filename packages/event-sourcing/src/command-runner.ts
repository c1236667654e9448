import { randomUUIDv7 } from 'node:crypto';
import * as E from 'fp-ts/Either';
import type { EventStore, ExpectedRevision, JsonObject, NewEvent } from '@upload-sessions/event-store';
import type { Decider, EventCodec } from './decider';
import { concurrency, type InfrastructureError } from './infrastructure-error';
import { loadStream, type LoadedStream } from './load-stream';

export interface Decided<Ev, S> {
  readonly events: readonly Ev[];
  readonly before: S;
  readonly after: S;
  /** The ids the new events were stored with (their causation for follow-up work). */
  readonly eventIds: readonly string[];
}

/**
 * How the runner reads a stream and what it reports about appends: the seam a wrapper such as the
 * state cache plugs into. The plain access reads the whole stream and remembers nothing.
 */
export interface StreamAccess {
  load<C, Ev, S, Err>(
    store: EventStore,
    streamName: string,
    decider: Decider<C, Ev, S, Err>,
    codec: EventCodec<Ev>,
  ): Promise<E.Either<InfrastructureError, LoadedStream<S>>>;
  /** The events were appended: `after` is the state at `revision`, whose event has id `lastEventId`. */
  appended?(streamName: string, fold: object, after: unknown, revision: number, lastEventId: string): void;
  /** An append lost the revision check: what was known of the stream is out of date. */
  conflicted?(streamName: string): void;
}

export const plainStreamAccess: StreamAccess = { load: loadStream };

export interface CommandRequest<C, Ev, S, Err> {
  readonly store: EventStore;
  readonly streamName: string;
  readonly decider: Decider<C, Ev, S, Err>;
  readonly codec: EventCodec<Ev>;
  /** Builds the command from the current state, or refuses before deciding (e.g. another owner's stream). */
  readonly command: (state: S) => E.Either<Err, C> | Promise<E.Either<Err, C>>;
  /** The metadata stored with each new event. */
  readonly metadata: (eventId: string, occurredAt: string, schemaVersion: number) => JsonObject;
  /** Extra attempts after losing an optimistic-concurrency race. */
  readonly retries: number;
  readonly now?: () => Date;
  readonly access?: StreamAccess;
  /** Attempts a wrapper already spent on this command: each lost race counts towards `retries`. */
  readonly attemptsMade?: number;
}

export type CommandResult<Ev, S, Err> = E.Either<Err | InfrastructureError, Decided<Ev, S>>;

/** Runs one command on one stream; the plain runner and each wrapper have this shape. */
export type CommandRunner = <C, Ev, S, Err>(
  request: CommandRequest<C, Ev, S, Err>,
) => Promise<CommandResult<Ev, S, Err>>;

/** The state a decision is made on and the revision to append at. */
export interface Basis<S> {
  readonly state: S;
  readonly revision: ExpectedRevision;
}

/** An append lost the revision check: someone else wrote in between. */
export const CONFLICT = Symbol('conflict');

export const decideOn = async <C, Ev, S, Err>(
  request: CommandRequest<C, Ev, S, Err>,
  state: S,
): Promise<E.Either<Err, readonly Ev[]>> => {
  const command = await request.command(state);
  return E.isLeft(command) ? command : request.decider.decide(command.right, state);
};

export const unchanged = <Ev, S>(state: S): Decided<Ev, S> => ({
  events: [],
  before: state,
  after: state,
  eventIds: [],
});

/** The events a decision stores, encoded with fresh ids and the request's metadata. */
export const encodeEvents = <C, Ev, S, Err>(
  request: CommandRequest<C, Ev, S, Err>,
  events: readonly Ev[],
): NewEvent[] => {
  const occurredAt = (request.now ?? (() => new Date()))().toISOString();
  return events.map((event) => {
    const encoded = request.codec.encode(event);
    // Time-ordered (UUID v7): a batch's ids go in at the right edge of the store's event-id index.
    const id = randomUUIDv7();
    return {
      id,
      type: encoded.type,
      data: encoded.data,
      metadata: request.metadata(id, occurredAt, encoded.schemaVersion),
    };
  });
};

/** Tells the request's stream access that `newEvents`, decided on `basis`, are now at `revision`. */
export const recordAppended = <C, Ev, S, Err>(
  request: CommandRequest<C, Ev, S, Err>,
  basis: Basis<S>,
  events: readonly Ev[],
  newEvents: readonly NewEvent[],
  revision: number,
): Decided<Ev, S> => {
  const after = events.reduce(request.decider.evolve, basis.state);
  const lastId = newEvents[newEvents.length - 1]?.id;
  if (lastId !== undefined)
    request.access?.appended?.(request.streamName, request.decider, after, revision, lastId);
  return { events, before: basis.state, after, eventIds: newEvents.map((e) => e.id) };
};

/** Appends what was decided on `basis` at its revision (a refusal or a no-op writes nothing). */
export const appendDecision = async <C, Ev, S, Err>(
  request: CommandRequest<C, Ev, S, Err>,
  basis: Basis<S>,
  decision: E.Either<Err, readonly Ev[]>,
): Promise<CommandResult<Ev, S, Err> | typeof CONFLICT> => {
  if (E.isLeft(decision)) return decision;
  const { store, streamName } = request;
  const events = decision.right;
  if (events.length === 0) return E.right(unchanged(basis.state));
  const newEvents = encodeEvents(request, events);
  const appended = await store.appendToStream(streamName, newEvents, { expectedRevision: basis.revision });
  if (E.isRight(appended))
    return E.right(recordAppended(request, basis, events, newEvents, appended.right.nextExpectedRevision));
  if (appended.left._tag === 'StoreUnavailable')
    return E.left({ _tag: 'StoreUnavailable', message: appended.left.message });
  request.access?.conflicted?.(streamName);
  return CONFLICT;
};

/** A random pause that grows with the attempt (at most ~50 ms), so racing writers fall out of step. */
const backOff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

/**
 * The plain command runner: read the stream, fold it, decide, append at the revision read. Losing a
 * race (WrongExpectedRevision) means someone else changed the stream in between: decide again on the
 * new state, up to `retries` more times (after a short random pause). Out of retries, the domain's
 * refusal of the state reached is the answer if it refuses (a loser of a cancel/complete race learns
 * the state), else a Concurrency error.
 */
export const runCommand: CommandRunner = async (request) => {
  const { store, streamName, decider, codec } = request;
  const access = request.access ?? plainStreamAccess;
  for (let attempt = (request.attemptsMade ?? 0) + 1; attempt <= request.retries + 1; attempt++) {
    if (attempt > 1) await backOff(attempt);
    const loaded = await access.load(store, streamName, decider, codec);
    if (E.isLeft(loaded)) return loaded;
    const outcome = await appendDecision(request, loaded.right, await decideOn(request, loaded.right.state));
    if (outcome !== CONFLICT) return outcome;
  }
  const reached = await access.load(store, streamName, decider, codec);
  if (E.isLeft(reached)) return reached;
  const decision = await decideOn(request, reached.right.state);
  if (E.isLeft(decision)) return decision;
  return E.left(concurrency(streamName, request.retries + 1));
};
