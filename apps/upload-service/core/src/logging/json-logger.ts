import type { LoggerService } from '@nestjs/common';
import type { LogFormat, LogLevel } from './logging-config';
import { bufferedLines, type LineSink } from './buffered-stdout';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One buffered stdout for every logger of the process, made on first use. */
let stdout: LineSink | undefined;
const stdoutLines = (): LineSink => (stdout ??= bufferedLines());

export type LogFields = Record<string, unknown>;

/** Nest's start-up chatter (modules loaded, one line per mapped route): debug, not info. */
const NEST_START_UP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

/** `12:00:00.123 INFO  listening url=http://…`: one line a human reads (LOG_FORMAT=pretty). */
const prettyLine = (entry: LogFields & { time: string; level: LogLevel; msg: string }): string => {
  const { time, level, msg, ...fields } = entry;
  const rest = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : safeStringify(value)}`)
    .join(' ');
  return `${time.slice(11, 23)} ${level.toUpperCase().padEnd(5)} ${msg}${rest === '' ? '' : `  ${rest}`}`;
};

/**
 * Structured logs: one JSON object per line on stdout, for Nest's own messages and ours alike
 * (`pretty`: one readable line each instead). `write` is injectable so tests can read what was logged.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly level: LogLevel = 'info',
    // Lines of one event-loop turn share one write to stdout (see buffered-stdout.ts).
    private readonly write: (line: string) => void = (line) => stdoutLines().write(line),
    private readonly format: LogFormat = 'json',
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }

  /** Our own structured entries: a message plus fields. */
  entry(level: LogLevel, msg: string, fields: LogFields = {}): void {
    if (rank[level] < rank[this.level]) return;
    const entry = { time: new Date().toISOString(), level, msg, ...fields };
    this.write(`${this.format === 'pretty' ? prettyLine(entry) : safeStringify(entry)}\n`);
  }

  /** Nest calls log(message, ...optionalParams) where the last string is the context. */
  private emit(given: LogLevel, message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const level =
      given === 'info' && context !== undefined && NEST_START_UP_CONTEXTS.has(context) ? 'debug' : given;
    if (rank[level] < rank[this.level]) return;
    const extra = context !== undefined ? rest.slice(0, -1) : rest;
    const fields: LogFields = {};
    if (context !== undefined) fields['context'] = context;
    if (level === 'error' && typeof extra[0] === 'string') fields['stack'] = extra[0];
    if (message instanceof Error) {
      this.entry(level, message.message, { ...fields, stack: message.stack });
    } else if (typeof message === 'object' && message !== null) {
      this.entry(
        level,
        typeof (message as { msg?: unknown }).msg === 'string'
          ? String((message as { msg: string }).msg)
          : '',
        {
          ...fields,
          ...(message as LogFields),
        },
      );
    } else {
      this.entry(level, String(message), fields);
    }
  }
}

const safeStringify = (value: unknown): string => {
  try {
    // Without a replacer first: a replacer function is called for every key of every line logged.
    return JSON.stringify(value);
  } catch {
    return stringifyOdd(value);
  }
};

/** A value plain JSON.stringify refuses: BigInts become strings; anything else (a cycle) is reported. */
const stringifyOdd = (value: unknown): string => {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return JSON.stringify({
      time: new Date().toISOString(),
      level: 'error',
      msg: 'unserialisable log entry',
    });
  }
};
