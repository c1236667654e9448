import * as E from 'fp-ts/Either';
import { IntegerInRange } from '../config/config-codecs';
import { defineConfigSlice } from '../config/config-slice';

/** How the command path runs: retries after a lost race, and the folded states it remembers. */
export interface CommandsConfig {
  /** How often a command is retried after losing an optimistic-concurrency race. */
  readonly retries: number;
  /** How many streams' folded states the command path keeps in memory (0: none; see StreamStateCache). */
  readonly streamCacheSize: number;
}

export const COMMANDS_CONFIG = Symbol('CommandsConfig');

export const commandsConfig = defineConfigSlice({
  key: 'commands',
  token: COMMANDS_CONFIG,
  variables: {
    COMMAND_RETRIES: IntegerInRange(0, 100),
    STREAM_CACHE_SIZE: IntegerInRange(0, 10_000_000),
  },
  defaults: {
    COMMAND_RETRIES: 5,
    // Streams whose folded state the command path keeps (a few KiB each at most): the active sessions and
    // their items of a busy instance fit.
    STREAM_CACHE_SIZE: 10_000,
  },
  build: (v): E.Either<string[], CommandsConfig> =>
    E.right({ retries: v.COMMAND_RETRIES, streamCacheSize: v.STREAM_CACHE_SIZE }),
});
