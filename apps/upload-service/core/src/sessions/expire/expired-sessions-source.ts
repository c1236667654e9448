/** An ACTIVE session whose expiration time has passed, as the read side last saw it. */
export interface ExpiredSessionNominee {
  readonly sessionId: string;
  readonly organizationId: string;
  readonly expiresAt: string;
}

/**
 * Where the expiry sweeper learns which sessions to expire: the read side's `upload_sessions` read
 * model (provided by its projections module; core may not import the read side). It only nominates:
 * each session's own stream decides whether it expires.
 */
export interface ExpiredSessionsSource {
  /**
   * Up to `limit` ACTIVE sessions whose `expiresAt` is at or before `now` (ms since the epoch), oldest
   * first, once the read model has taken in the log written before the call (waiting a bounded time).
   * Rejects when the event store does not answer.
   */
  expiredActiveSessions(now: number, limit: number): Promise<readonly ExpiredSessionNominee[]>;
}

export const EXPIRED_SESSIONS_SOURCE = Symbol('ExpiredSessionsSource');
