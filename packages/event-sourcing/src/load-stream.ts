import * as E from 'fp-ts/Either';
import type {
  EventStore,
  EventStoreError,
  ExpectedRevision,
  RecordedEvent,
} from '@upload-sessions/event-store';
import type { Decider, EventCodec } from './decider';
import type { InfrastructureError } from './infrastructure-error';

export interface LoadedStream<S> {
  readonly state: S;
  /** The revision to append at: the last event's, or 'no_stream'. */
  readonly revision: ExpectedRevision;
  /** The events read and folded (with a state cache, only those after the cached state). */
  readonly events: readonly RecordedEvent[];
}

/** Folds recorded events onto `from`; an event the codec cannot read makes the stream corrupt. */
export const foldEvents = <Ev, S>(
  evolve: (state: S, event: Ev) => S,
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
    state = evolve(state, event.right);
  }
  return E.right(state);
};

export const storeError = (streamName: string, error: EventStoreError): InfrastructureError =>
  error._tag === 'StoreUnavailable'
    ? { _tag: 'StoreUnavailable', message: error.message }
    : { _tag: 'StoreUnavailable', message: `reading ${streamName}: ${error._tag}` };

/** Reads a whole stream and folds it; a missing stream is the initial state. */
export const loadStream = async <C, Ev, S, Err>(
  store: EventStore,
  streamName: string,
  decider: Decider<C, Ev, S, Err>,
  codec: EventCodec<Ev>,
): Promise<E.Either<InfrastructureError, LoadedStream<S>>> => {
  const read = await store.readStream(streamName);
  if (E.isLeft(read)) {
    if (read.left._tag === 'StreamNotFound')
      return E.right({ state: decider.initialState, revision: 'no_stream', events: [] });
    return E.left(storeError(streamName, read.left));
  }
  const state = foldEvents(decider.evolve, codec, streamName, decider.initialState, read.right);
  if (E.isLeft(state)) return state;
  const last = read.right[read.right.length - 1];
  return E.right({ state: state.right, revision: last?.revision ?? 'no_stream', events: read.right });
};
