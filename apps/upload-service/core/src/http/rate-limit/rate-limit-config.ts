import * as E from 'fp-ts/Either';
import { IntegerInRange } from '../../config/config-codecs';
import { defineConfigSlice } from '../../config/config-slice';

/** Requests per second each principal may sustain (0: no limit), and how many it may burst. */
export interface RateLimitConfig {
  readonly perSecond: number;
  readonly burst: number;
}

export const RATE_LIMIT_CONFIG = Symbol('RateLimitConfig');

export const rateLimitConfig = defineConfigSlice({
  key: 'rateLimit',
  token: RATE_LIMIT_CONFIG,
  variables: {
    RATE_LIMIT_PER_SECOND: IntegerInRange(0, 1_000_000),
    RATE_LIMIT_BURST: IntegerInRange(1, 10_000_000),
  },
  // High enough for busy automation (and the test suites) on one principal; a flood still gets 429.
  defaults: { RATE_LIMIT_PER_SECOND: 1000, RATE_LIMIT_BURST: 2000 },
  build: (v): E.Either<string[], RateLimitConfig> =>
    E.right({ perSecond: v.RATE_LIMIT_PER_SECOND, burst: v.RATE_LIMIT_BURST }),
});
