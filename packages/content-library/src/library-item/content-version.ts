import * as t from 'io-ts';

/** An item's content version: 1 is the empty item, each committed session adds one. */
export const ContentVersionNumber = new t.Type<number, number, unknown>(
  'ContentVersionNumber (integer 1 or more)',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 1,
  (u, c) => (typeof u === 'number' && Number.isSafeInteger(u) && u >= 1 ? t.success(u) : t.failure(u, c)),
  t.identity,
);
