import { Query } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { ApplicationError } from '../../app/application-error';
import type { Principal } from '../../auth/principal';

/** The ids of the sessions the caller created (not deleted), optionally only those of one item. */
export class ListUploadSessionsQuery extends Query<Either<ApplicationError, readonly string[]>> {
  constructor(
    readonly principal: Principal,
    readonly libraryItemId: string | null,
  ) {
    super();
  }
}
