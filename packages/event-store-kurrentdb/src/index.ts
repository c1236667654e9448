export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb-event-store';
export { KurrentDbSubscription } from './kurrentdb-subscription';
export {
  invalidConnectionString,
  nodesOf,
  normaliseConnectionString,
  redactConnectionString,
  type InvalidConnectionString,
} from './connection-string';
export { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff';
export { appendErrorFromClient, readStreamErrorFromClient, unavailableFromClient } from './client-error';
export {
  KURRENT_CAUSATION_ID,
  KURRENT_CORRELATION_ID,
  NON_OBJECT_DATA,
  PORT_EVENT_ID,
} from './event-mapping';
