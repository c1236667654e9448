import { Inject, Injectable } from '@nestjs/common';
import type * as E from 'fp-ts/Either';
import {
  bindAggregate,
  defineAggregate,
  type Decided,
  type PreparedChange,
  type StreamStateCache,
} from '@upload-sessions/event-sourcing';
import type { EventStore } from '@upload-sessions/event-store';
import {
  CLOCK,
  EVENT_STORE,
  STREAM_STATE_CACHE,
  type Clock,
} from '@upload-sessions/service-core/application/tokens';
import {
  aggregateEnvironment,
  type CommandContext,
} from '@upload-sessions/service-core/event-sourcing/command-context';
import type { InfrastructureError } from '@upload-sessions/service-core/event-sourcing/infrastructure-error';
import {
  LIBRARY_ITEM_STREAM_PREFIX,
  LIBRARY_STREAM_PREFIX,
} from '@upload-sessions/service-core/event-sourcing/stream-names';
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
  type LibraryItemEvent,
  localLibraryDecider,
  type LocalLibrary,
  type LocalLibraryCommand,
  type LocalLibraryState,
  type LocalLibraryEvent,
} from '@upload-sessions/content-library';
import { libraryItemCodec } from './library-codecs';
import { localLibraryCodec } from './library-codecs';
import {
  COMMANDS_CONFIG,
  type CommandsConfig,
} from '@upload-sessions/service-core/event-sourcing/commands-config';

type Result<A> = E.Either<LibraryError | InfrastructureError, A>;

/** Library items: the organization's live items are visible; a change may also create one. */
export const libraryItemAggregate = defineAggregate({
  streamPrefix: LIBRARY_ITEM_STREAM_PREFIX,
  decider: libraryItemDecider,
  codec: libraryItemCodec,
  visible: (state: LibraryItemState, organizationId: string): state is LibraryItem =>
    state.status === 'ACTIVE' && state.organizationId === organizationId,
  changeable: (state: LibraryItemState, organizationId: string): state is LibraryItemState =>
    state.status === 'NONE' || state.organizationId === organizationId,
  notFound: (itemId: string): LibraryError => libraryItemNotFound(itemId),
});

/** Local libraries, scoped the same way. */
export const localLibraryAggregate = defineAggregate({
  streamPrefix: LIBRARY_STREAM_PREFIX,
  decider: localLibraryDecider,
  codec: localLibraryCodec,
  visible: (state: LocalLibraryState, organizationId: string): state is LocalLibrary =>
    state.status === 'ACTIVE' && state.organizationId === organizationId,
  changeable: (state: LocalLibraryState, organizationId: string): state is LocalLibraryState =>
    state.status === 'NONE' || state.organizationId === organizationId,
  notFound: (libraryId: string): LibraryError => libraryNotFound(libraryId),
});

/** Loads and changes local libraries and library items. */
@Injectable()
export class LibraryStreams {
  private readonly items;
  private readonly libraries;

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(COMMANDS_CONFIG) config: CommandsConfig,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(STREAM_STATE_CACHE) cache: StreamStateCache,
  ) {
    const environment = aggregateEnvironment(store, config.retries, clock, cache);
    this.items = bindAggregate(libraryItemAggregate, environment);
    this.libraries = bindAggregate(localLibraryAggregate, environment);
  }

  loadItemState(itemId: string): Promise<E.Either<InfrastructureError, LibraryItemState>> {
    return this.items.loadState(itemId);
  }

  /** The organization's item; another organization's item does not exist for the caller. */
  loadItem(itemId: string, organizationId: string): Promise<Result<LibraryItem>> {
    return this.items.load(itemId, organizationId);
  }

  loadLibrary(libraryId: string, organizationId: string): Promise<Result<LocalLibrary>> {
    return this.libraries.load(libraryId, organizationId);
  }

  changeItem(
    itemId: string,
    context: CommandContext,
    build: (
      state: LibraryItemState,
    ) => E.Either<LibraryError, LibraryItemCommand> | Promise<E.Either<LibraryError, LibraryItemCommand>>,
  ): Promise<Result<Decided<LibraryItemEvent, LibraryItemState>>> {
    return this.items.change(itemId, context, build);
  }

  /** As changeItem, decided but not appended: to go out with another aggregate's change (see appendTogether). */
  prepareItemChange(
    itemId: string,
    context: CommandContext,
    build: (
      state: LibraryItemState,
    ) => E.Either<LibraryError, LibraryItemCommand> | Promise<E.Either<LibraryError, LibraryItemCommand>>,
  ): Promise<Result<PreparedChange<LibraryItemEvent, LibraryItemState>>> {
    return this.items.prepareChange(itemId, context, build);
  }

  /** Creates (or finds) an item, decided but not appended; `fresh`: its id was just drawn at random. */
  prepareItemCreation(
    itemId: string,
    context: CommandContext,
    command: LibraryItemCommand,
    fresh: boolean,
  ): Promise<Result<PreparedChange<LibraryItemEvent, LibraryItemState>>> {
    return this.items.prepareHandle(itemId, context, command, { newStream: fresh });
  }

  /** As changeLibrary, decided but not appended (see appendTogether). */
  prepareLibraryChange(
    libraryId: string,
    context: CommandContext,
    build: (
      state: LocalLibraryState,
    ) => E.Either<LibraryError, LocalLibraryCommand> | Promise<E.Either<LibraryError, LocalLibraryCommand>>,
  ): Promise<Result<PreparedChange<LocalLibraryEvent, LocalLibraryState>>> {
    return this.libraries.prepareChange(libraryId, context, build);
  }

  /** Creates a library: a new random id (`fresh`) is decided on without reading. */
  createLibrary(
    libraryId: string,
    context: CommandContext,
    command: LocalLibraryCommand,
    fresh: boolean,
  ): Promise<Result<Decided<LocalLibraryEvent, LocalLibraryState>>> {
    return this.libraries.handle(libraryId, context, command, { newStream: fresh });
  }

  changeLibrary(
    libraryId: string,
    context: CommandContext,
    build: (
      state: LocalLibraryState,
    ) => E.Either<LibraryError, LocalLibraryCommand> | Promise<E.Either<LibraryError, LocalLibraryCommand>>,
  ): Promise<Result<Decided<LocalLibraryEvent, LocalLibraryState>>> {
    return this.libraries.change(libraryId, context, build);
  }
}
