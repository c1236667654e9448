import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import type { ApplicationError } from '../../app/application-error';
import { libraryItemNotFound } from '@upload-sessions/content-library';
import { ReadModels } from '../../projections/read-models';
import { ListUploadSessionsQuery } from './list-upload-sessions.query';

/** Answered from the upload-sessions read model, indexed by organization, creator and library item. */
@QueryHandler(ListUploadSessionsQuery)
export class ListUploadSessionsHandler implements IQueryHandler<ListUploadSessionsQuery> {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  async execute({
    principal,
    libraryItemId,
  }: ListUploadSessionsQuery): Promise<E.Either<ApplicationError, readonly string[]>> {
    const read = await this.readModels.forCaller();
    if (libraryItemId !== null && read.libraryItem(principal.organizationId, libraryItemId) === undefined) {
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
