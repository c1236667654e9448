import * as E from 'fp-ts/Either';
import { IntegerInRange } from '../config/config-codecs';
import { defineConfigSlice } from '../config/config-slice';

/** How long an idle session lives, and how often the sweeps look for those past it. */
export interface SessionsConfig {
  /** Idle time after which an ACTIVE update session expires (vCenter's default: 5 minutes). */
  readonly timeoutSeconds: number;
  readonly expirySweepIntervalSeconds: number;
}

/** The variables (with their defaults), also read by the read side's temporary-content sweep. */
export const sessionTimingVariables = {
  SESSION_TIMEOUT_SECONDS: IntegerInRange(1, 7 * 24 * 3600),
  EXPIRY_SWEEP_INTERVAL_SECONDS: IntegerInRange(1, 3600),
};
export const sessionTimingDefaults = { SESSION_TIMEOUT_SECONDS: 300, EXPIRY_SWEEP_INTERVAL_SECONDS: 15 };

export const SESSIONS_CONFIG = Symbol('SessionsConfig');

export const sessionsConfig = defineConfigSlice({
  key: 'sessions',
  token: SESSIONS_CONFIG,
  variables: sessionTimingVariables,
  defaults: sessionTimingDefaults,
  build: (v): E.Either<string[], SessionsConfig> =>
    E.right({
      timeoutSeconds: v.SESSION_TIMEOUT_SECONDS,
      expirySweepIntervalSeconds: v.EXPIRY_SWEEP_INTERVAL_SECONDS,
    }),
});
