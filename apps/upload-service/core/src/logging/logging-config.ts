import * as E from 'fp-ts/Either';
import { LogFormatCodec, LogLevelCodec } from '../config/config-codecs';
import { defineConfigSlice } from '../config/config-slice';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** JSON lines (default, for machines) or one readable line per entry (LOG_FORMAT=pretty, for humans). */
export type LogFormat = 'json' | 'pretty';

export interface LoggingConfig {
  readonly level: LogLevel;
  readonly format: LogFormat;
}

export const LOGGING_CONFIG = Symbol('LoggingConfig');

export const loggingConfig = defineConfigSlice({
  key: 'logging',
  token: LOGGING_CONFIG,
  variables: { LOG_LEVEL: LogLevelCodec, LOG_FORMAT: LogFormatCodec },
  defaults: { LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
  build: (v): E.Either<string[], LoggingConfig> => E.right({ level: v.LOG_LEVEL, format: v.LOG_FORMAT }),
});
