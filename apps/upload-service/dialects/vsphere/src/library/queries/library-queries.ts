import { Query } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import type { LibraryItem } from '../library-item/library-item-decider';
import type { LocalLibrary } from '../local-library/local-library-decider';

export class GetLocalLibraryQuery extends Query<Either<ApplicationError, LocalLibrary>> {
  constructor(
    readonly organizationId: string,
    readonly libraryId: string,
  ) {
    super();
  }
}

export class ListLocalLibrariesQuery extends Query<Either<ApplicationError, readonly string[]>> {
  constructor(readonly organizationId: string) {
    super();
  }
}

export class GetLibraryItemQuery extends Query<Either<ApplicationError, LibraryItem>> {
  constructor(
    readonly organizationId: string,
    readonly libraryItemId: string,
  ) {
    super();
  }
}

/** The items of one library. */
export class ListLibraryItemsQuery extends Query<Either<ApplicationError, readonly string[]>> {
  constructor(
    readonly organizationId: string,
    readonly libraryId: string,
  ) {
    super();
  }
}
