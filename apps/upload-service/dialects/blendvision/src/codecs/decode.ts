import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { expectedValue } from '@upload-sessions/service-core/http/expected-value';
import { bvInvalidArgument, type BvError } from '../errors/bv-error';

const isCombinator = (type: t.Decoder<unknown, unknown> | undefined): boolean => {
  const tag = (type as { _tag?: unknown } | undefined)?._tag;
  return tag === 'IntersectionType' || tag === 'UnionType';
};

/** `file.size`, `complete_data.parts[2].etag`: the request field an io-ts error points at. */
export const fieldPath = (context: t.Context): string => {
  let path = '';
  context.forEach((entry, i) => {
    if (entry.key === '' || isCombinator(context[i - 1]?.type)) return;
    path += /^\d+$/.test(entry.key) ? `[${entry.key}]` : path === '' ? entry.key : `.${entry.key}`;
  });
  return path;
};

/** Decodes a request part, or refuses it as 3 INVALID_ARGUMENT naming the first offending field. */
export const decode = <A>(
  codec: t.Decoder<unknown, A>,
  value: unknown,
  what: string,
): E.Either<BvError, A> => {
  const result = codec.decode(value);
  if (E.isRight(result)) return result;
  const first = result.left[0];
  const field = first === undefined ? '' : fieldPath(first.context);
  const expected = expectedValue(first?.context[first.context.length - 1]?.type);
  const actual = first?.value === undefined ? 'missing' : 'invalid';
  const message =
    first?.message ??
    (field === '' ? `${what} must be ${expected}` : `${field} is ${actual}: must be ${expected}`);
  return E.left(bvInvalidArgument(field === '' ? what : field, message));
};
