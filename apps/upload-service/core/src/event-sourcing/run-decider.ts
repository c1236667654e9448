import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/Either';
import type {
  EventStore,
  EventStoreError,
  ExpectedRevision,
  JsonObject,
  RecordedEvent,
} from '@upload-sessions/event-store';
import { eventMetadata, type CommandContext } from './command-context';
import { concurrency, type InfrastructureError } from './infrastructure-error';
import type { StreamStateCache } from './stream-state-cache';

/** A decider as the domain package defines one: decide, evolve, initial state. */
export interface Decider<C, Ev, S, Err> {
  readonly decide: (command: C, state: S) => E.Either<Err, readonly Ev[]>;
  readonly evolve: (state: S, event: Ev) => S;
  readonly initialState: S;
}

export interface EventCodec<Ev> {
  readonly encode: (event: Ev) => {
    readonly type: string;
    readonly schemaVersion: number;
    readonly data: JsonObject;
  };
  readonly decode: (recorded: RecordedEvent) => E.Either<string, Ev>;
}

export interface LoadedStream<S> {
  readonly state: S;
  /** The revision to append at: the last event's, or 'no_stream'. */
  readonly revision: ExpectedRevision;
  /** The events read and folded: with a cache hit, only those after the cached state. */
  readonly events: readonly RecordedEvent[];
}

const foldEvents = <C, Ev, S, Err>(
  decider: Decider<C, Ev, S, Err>,
  codec: EventCodec<Ev>,
  streamName: string,
  from: S,
  events: readonly RecordedEvent[],
): E.Either<InfrastructureError, S> => {
  let state = from;
  for (const recorded of events) {
    const event = codec.decode(recorded);
    if (E.isLeft(event)) {
      return E.left({
        _tag: 'CorruptStream',
        streamName,
        message: `event ${recorded.revision}: ${event.left}`,
      });
    }
    state = decider.evolve(state, event.right);
  }
  return E.right(state);
};

const storeError = (streamName: string, error: EventStoreError): InfrastructureError =>
  error._tag === 'StoreUnavailable'
    ? { _tag: 'StoreUnavailable', message: error.message }
    : { _tag: 'StoreUnavailable', message: `reading ${streamName}: ${error._tag}` };

/**
 * Reads a stream and folds it; a missing stream is the initial state. With a cache, a stream folded
 * before is read from the last event folded (which must still be there, with the same id) and only the
 * events after it are folded onto the cached state: other writers' events are seen all the same.
 * `settled`: a cached state for which it holds is answered without reading, because no later event can
 * change what the caller wants to know (e.g. whether a session has ended: an ended one never restarts).
 */
export const loadStream = async <C, Ev, S, Err>(
  store: EventStore,
  streamName: string,
  decider: Decider<C, Ev, S, Err>,
  codec: EventCodec<Ev>,
  cache?: StreamStateCache,
  settled?: (state: S) => boolean,
): Promise<E.Either<InfrastructureError, LoadedStream<S>>> => {
  const cached = cache?.get<S>(streamName, decider);
  if (cached !== undefined && settled?.(cached.state) === true)
    return E.right({ state: cached.state, revision: cached.revision, events: [] });
  if (cache !== undefined && cached !== undefined) {
    const tail = await store.readStream(streamName, { fromRevision: cached.revision });
    if (E.isLeft(tail) && tail.left._tag === 'StoreUnavailable')
      return E.left(storeError(streamName, tail.left));
    const first = E.isRight(tail) ? tail.right[0] : undefined;
    if (E.isRight(tail) && first?.revision === cached.revision && first.id === cached.lastEventId) {
      const newer = tail.right.slice(1);
      const state = foldEvents(decider, codec, streamName, cached.state, newer);
      if (E.isLeft(state)) return state;
      const last = tail.right[tail.right.length - 1] ?? first;
      cache.set(streamName, decider, { state: state.right, revision: last.revision, lastEventId: last.id });
      return E.right({ state: state.right, revision: last.revision, events: newer });
    }
    // Not the stream the entry was made from (a store replaced under us): read it all.
    cache.delete(streamName);
  }
  const read = await store.readStream(streamName);
  if (E.isLeft(read)) {
    if (read.left._tag === 'StreamNotFound')
      return E.right({ state: decider.initialState, revision: 'no_stream', events: [] });
    return E.left(storeError(streamName, read.left));
  }
  const state = foldEvents(decider, codec, streamName, decider.initialState, read.right);
  if (E.isLeft(state)) return state;
  const last = read.right[read.right.length - 1];
  if (last === undefined) return E.right({ state: state.right, revision: 'no_stream', events: [] });
  cache?.set(streamName, decider, { state: state.right, revision: last.revision, lastEventId: last.id });
  return E.right({ state: state.right, revision: last.revision, events: read.right });
};

