/** Injection tokens for the infrastructure the application layer is given. */
export const EVENT_STORE = Symbol('EventStore');
export const CLOCK = Symbol('Clock');
/** The StreamStateCache of the command path (one per service instance). */
export const STREAM_STATE_CACHE = Symbol('StreamStateCache');

/** The service's notion of now; tests of expiry replace it. */
export type Clock = () => Date;
