import * as E from 'fp-ts/Either';
import { defineConfigSlice } from '@upload-sessions/service-core/config/config-slice';
import {
  sessionTimingDefaults,
  sessionTimingVariables,
} from '@upload-sessions/service-core/sessions/sessions-config';

/** The temporary-content sweep: how often it runs, and how old unclaimed content must be to go. */
export interface CleanUpConfig {
  readonly sweepIntervalSeconds: number;
  /** Content of no session older than this (the session timeout) is stale. */
  readonly staleAfterSeconds: number;
}

export const CLEAN_UP_CONFIG = Symbol('CleanUpConfig');

export const cleanUpConfig = defineConfigSlice({
  key: 'cleanUp',
  token: CLEAN_UP_CONFIG,
  // The sessions' own timing: the sweep runs with the expiry sweep and waits as long as a session lives.
  variables: sessionTimingVariables,
  defaults: sessionTimingDefaults,
  build: (v): E.Either<string[], CleanUpConfig> =>
    E.right({
      sweepIntervalSeconds: v.EXPIRY_SWEEP_INTERVAL_SECONDS,
      staleAfterSeconds: v.SESSION_TIMEOUT_SECONDS,
    }),
});