export interface Decided<Ev, S> {
  readonly events: readonly Ev[];
  readonly before: S;
  readonly after: S;
  /** The ids the new events were stored with (their causation for follow-up work). */
  readonly eventIds: readonly string[];
}

export interface RunDeciderRequest<C, Ev, S, Err> {
  readonly store: EventStore;
  readonly streamName: string;
  readonly decider: Decider<C, Ev, S, Err>;
  readonly codec: EventCodec<Ev>;
  /** Builds the command from the current state, or refuses before deciding (e.g. another organization's session). */
  readonly command: (state: S) => E.Either<Err, C> | Promise<E.Either<Err, C>>;
  readonly context: CommandContext;
  /** Extra attempts after losing an optimistic-concurrency race. */
  readonly retries: number;
  readonly now?: () => Date;
  /** Folded states of recently used streams: only the events after them are read (see loadStream). */
  readonly cache?: StreamStateCache;
  /**
   * The stream's name was just made up from a random id: the first attempt decides on the initial state
   * without reading (the append's no_stream check still guards; losing it reads as usual).
   */
  readonly newStream?: boolean;
}

/**
 * The one way state changes: load the stream, fold it, decide, append at the revision read. Losing a
 * race (WrongExpectedRevision) means someone else changed the stream in between: decide again on the
 * new state, up to `retries` more times (after a short random pause), then report the domain's refusal
 * of the state reached, or else a Concurrency error.
 */
export const runDecider = <C, Ev, S, Err>(
  request: RunDeciderRequest<C, Ev, S, Err>,
): Promise<E.Either<Err | InfrastructureError, Decided<Ev, S>>> =>
  oneAtATime(request.store, request.streamName, () => decideAndAppend(request));

/**
 * Commands of this process on one stream run one after the other (per store, so two service instances
 * in one process still race as two processes would): fifty clients keeping one session alive all
 * succeed instead of most of them exhausting their retries. The revision check still guards against
 * writers elsewhere.
 */
const queues = new WeakMap<EventStore, Map<string, Promise<void>>>();

const oneAtATime = <T>(store: EventStore, streamName: string, work: () => Promise<T>): Promise<T> => {
  let byStream = queues.get(store);
  if (byStream === undefined) {
    byStream = new Map();
    queues.set(store, byStream);
  }
  const streams = byStream;
  const run = (streams.get(streamName) ?? Promise.resolve()).then(work);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  streams.set(streamName, tail);
  void tail.then(() => {
    if (streams.get(streamName) === tail) streams.delete(streamName);
  });
  return run;
};

/** A random pause that grows with the attempt (at most ~50 ms), so racing writers fall out of step. */
const backOff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

/** The state a decision is made on, and whether it was read from the store just now. */
interface Basis<S> {
  readonly state: S;
  readonly revision: ExpectedRevision;
  readonly read: boolean;
}

const decideOn = async <C, Ev, S, Err>(
  request: RunDeciderRequest<C, Ev, S, Err>,
  state: S,
): Promise<E.Either<Err, readonly Ev[]>> => {
  const command = await request.command(state);
  return E.isLeft(command) ? command : request.decider.decide(command.right, state);
};

