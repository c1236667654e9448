import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import type { EventStore, GlobalPosition } from '@upload-sessions/event-store';
import type { ApplicationError } from '../../app/application-error';
import { EVENT_STORE } from '../../app/tokens';
import { UPLOAD_SESSION_STREAM_PREFIX } from '../../event-sourcing/stream-names';
import { LibraryStreams } from '../../library/library-streams';
import { ListUploadSessionsQuery } from './list-upload-sessions.query';

const PAGE = 1000;

/**
 * For now a scan of the global log filtered to session starts and deletes; a projected read model
 * replaces it later behind the same query.
 */
@QueryHandler(ListUploadSessionsQuery)
export class ListUploadSessionsHandler implements IQueryHandler<ListUploadSessionsQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LibraryStreams) private readonly library: LibraryStreams,
  ) {}

  async execute({
    principal,
    libraryItemId,
  }: ListUploadSessionsQuery): Promise<E.Either<ApplicationError, readonly string[]>> {
    if (libraryItemId !== null) {
      const item = await this.library.loadItem(libraryItemId, principal.organizationId);
      if (E.isLeft(item)) return item;
    }
    const ids = new Map<string, true>();
    let after: GlobalPosition | undefined;
    for (;;) {
      const page = await this.store.readAll({
        ...(after !== undefined ? { after } : {}),
        maxCount: PAGE,
        filter: {
          streamPrefixes: [UPLOAD_SESSION_STREAM_PREFIX],
          eventTypes: ['UploadSessionStarted', 'UploadSessionDeleted'],
        },
      });
      if (E.isLeft(page)) return E.left({ _tag: 'StoreUnavailable', message: page.left.message });
      for (const event of page.right.events) {
        const sessionId = event.streamName.slice(UPLOAD_SESSION_STREAM_PREFIX.length);
        if (event.type === 'UploadSessionDeleted') {
          ids.delete(sessionId);
          continue;
        }
        const actor = event.metadata['actor'] as { id?: unknown } | undefined;
        const target = event.data['target'] as { kind?: unknown; libraryItemId?: unknown } | undefined;
        if (event.data['organizationId'] !== principal.organizationId || actor?.id !== principal.username)
          continue;
        if (
          libraryItemId !== null &&
          (target?.kind !== 'library-item' || target.libraryItemId !== libraryItemId)
        )
          continue;
        ids.set(sessionId, true);
      }
      if (page.right.isEnd || page.right.events.length === 0) break;
      after = page.right.events[page.right.events.length - 1]?.position;
    }
    return E.right([...ids.keys()]);
  }
}
