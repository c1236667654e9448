import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import { libraryItemNotFound } from '@upload-sessions/service-core/application/library-error';
import { ReadModels } from '@upload-sessions/read-side/projections/read-models';
import type { LibraryReadModelQueries } from '../../library/queries/library-read-model-queries';
import { LIBRARY_READ_MODELS } from '../../library/queries/library-read-models';
import { ListUploadSessionsQuery } from './list-upload-sessions.query';

/** Answered from the upload-sessions read model, indexed by organization, creator and library item. */
@QueryHandler(ListUploadSessionsQuery)
export class ListUploadSessionsHandler implements IQueryHandler<ListUploadSessionsQuery> {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(LIBRARY_READ_MODELS) private readonly libraries: ReadModels<LibraryReadModelQueries>,
  ) {}

  async execute({
    principal,
    libraryItemId,
  }: ListUploadSessionsQuery): Promise<E.Either<ApplicationError, readonly string[]>> {
    const read = await this.readModels.forCaller();
    const libraries = await this.libraries.forCaller();
    if (
      libraryItemId !== null &&
      libraries.libraryItem(principal.organizationId, libraryItemId) === undefined
    ) {
      return E.left(libraryItemNotFound(libraryItemId));
    }
    return E.right(
      read.uploadSessionIds({
        organizationId: principal.organizationId,
        createdBy: principal.username,
        ...(libraryItemId !== null ? { libraryItemId } : {}),
      }),
    );
  }
}
