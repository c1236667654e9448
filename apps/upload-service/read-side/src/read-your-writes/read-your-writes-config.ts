import * as E from 'fp-ts/Either';
import { IntegerInRange } from '@upload-sessions/service-core/config/config-codecs';
import { defineConfigSlice } from '@upload-sessions/service-core/config/config-slice';

export interface ReadYourWritesConfig {
  /** How long a read waits for the read models to reach the caller's write (then: see README, read-your-writes). */
  readonly timeoutMs: number;
}

export const READ_YOUR_WRITES_CONFIG = Symbol('ReadYourWritesConfig');

export const readYourWritesConfig = defineConfigSlice({
  key: 'readYourWrites',
  token: READ_YOUR_WRITES_CONFIG,
  variables: { READ_YOUR_WRITES_TIMEOUT_MS: IntegerInRange(0, 60_000) },
  defaults: { READ_YOUR_WRITES_TIMEOUT_MS: 5000 },
  build: (v): E.Either<string[], ReadYourWritesConfig> =>
    E.right({ timeoutMs: v.READ_YOUR_WRITES_TIMEOUT_MS }),
});