/**
 * With a cache, the first decision is made on the remembered state without reading: an append at its
 * revision succeeds only if nothing was written since, and one that loses reads and decides again
 * (without counting as a lost race). A refusal or a no-op decided on it is checked against the events
 * after it first, so no caller is refused on the strength of a state another instance has changed.
 */
const decideAndAppend = async <C, Ev, S, Err>(
  request: RunDeciderRequest<C, Ev, S, Err>,
): Promise<E.Either<Err | InfrastructureError, Decided<Ev, S>>> => {
  const { store, streamName, decider, codec, context, cache } = request;
  const now = request.now ?? (() => new Date());
  let remembered = cache !== undefined;
  let assumeNew = request.newStream === true;
  for (let attempt = 1; attempt <= request.retries + 1; attempt++) {
    if (attempt > 1) await backOff(attempt);
    const cached = remembered ? cache?.get<S>(streamName, decider) : undefined;
    remembered = false;
    let basis: Basis<S>;
    if (assumeNew) {
      basis = { state: decider.initialState, revision: 'no_stream', read: true };
      assumeNew = false;
    } else if (cached !== undefined) {
      basis = { state: cached.state, revision: cached.revision, read: false };
    } else {
      const loaded = await loadStream(store, streamName, decider, codec, cache);
      if (E.isLeft(loaded)) return loaded;
      basis = { ...loaded.right, read: true };
    }
    let decision = await decideOn(request, basis.state);
    if (!basis.read && (E.isLeft(decision) || decision.right.length === 0)) {
      const loaded = await loadStream(store, streamName, decider, codec, cache);
      if (E.isLeft(loaded)) return loaded;
      // Unchanged (the same state object when no event came after it): the answer stands.
      if (loaded.right.state !== basis.state) {
        basis = { ...loaded.right, read: true };
        decision = await decideOn(request, basis.state);
      }
    }
    if (E.isLeft(decision)) return decision;
    const state = basis.state;
    const events = decision.right;
    if (events.length === 0) return E.right({ events, before: state, after: state, eventIds: [] });

    const occurredAt = now().toISOString();
    const newEvents = events.map((event) => {
      const encoded = codec.encode(event);
      const id = randomUUID();
      return {
        id,
        type: encoded.type,
        data: encoded.data,
        metadata: eventMetadata(context, id, occurredAt, encoded.schemaVersion),
      };
    });
    const appended = await store.appendToStream(streamName, newEvents, { expectedRevision: basis.revision });
    if (E.isRight(appended)) {
      const after = events.reduce(decider.evolve, state);
      const lastId = newEvents[newEvents.length - 1]?.id;
      if (lastId !== undefined) {
        cache?.set(streamName, decider, {
          state: after,
          revision: appended.right.nextExpectedRevision,
          lastEventId: lastId,
        });
      }
      return E.right({ events, before: state, after, eventIds: newEvents.map((e) => e.id) });
    }
    if (appended.left._tag === 'StoreUnavailable')
      return E.left({ _tag: 'StoreUnavailable', message: appended.left.message });
    // WrongExpectedRevision: someone else wrote; forget what we knew and decide again on what is there.
    cache?.delete(streamName);
    // A remembered state gone out of date is not a lost race: read and decide again straight away.
    if (!basis.read) attempt -= 1;
  }
  // Out of retries. If the state reached refuses the command (e.g. the session ended meanwhile), that
  // refusal is the answer, not "try again": a loser of a cancel/complete race learns the state.
  const reached = await loadStream(store, streamName, decider, codec, cache);
  if (E.isLeft(reached)) return reached;
  const command = await request.command(reached.right.state);
  if (E.isLeft(command)) return command;
  const decision = decider.decide(command.right, reached.right.state);
  if (E.isLeft(decision)) return decision;
  return E.left(concurrency(streamName, request.retries + 1));
};
