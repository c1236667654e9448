import type { Either } from 'fp-ts/Either';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import type { BvError } from '../errors/bv-error';

/** What the dialect's use cases answer: a result, or an error value its one mapper renders. */
export type BvResult<A> = Either<ApplicationError | BvError, A>;
