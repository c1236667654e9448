import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import type { EventStore, GlobalPosition } from '@upload-sessions/event-store';
import type { ApplicationError } from '../../app/application-error';
import { EVENT_STORE } from '../../app/tokens';
import { LIBRARY_STREAM_PREFIX } from '../../event-sourcing/stream-names';
import { LibraryStreams } from '../library-streams';
import {
  GetLibraryItemQuery,
  GetLocalLibraryQuery,
  ListLibraryItemsQuery,
  ListLocalLibrariesQuery,
} from './library-queries';

// Thin reads from the streams (and, for the library list, a scan of the log); projected read models
// replace them later behind the same queries.

@QueryHandler(GetLocalLibraryQuery)
export class GetLocalLibraryHandler implements IQueryHandler<GetLocalLibraryQuery> {
  constructor(@Inject(LibraryStreams) private readonly library: LibraryStreams) {}
  execute({ organizationId, libraryId }: GetLocalLibraryQuery) {
    return this.library.loadLibrary(libraryId, organizationId);
  }
}

@QueryHandler(GetLibraryItemQuery)
export class GetLibraryItemHandler implements IQueryHandler<GetLibraryItemQuery> {
  constructor(@Inject(LibraryStreams) private readonly library: LibraryStreams) {}
  execute({ organizationId, libraryItemId }: GetLibraryItemQuery) {
    return this.library.loadItem(libraryItemId, organizationId);
  }
}

@QueryHandler(ListLibraryItemsQuery)
export class ListLibraryItemsHandler implements IQueryHandler<ListLibraryItemsQuery> {
  constructor(@Inject(LibraryStreams) private readonly library: LibraryStreams) {}
  async execute({
    organizationId,
    libraryId,
  }: ListLibraryItemsQuery): Promise<E.Either<ApplicationError, readonly string[]>> {
    const library = await this.library.loadLibrary(libraryId, organizationId);
    if (E.isLeft(library)) return library;
    const ids: string[] = [];
    for (const item of library.right.items) {
      const state = await this.library.loadItemState(item.id);
      if (E.isRight(state) && state.right.status !== 'NONE') ids.push(item.id);
    }
    return E.right(ids);
  }
}

@QueryHandler(ListLocalLibrariesQuery)
export class ListLocalLibrariesHandler implements IQueryHandler<ListLocalLibrariesQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async execute({
    organizationId,
  }: ListLocalLibrariesQuery): Promise<E.Either<ApplicationError, readonly string[]>> {
    const ids: string[] = [];
    let after: GlobalPosition | undefined;
    for (;;) {
      const page = await this.store.readAll({
        ...(after !== undefined ? { after } : {}),
        maxCount: 1000,
        filter: { streamPrefixes: [LIBRARY_STREAM_PREFIX], eventTypes: ['LocalLibraryCreated'] },
      });
      if (E.isLeft(page)) return E.left({ _tag: 'StoreUnavailable', message: page.left.message });
      for (const event of page.right.events) {
        if (event.data['organizationId'] === organizationId) ids.push(String(event.data['libraryId']));
      }
      if (page.right.isEnd || page.right.events.length === 0) break;
      after = page.right.events[page.right.events.length - 1]?.position;
    }
    return E.right(ids);
  }
}
