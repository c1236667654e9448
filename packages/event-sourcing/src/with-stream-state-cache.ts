import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import {
  appendDecision,
  CONFLICT,
  decideOn,
  unchanged,
  type Basis,
  type CommandRunner,
  type StreamAccess,
} from './command-runner';
import type { Decider, EventCodec } from './decider';
import type { InfrastructureError } from './infrastructure-error';
import { foldEvents, loadStream, storeError, type LoadedStream } from './load-stream';
import type { StreamStateCache } from './stream-state-cache';

/**
 * Reads a stream and folds it, through the cache: a stream folded before is read from the last event
 * folded (which must still be there, with the same id) and only the events after it are folded onto the
 * cached state, so other writers' events are seen all the same. `settled`: a cached state for which it
 * holds is answered without reading, because no later event can change what the caller wants to know
 * (e.g. whether a session has ended: an ended one never restarts).
 */
export const loadCached = async <C, Ev, S, Err>(
  store: EventStore,
  streamName: string,
  decider: Decider<C, Ev, S, Err>,
  codec: EventCodec<Ev>,
  cache: StreamStateCache,
  settled?: (state: S) => boolean,
): Promise<E.Either<InfrastructureError, LoadedStream<S>>> => {
  const cached = cache.get<S>(streamName, decider);
  if (cached !== undefined && settled?.(cached.state) === true)
    return E.right({ state: cached.state, revision: cached.revision, events: [] });
  if (cached !== undefined) {
    const tail = await store.readStream(streamName, { fromRevision: cached.revision });
    if (E.isLeft(tail) && tail.left._tag === 'StoreUnavailable')
      return E.left(storeError(streamName, tail.left));
    const first = E.isRight(tail) ? tail.right[0] : undefined;
    if (E.isRight(tail) && first?.revision === cached.revision && first.id === cached.lastEventId) {
      const newer = tail.right.slice(1);
      const state = foldEvents(decider.evolve, codec, streamName, cached.state, newer);
      if (E.isLeft(state)) return state;
      const last = tail.right[tail.right.length - 1] ?? first;
      cache.set(streamName, decider, { state: state.right, revision: last.revision, lastEventId: last.id });
      return E.right({ state: state.right, revision: last.revision, events: newer });
    }
    // Not the stream the entry was made from (a store replaced under us): read it all.
    cache.delete(streamName);
  }
  const loaded = await loadStream(store, streamName, decider, codec);
  if (E.isRight(loaded)) {
    const last = loaded.right.events[loaded.right.events.length - 1];
    if (last !== undefined)
      cache.set(streamName, decider, {
        state: loaded.right.state,
        revision: last.revision,
        lastEventId: last.id,
      });
  }
  return loaded;
};

/** Reads through the cache, remembers what was appended, forgets a stream whose append lost. */
export const cachedStreamAccess = (cache: StreamStateCache): StreamAccess => ({
  load: (store, streamName, decider, codec) => loadCached(store, streamName, decider, codec, cache),
  appended: (streamName, fold, after, revision, lastEventId) =>
    cache.set(streamName, fold, { state: after, revision, lastEventId }),
  conflicted: (streamName) => cache.delete(streamName),
});

/**
 * The first decision is made on the remembered state without reading: an append at its revision
 * succeeds only if nothing was written since, and one that loses reads and decides again through the
 * inner runner (without counting as a lost race). A refusal or a no-op decided on it is checked against
 * the events after it first, so no caller is refused on the strength of a state another instance has
 * changed. The inner runner then reads through the cache too.
 */
export const withStreamStateCache =
  (cache: StreamStateCache) =>
  (inner: CommandRunner): CommandRunner =>
  async (request) => {
    const cached = { ...request, access: cachedStreamAccess(cache) };
    const { store, streamName, decider, codec } = request;
    const remembered = cache.get<typeof decider.initialState>(streamName, decider);
    if (remembered === undefined) return inner(cached);
    let basis: Basis<typeof remembered.state> = remembered;
    let read = false;
    let decision = await decideOn(request, basis.state);
    if (E.isLeft(decision) || decision.right.length === 0) {
      const loaded = await loadCached(store, streamName, decider, codec, cache);
      if (E.isLeft(loaded)) return loaded;
      // Unchanged (the same state object when no event came after it): the answer stands.
      if (loaded.right.state === basis.state)
        return E.isLeft(decision) ? decision : E.right(unchanged(basis.state));
      basis = loaded.right;
      read = true;
      decision = await decideOn(request, basis.state);
    }
    const outcome = await appendDecision(cached, basis, decision);
    if (outcome !== CONFLICT) return outcome;
    // A remembered state gone out of date is not a lost race; one read just now is.
    return inner({ ...cached, attemptsMade: (request.attemptsMade ?? 0) + (read ? 1 : 0) });
  };
