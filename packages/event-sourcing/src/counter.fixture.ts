// A tiny counter aggregate for the specs: enough to exercise loading, deciding, appending and retrying.
import * as E from 'fp-ts/Either';
import type { InMemoryEventStore } from '@upload-sessions/event-store';
import type { CommandRequest } from './command-runner';
import type { Decider, EventCodec } from './decider';

export type Cmd = { readonly add: number };
export type Ev = { readonly type: 'Added'; readonly by: number };
export type Err = { readonly _tag: 'TooBig' };

export const counter: Decider<Cmd, Ev, number, Err> = {
  initialState: 0,
  decide: (cmd, state) =>
    state + cmd.add > 10
      ? E.left({ _tag: 'TooBig' })
      : E.right(cmd.add === 0 ? [] : [{ type: 'Added', by: cmd.add }]),
  evolve: (state, ev) => state + ev.by,
};

export const codec: EventCodec<Ev> = {
  encode: (ev) => ({ type: ev.type, schemaVersion: 1, data: { by: ev.by } }),
  decode: (r) =>
    r.type === 'Added' && typeof r.data['by'] === 'number'
      ? E.right({ type: 'Added', by: r.data['by'] })
      : E.left(`bad ${r.type}`),
};

export const metadata = (eventId: string, occurredAt: string, schemaVersion: number) => ({
  eventId,
  occurredAt,
  correlationId: 'corr',
  schemaVersion,
});

export const competingAppend = (store: InMemoryEventStore, stream: string, by = 1) =>
  store.appendToStream(stream, [{ id: crypto.randomUUID(), type: 'Added', data: { by }, metadata: {} }], {
    expectedRevision: 'any',
  });

export type CounterRequest = CommandRequest<Cmd, Ev, number, Err>;

/** A request on the counter's stream `c-1`, with the usual codec, metadata and 5 retries unless given. */
export const counterRequest = (
  options: Pick<CounterRequest, 'store' | 'command'> & Partial<CounterRequest>,
): CounterRequest => ({ streamName: 'c-1', decider: counter, codec, metadata, retries: 5, ...options });

/** The store, with each readStream call's options and the number of events it returned recorded. */
export const spiedReads = (store: InMemoryEventStore) => {
  const reads: { fromRevision: number | undefined; returned: number }[] = [];
  const readStream = store.readStream.bind(store);
  store.readStream = async (name, options) => {
    const result = await readStream(name, options);
    reads.push({
      fromRevision: options?.fromRevision,
      returned: E.isRight(result) ? result.right.length : 0,
    });
    return result;
  };
  return reads;
};
