import type { EventStore } from '@upload-sessions/event-store';
import type { ServiceMetrics } from './service-metrics';

/**
 * The event store as the app uses it, measured: append latency by outcome, batch size, and lost races.
 * A lost race is followed by the same command appending again on that stream: streams that lost one
 * are remembered (boundedly) so that their next append counts as a retry.
 */
export const instrumentEventStore = (store: EventStore, metrics: ServiceMetrics): EventStore => {
  const lostRaces = new Set<string>();
  const appendToStream: EventStore['appendToStream'] = async (streamName, events, options) => {
    if (lostRaces.delete(streamName)) metrics.commandRetries.inc();
    const stop = metrics.appendDuration.startTimer();
    const result = await store.appendToStream(streamName, events, options);
    if (result._tag === 'Right') {
      stop({ outcome: 'ok' });
      metrics.appendBatchSize.observe(events.length);
    } else if (result.left._tag === 'WrongExpectedRevision') {
      stop({ outcome: 'conflict' });
      metrics.commandConflicts.inc();
      if (lostRaces.size >= 10_000) lostRaces.clear();
      lostRaces.add(streamName);
    } else {
      stop({ outcome: 'unavailable' });
    }
    return result;
  };
  const appendToStreams: EventStore['appendToStreams'] = async (appends) => {
    for (const { streamName } of appends) if (lostRaces.delete(streamName)) metrics.commandRetries.inc();
    const stop = metrics.appendDuration.startTimer();
    const result = await store.appendToStreams(appends);
    if (result._tag === 'Right') {
      stop({ outcome: 'ok' });
      metrics.appendBatchSize.observe(appends.reduce((sum, append) => sum + append.events.length, 0));
    } else if (result.left._tag === 'WrongExpectedRevision') {
      stop({ outcome: 'conflict' });
      metrics.commandConflicts.inc();
      if (lostRaces.size >= 10_000) lostRaces.clear();
      lostRaces.add(result.left.streamName);
    } else {
      stop({ outcome: 'unavailable' });
    }
    return result;
  };
  return {
    appendToStream,
    appendToStreams,
    readStream: (streamName, options) => store.readStream(streamName, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
};
