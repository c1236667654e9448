import type { EventStore } from '@upload-sessions/event-store';
import type { CommandRunner } from './command-runner';

const queues = new WeakMap<EventStore, Map<string, Promise<void>>>();

/** Runs `work` after every earlier work of this process on the same store and stream has settled. */
export const serialised = <T>(store: EventStore, streamName: string, work: () => Promise<T>): Promise<T> => {
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

/**
 * Commands of this process on one stream run one after the other (per store, so two service instances
 * in one process still race as two processes would): fifty clients keeping one session alive all
 * succeed instead of most of them exhausting their retries. The revision check still guards against
 * writers elsewhere.
 */
export const oneAtATime =
  (inner: CommandRunner): CommandRunner =>
  (request) =>
    serialised(request.store, request.streamName, () => inner(request));
