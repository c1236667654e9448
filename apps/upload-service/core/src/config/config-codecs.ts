import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';

/**
 * Codecs for configuration values. Environment variables are always strings while a JSON config
 * file may hold numbers or arrays, so each codec accepts both spellings of the same value.
 */

export const IntegerInRange = (min: number, max: number): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    `an integer from ${min} to ${max}`,
    (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max,
    (u, c) => {
      const n =
        typeof u === 'number' ? u : typeof u === 'string' && /^\s*-?\d+\s*$/.test(u) ? Number(u) : NaN;
      return Number.isInteger(n) && n >= min && n <= max ? t.success(n) : t.failure(u, c);
    },
    (n) => n,
  );

export const NonEmptyText = new t.Type<string, string, unknown>(
  'a non-empty string',
  (u): u is string => typeof u === 'string' && u.trim() !== '',
  (u, c) => (typeof u === 'string' && u.trim() !== '' ? t.success(u.trim()) : t.failure(u, c)),
  (s) => s,
);

/** A trimmed string matching `pattern`; `name` says what it must be in error messages. */
export const matching = (name: string, pattern: RegExp): t.Type<string, string, unknown> =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && pattern.test(u),
    (u, c) => (typeof u === 'string' && pattern.test(u.trim()) ? t.success(u.trim()) : t.failure(u, c)),
    (s) => s,
  );

export const HostName = matching('a host name or IP address', /^[A-Za-z0-9.:[\]-]+$/);

export const KurrentDbConnectionString = matching(
  'a kurrentdb://, kurrent://, kdb:// or esdb:// connection string',
  /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\/\S+$/,
);

export const BaseUrl = matching(
  'an http(s) URL without a trailing slash',
  /^https?:\/\/[^\s/?#]+(\/[^\s?#]*[^\s/?#])?$/,
);

export const Secret = matching('a secret of at least 32 characters', /^\S{32,}$/);

export const LogLevelCodec = t.keyof(
  { debug: null, info: null, warn: null, error: null },
  'one of debug, info, warn, error',
);

export const LogFormatCodec = t.keyof({ json: null, pretty: null }, 'one of json, pretty');

/** An identifier-like token: organization ids and user names end up in logs and event metadata. */
export const Identifier = matching(
  '1 to 128 letters, digits, dots, dashes, underscores or @',
  /^[A-Za-z0-9._@-]{1,128}$/,
);

/** A JSON document given as text (environment) or already parsed (config file). */
export const JsonOrValue = new t.Type<unknown, unknown, unknown>(
  'JSON',
  (_u): _u is unknown => true,
  (u, c) => {
    if (typeof u !== 'string') return t.success(u);
    return pipe(
      E.tryCatch(
        () => JSON.parse(u) as unknown,
        () => [{ value: u, context: c, message: 'not valid JSON' }],
      ),
    );
  },
  (u) => u,
);
