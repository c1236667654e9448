import {
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type Filter,
} from '@kurrent/kurrentdb-client';
import type { GlobalFilter } from '@upload-sessions/event-store';

export interface FilterPlan {
  /** What the server filters: it can filter on stream names or on event types, not both at once. */
  readonly server: Filter;
  /** The whole port filter, applied again to what the server sends. */
  readonly accepts: (event: { readonly streamId: string; readonly type: string }) => boolean;
}

/** KurrentDB's own events (`$statsCollected`, `$>` links, `$metadata`, ...) never belong to the port's log. */
const isSystemType = (type: string): boolean => type.startsWith('$');

/**
 * Splits the port's filter into what the server can do and what we check ourselves. Stream
 * prefixes go to the server when present (event types are then checked here); event types go to
 * the server as prefixes and are matched exactly here; no filter excludes system events on the server.
 */
export const planFilter = (filter: GlobalFilter | undefined): FilterPlan => {
  const prefixes = filter?.streamPrefixes ?? [];
  const types = filter?.eventTypes ?? [];
  const matchesPrefixes = (streamId: string): boolean =>
    prefixes.length === 0 || prefixes.some((prefix) => streamId.startsWith(prefix));
  const matchesTypes = (type: string): boolean =>
    types.length === 0 ? !isSystemType(type) : types.includes(type);
  const accepts: FilterPlan['accepts'] = (event) =>
    matchesPrefixes(event.streamId) && matchesTypes(event.type);

  if (prefixes.length > 0) return { server: streamNameFilter({ prefixes: [...prefixes] }), accepts };
  if (types.length > 0) return { server: eventTypeFilter({ prefixes: [...types] }), accepts };
  return { server: excludeSystemEvents(), accepts };
};
