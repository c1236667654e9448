import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import { decode } from './codecs/decode';
import type { BvError } from './errors/bv-error';
import { bvHttpError } from './errors/bv-error-renderer';

/** The result, or the error thrown as its google.rpc.Status response. */
export const orThrow = <A>(result: E.Either<ApplicationError | BvError, A>): A => {
  if (E.isLeft(result)) throw bvHttpError(result.left);
  return result.right;
};

/** A decoded request part, or the 400 (code 3) it deserves. */
export const decodeOrThrow = <A>(codec: t.Decoder<unknown, A>, value: unknown, what: string): A =>
  orThrow(decode(codec, value, what));
