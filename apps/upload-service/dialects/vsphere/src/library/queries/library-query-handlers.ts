import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import type { ReadModels } from '@upload-sessions/read-side/projections/read-models';
import type { LibraryReadModelQueries } from './library-read-model-queries';
import { LIBRARY_READ_MODELS } from './library-read-models';
import {
  libraryItemNotFound,
  libraryNotFound,
} from '@upload-sessions/service-core/application/library-error';
import {
  GetLibraryItemQuery,
  GetLocalLibraryQuery,
  ListLibraryItemsQuery,
  ListLocalLibrariesQuery,
} from './library-queries';

// Answered from the library read models (after the caller's own writes have reached them).

@QueryHandler(GetLocalLibraryQuery)
export class GetLocalLibraryHandler implements IQueryHandler<GetLocalLibraryQuery> {
  constructor(
    @Inject(LIBRARY_READ_MODELS) private readonly readModels: ReadModels<LibraryReadModelQueries>,
  ) {}
  async execute({ organizationId, libraryId }: GetLocalLibraryQuery) {
    const library = (await this.readModels.forCaller()).localLibrary(organizationId, libraryId);
    return library === undefined ? E.left(libraryNotFound(libraryId)) : E.right(library);
  }
}

@QueryHandler(GetLibraryItemQuery)
export class GetLibraryItemHandler implements IQueryHandler<GetLibraryItemQuery> {
  constructor(
    @Inject(LIBRARY_READ_MODELS) private readonly readModels: ReadModels<LibraryReadModelQueries>,
  ) {}
  async execute({ organizationId, libraryItemId }: GetLibraryItemQuery) {
    const item = (await this.readModels.forCaller()).libraryItem(organizationId, libraryItemId);
    return item === undefined ? E.left(libraryItemNotFound(libraryItemId)) : E.right(item);
  }
}

@QueryHandler(ListLibraryItemsQuery)
export class ListLibraryItemsHandler implements IQueryHandler<ListLibraryItemsQuery> {
  constructor(
    @Inject(LIBRARY_READ_MODELS) private readonly readModels: ReadModels<LibraryReadModelQueries>,
  ) {}
  async execute({
    organizationId,
    libraryId,
  }: ListLibraryItemsQuery): Promise<E.Either<ApplicationError, readonly string[]>> {
    const read = await this.readModels.forCaller();
    const library = read.localLibrary(organizationId, libraryId);
    if (library === undefined) return E.left(libraryNotFound(libraryId));
    // In the library's order; a name whose item was never created (an interrupted create) is left out.
    return E.right(
      library.items
        .filter((item) => read.libraryItem(organizationId, item.id) !== undefined)
        .map((item) => item.id),
    );
  }
}

@QueryHandler(ListLocalLibrariesQuery)
export class ListLocalLibrariesHandler implements IQueryHandler<ListLocalLibrariesQuery> {
  constructor(
    @Inject(LIBRARY_READ_MODELS) private readonly readModels: ReadModels<LibraryReadModelQueries>,
  ) {}
  async execute({
    organizationId,
  }: ListLocalLibrariesQuery): Promise<E.Either<ApplicationError, readonly string[]>> {
    return E.right((await this.readModels.forCaller()).localLibraryIds(organizationId));
  }
}
