import { Query } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import type { Principal } from '@upload-sessions/service-core/auth/principal';

/** The ids of the sessions the caller created (not deleted), optionally only those of one item. */
export class ListUploadSessionsQuery extends Query<Either<ApplicationError, readonly string[]>> {
  constructor(
    readonly principal: Principal,
    readonly libraryItemId: string | null,
  ) {
    super();
  }
}
