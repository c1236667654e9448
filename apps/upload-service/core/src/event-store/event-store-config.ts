import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { IntegerInRange, KurrentDbConnectionString, NonEmptyText } from '../config/config-codecs';
import { defineConfigSlice } from '../config/config-slice';
import { dataDirOf, dataDirVariable } from '../config/data-dir';

export type EventStoreConnection =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'kurrentdb'; readonly connectionString: string };

/**
 * `degraded`: start anyway, not ready (503) until the node answers, then serve (the client reconnects);
 * `exit`: stop with code 1, for supervisors that restart and want the failure seen.
 */
export interface KurrentDbStartupConfig {
  readonly mode: 'degraded' | 'exit';
  /** How long the start waits for the node to answer before logging it unreachable and acting on `mode`. */
  readonly waitSeconds: number;
}

/** Which store the service opens, and what it does when KurrentDB does not answer at start (unused on SQLite). */
export interface EventStoreConfig {
  readonly connection: EventStoreConnection;
  readonly kurrentDbStartup: KurrentDbStartupConfig;
}

export const EVENT_STORE_CONFIG = Symbol('EventStoreConfig');

export const eventStoreConfig = defineConfigSlice({
  key: 'eventStore',
  token: EVENT_STORE_CONFIG,
  variables: {
    ...dataDirVariable,
    /** The embedded store's event file: several instances on one host share it, each with its own DATA_DIR. */
    EVENT_STORE_FILE: NonEmptyText,
    KURRENTDB_CONNECTION_STRING: KurrentDbConnectionString,
    KURRENTDB_STARTUP: t.keyof({ degraded: null, exit: null }, 'one of degraded, exit'),
    KURRENTDB_STARTUP_WAIT_SECONDS: IntegerInRange(1, 600),
  },
  defaults: {
    // Degraded: a node that starts after the service (compose, orchestrators) is picked up without a
    // restart loop, and readiness keeps traffic away meanwhile.
    KURRENTDB_STARTUP: 'degraded',
    KURRENTDB_STARTUP_WAIT_SECONDS: 10,
  },
  build: (v, { cwd }): E.Either<string[], EventStoreConfig> =>
    E.right({
      connection:
        v.KURRENTDB_CONNECTION_STRING !== undefined
          ? { kind: 'kurrentdb', connectionString: v.KURRENTDB_CONNECTION_STRING }
          : {
              kind: 'sqlite',
              path:
                v.EVENT_STORE_FILE !== undefined
                  ? path.resolve(cwd, v.EVENT_STORE_FILE)
                  : path.join(dataDirOf(v, cwd), 'events.sqlite'),
            },
      kurrentDbStartup: { mode: v.KURRENTDB_STARTUP, waitSeconds: v.KURRENTDB_STARTUP_WAIT_SECONDS },
    }),
});
