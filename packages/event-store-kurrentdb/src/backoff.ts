export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

/** 100 ms doubling to a 5 s ceiling: quick after a blip, gentle on a server that is down for long. */
export const defaultBackoff: BackoffPolicy = { baseMs: 100, capMs: 5_000 };

/**
 * Capped exponential backoff with full jitter: a uniform delay in [0, min(cap, base * 2^attempt)).
 * Full jitter spreads the reconnects of many subscribers that lost the same server at the same moment.
 * `random` returns a number in [0, 1), as Math.random does.
 */
export const backoffDelay = (
  attempt: number,
  random: () => number,
  policy: BackoffPolicy = defaultBackoff,
): number => {
  const exponent = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : attempt > 0 ? 30 : 0;
  // Math.min before the power would overflow to Infinity after ~1000 attempts; clamp the exponent instead.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(exponent, 30));
  return Math.floor(random() * ceiling);
};
