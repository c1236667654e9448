import * as E from 'fp-ts/Either';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import type { VapiError } from './errors/vapi-error';
import { toVapiError } from './errors/vapi-error-mapper';
import { vapiHttpError } from './errors/vapi-error-renderer';

/** The result, or the error thrown as its vAPI response. */
export const orThrow = <A>(result: E.Either<ApplicationError, A>): A => {
  if (E.isLeft(result)) throw vapiHttpError(toVapiError(result.left));
  return result.right;
};

/** A decoded request part, or the 400 it deserves. */
export const validOrThrow = <A>(result: E.Either<VapiError, A>): A => {
  if (E.isLeft(result)) throw vapiHttpError(result.left);
  return result.right;
};

/** vAPI answers ids and tokens as JSON strings; Fastify sends a string body unchanged. */
export const jsonString = (value: string): string => JSON.stringify(value);
