import { Inject, Injectable } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import {
  APP_CONFIG,
  CLOCK,
  EVENT_STORE,
  STREAM_STATE_CACHE,
  type Clock,
} from '@upload-sessions/service-core/application/tokens';
import type { AppConfig } from '@upload-sessions/service-core/config/app-config';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import type { InfrastructureError } from '@upload-sessions/service-core/event-sourcing/infrastructure-error';
import {
  loadStream,
  runDecider,
  type Decided,
} from '@upload-sessions/service-core/event-sourcing/run-decider';
import type { StreamStateCache } from '@upload-sessions/service-core/event-sourcing/stream-state-cache';
import { libraryItemStream, libraryStream } from '@upload-sessions/service-core/event-sourcing/stream-names';
import {
  libraryItemNotFound,
  libraryNotFound,
  type LibraryError,
} from '@upload-sessions/service-core/application/library-error';
import {
  libraryItemDecider,
  type LibraryItem,
  type LibraryItemCommand,
  type LibraryItemState,
} from './library-item/library-item-decider';
import { libraryItemCodec, type LibraryItemEvent } from './library-item/library-item-events';
import {
  localLibraryDecider,
  type LocalLibrary,
  type LocalLibraryCommand,
  type LocalLibraryState,
} from './local-library/local-library-decider';
import { localLibraryCodec, type LocalLibraryEvent } from './local-library/local-library-events';

type Result<A> = E.Either<LibraryError | InfrastructureError, A>;

/** Loads and changes local libraries and library items through the one decide-and-append loop. */
@Injectable()
export class LibraryStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(STREAM_STATE_CACHE) private readonly cache: StreamStateCache,
  ) {}

  async loadItemState(itemId: string): Promise<E.Either<InfrastructureError, LibraryItemState>> {
    const loaded = await loadStream(
      this.store,
      libraryItemStream(itemId),
      libraryItemDecider,
      libraryItemCodec,
      this.cache,
    );
    return E.isLeft(loaded) ? loaded : E.right(loaded.right.state);
  }

  /** The organization's item; another organization's item does not exist for the caller. */
  async loadItem(itemId: string, organizationId: string): Promise<Result<LibraryItem>> {
    const state = await this.loadItemState(itemId);
    if (E.isLeft(state)) return state;
    return state.right.status === 'ACTIVE' && state.right.organizationId === organizationId
      ? E.right(state.right)
      : E.left(libraryItemNotFound(itemId));
  }

  async loadLibrary(libraryId: string, organizationId: string): Promise<Result<LocalLibrary>> {
    const loaded = await loadStream(
      this.store,
      libraryStream(libraryId),
      localLibraryDecider,
      localLibraryCodec,
      this.cache,
    );
    if (E.isLeft(loaded)) return loaded;
    const state = loaded.right.state;
    return state.status === 'ACTIVE' && state.organizationId === organizationId
      ? E.right(state)
      : E.left(libraryNotFound(libraryId));
  }

  changeItem(
    itemId: string,
    context: CommandContext,
    build: (
      state: LibraryItemState,
    ) => E.Either<LibraryError, LibraryItemCommand> | Promise<E.Either<LibraryError, LibraryItemCommand>>,
  ): Promise<Result<Decided<LibraryItemEvent, LibraryItemState>>> {
    return runDecider({
      store: this.store,
      streamName: libraryItemStream(itemId),
      decider: libraryItemDecider,
      codec: libraryItemCodec,
      command: (state) =>
        state.status === 'NONE' || state.organizationId === context.organizationId
          ? build(state)
          : E.left(libraryItemNotFound(itemId)),
      context,
      retries: this.config.commandRetries,
      now: this.clock,
      cache: this.cache,
    });
  }

  changeLibrary(
    libraryId: string,
    context: CommandContext,
    build: (
      state: LocalLibraryState,
    ) => E.Either<LibraryError, LocalLibraryCommand> | Promise<E.Either<LibraryError, LocalLibraryCommand>>,
  ): Promise<Result<Decided<LocalLibraryEvent, LocalLibraryState>>> {
    return runDecider({
      store: this.store,
      streamName: libraryStream(libraryId),
      decider: localLibraryDecider,
      codec: localLibraryCodec,
      command: (state) =>
        state.status === 'NONE' || state.organizationId === context.organizationId
          ? build(state)
          : E.left(libraryNotFound(libraryId)),
      context,
      retries: this.config.commandRetries,
      now: this.clock,
      cache: this.cache,
    });
  }
}
