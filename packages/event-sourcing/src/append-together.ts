import * as E from 'fp-ts/Either';
import type { EventStore, NewEvent } from '@upload-sessions/event-store';
import {
  CONFLICT,
  decideOn,
  encodeEvents,
  plainStreamAccess,
  recordAppended,
  unchanged,
  type Basis,
  type CommandRequest,
  type Decided,
} from './command-runner';
import type { InfrastructureError } from './infrastructure-error';
import type { StreamStateCache } from './stream-state-cache';
import { cachedStreamAccess, loadCached } from './with-stream-state-cache';

/**
 * A command decided but not appended yet: one stream's part of a write that changes several aggregates
 * at once (see appendTogether). `decided` is what the command answers once the append succeeds.
 */
export interface PreparedChange<Ev, S> {
  readonly streamName: string;
  readonly basis: Basis<S>;
  readonly events: readonly Ev[];
  readonly newEvents: readonly NewEvent[];
  /** Records the append (the state cache learns the new state) and gives the command's answer. */
  readonly appended: (revision: number) => Decided<Ev, S>;
  /** The append lost its revision check: forget what was known of the stream. */
  readonly conflicted: () => void;
}

export interface PrepareOptions {
  /** The state cache the aggregate runs with, if any. */
  readonly cache?: StreamStateCache;
  /** The stream's id was just drawn at random: decide on the initial state without reading. */
  readonly newStream?: boolean;
}

/**
 * Decides a command without appending, on the same basis the runner's first attempt would use: a new
 * stream's initial state, a remembered state (a refusal or a no-op on it is checked against the events
 * after it first), or the stream read through the cache. Left: a refusal or the store failing.
 */
export const prepareCommand = async <C, Ev, S, Err>(
  request: CommandRequest<C, Ev, S, Err>,
  options: PrepareOptions = {},
): Promise<E.Either<Err | InfrastructureError, PreparedChange<Ev, S>>> => {
  const { store, streamName, decider, codec } = request;
  const { cache } = options;
  const access = cache === undefined ? plainStreamAccess : cachedStreamAccess(cache);
  const withAccess = { ...request, access };
  const load = async (): Promise<E.Either<InfrastructureError, Basis<S>>> =>
    cache === undefined
      ? access.load(store, streamName, decider, codec)
      : loadCached(store, streamName, decider, codec, cache);

  let basis: Basis<S>;
  let read = false;
  if (options.newStream === true) basis = { state: decider.initialState, revision: 'no_stream' };
  else {
    const remembered = cache?.get<S>(streamName, decider);
    if (remembered !== undefined) basis = remembered;
    else {
      const loaded = await load();
      if (E.isLeft(loaded)) return loaded;
      basis = loaded.right;
      read = true;
    }
  }
  let decision = await decideOn(request, basis.state);
  if (!read && options.newStream !== true && (E.isLeft(decision) || decision.right.length === 0)) {
    const loaded = await load();
    if (E.isLeft(loaded)) return loaded;
    if (loaded.right.state !== basis.state) {
      basis = loaded.right;
      decision = await decideOn(request, basis.state);
    }
  }
  if (E.isLeft(decision)) return decision;
  const events = decision.right;
  const newEvents = encodeEvents(request, events);
  const decidedOn = basis;
  return E.right({
    streamName,
    basis: decidedOn,
    events,
    newEvents,
    appended: (revision) =>
      events.length === 0
        ? unchanged(decidedOn.state)
        : recordAppended(withAccess, decidedOn, events, newEvents, revision),
    conflicted: () => access.conflicted?.(streamName),
  });
};

/**
 * Appends prepared changes of several streams in one round trip, all or nothing (the store's
 * multi-stream append; a single change is a plain append, none is no call). CONFLICT: one stream's
 * revision check failed and nothing was written; the caller runs its commands again the usual way.
 */
export const appendTogether = async <P extends readonly PreparedChange<unknown, unknown>[]>(
  store: EventStore,
  changes: P,
): Promise<
  | E.Either<
      InfrastructureError,
      { readonly [K in keyof P]: P[K] extends PreparedChange<infer Ev, infer S> ? Decided<Ev, S> : never }
    >
  | typeof CONFLICT
> => {
  type Answers = {
    readonly [K in keyof P]: P[K] extends PreparedChange<infer Ev, infer S> ? Decided<Ev, S> : never;
  };
  const writing = changes.filter((change) => change.newEvents.length > 0);
  const revisions = new Map<string, number>();
  if (writing.length === 1) {
    const only = writing[0] as PreparedChange<unknown, unknown>;
    const appended = await store.appendToStream(only.streamName, only.newEvents, {
      expectedRevision: only.basis.revision,
    });
    if (E.isLeft(appended)) {
      if (appended.left._tag === 'StoreUnavailable')
        return E.left({ _tag: 'StoreUnavailable', message: appended.left.message });
      only.conflicted();
      return CONFLICT;
    }
    revisions.set(only.streamName, appended.right.nextExpectedRevision);
  } else if (writing.length > 1) {
    const appended = await store.appendToStreams(
      writing.map((change) => ({
        streamName: change.streamName,
        events: change.newEvents,
        expectedRevision: change.basis.revision,
      })),
    );
    if (E.isLeft(appended)) {
      if (appended.left._tag === 'StoreUnavailable')
        return E.left({ _tag: 'StoreUnavailable', message: appended.left.message });
      const lost = appended.left.streamName;
      for (const change of writing) if (change.streamName === lost) change.conflicted();
      return CONFLICT;
    }
    writing.forEach((change, i) => {
      const result = appended.right[i];
      if (result !== undefined) revisions.set(change.streamName, result.nextExpectedRevision);
    });
  }
  return E.right(
    changes.map((change) => change.appended(revisions.get(change.streamName) ?? -1)) as unknown as Answers,
  );
};
