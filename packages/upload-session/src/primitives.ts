import * as t from 'io-ts';

/**
 * A string codec checked by a predicate. The static type stays `string` on purpose: callers build
 * commands from already-validated input without casts, and the edge validates with the codec.
 */
export const checkedString = (
  name: string,
  isValid: (s: string) => boolean,
): t.Type<string, string, unknown> =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && isValid(u),
    (u, c) => (typeof u === 'string' && isValid(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  );

export const patternString = (name: string, pattern: RegExp): t.Type<string, string, unknown> =>
  checkedString(name, (s) => pattern.test(s));

const isoDateTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/** True for a real calendar instant in ISO-8601 form (Date.parse alone accepts 2024-02-30 and 24:00). */
export const isIsoDateTime = (s: string): boolean => {
  const m = isoDateTimePattern.exec(s);
  if (m === null) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetHours = m[9] === undefined ? 0 : Number(m[9]);
  const offsetMinutes = m[10] === undefined ? 0 : Number(m[10]);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  if (offsetHours > 23 || offsetMinutes > 59) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth && !Number.isNaN(Date.parse(s));
};

/** An instant as an ISO-8601 string with a zone (`Z` or `±hh:mm`), e.g. `2024-05-01T10:00:00.000Z`. */
export const IsoDateTime = checkedString('IsoDateTime (ISO-8601 with zone)', isIsoDateTime);

/** Milliseconds since the epoch of an ISO-8601 instant; NaN for anything else (comparisons then fail). */
export const instant = (iso: string): number => (isIsoDateTime(iso) ? Date.parse(iso) : Number.NaN);

export const NonNegativeInteger = new t.Type<number, number, unknown>(
  'NonNegativeInteger',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** Client progress: an integer percentage. */
export const Percentage = new t.Type<number, number, unknown>(
  'Percentage (integer 0..100)',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= 100,
  (u, c) =>
    typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= 100 ? t.success(u) : t.failure(u, c),
  t.identity,
);

/** Free text for messages: bounded so one event cannot carry an unbounded payload. */
export const MessageText = checkedString('MessageText (at most 4096 chars)', (s) => s.length <= 4096);

/** A readonly object codec that drops unknown keys, so what is stored is exactly what is declared. */
export const record = <P extends t.Props>(props: P, name: string) => t.readonly(t.strict(props, name), name);
