import type { GlobalFilter, RecordedEvent } from './event-store';

/**
 * The port's filter semantics, for adapters that filter in process: a stream-name prefix from the list
 * (if any) and an event type from the list (if any); empty or absent lists do not restrict.
 */
export const matchesFilter = (
  event: Pick<RecordedEvent, 'streamName' | 'type'>,
  filter: GlobalFilter | undefined,
): boolean => {
  const prefixes = filter?.streamPrefixes ?? [];
  const types = filter?.eventTypes ?? [];
  return (
    (prefixes.length === 0 || prefixes.some((prefix) => event.streamName.startsWith(prefix))) &&
    (types.length === 0 || types.includes(event.type))
  );
};
