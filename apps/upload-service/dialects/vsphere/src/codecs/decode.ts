import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { expectedValue } from '@upload-sessions/service-core/http/expected-value';
import { invalidArgument, type VapiError } from '../errors/vapi-error';

/** Decodes a request part, or answers 400 INVALID_ARGUMENT naming the first offending field. */
export const decode = <A>(
  codec: t.Decoder<unknown, A>,
  value: unknown,
  what: string,
): E.Either<VapiError, A> => {
  const result = codec.decode(value);
  if (E.isRight(result)) return result;
  const first = result.left[0];
  const path = (first?.context ?? [])
    .map((entry) => entry.key)
    .filter((key) => key !== '')
    .join('.');
  const expected = expectedValue(first?.context[first.context.length - 1]?.type);
  const where = path === '' ? what : `${what} field ${path}`;
  const message = first?.message ?? `${where} must be ${expected}`;
  return E.left(invalidArgument(`Invalid ${what}: ${message}.`, [path === '' ? what : path]));
};
