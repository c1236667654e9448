import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import { idForClientToken, newId } from '@upload-sessions/service-core/event-sourcing/ids';
import type {
  LibraryError,
  LibraryItemCommand,
  LocalLibraryCommand,
  LocalLibraryState,
} from '@upload-sessions/content-library';
import { appendTogether, CONFLICT } from '@upload-sessions/event-sourcing';
import { LibraryStreams } from '../library-streams';
import { CreateLibraryItemCommand } from './create-library-item.command';

/**
 * Two streams: the library records the item (names are unique per library, checked at the library's
 * revision), then the item's own stream starts. A create interrupted between the two leaves a name
 * whose item does not exist; such names do not block.
 */
@CommandHandler(CreateLibraryItemCommand)
export class CreateLibraryItemHandler implements ICommandHandler<CreateLibraryItemCommand> {
  constructor(@Inject(LibraryStreams) private readonly library: LibraryStreams) {}

  async execute(
    command: CreateLibraryItemCommand,
  ): Promise<E.Either<ApplicationError, { readonly libraryItemId: string }>> {
    const { context, libraryId, name, description, itemType, clientToken } = command;
    const libraryItemId =
      clientToken === null ? newId() : idForClientToken('library-item', context.organizationId, clientToken);
    const now = this.library.clock().toISOString();

    const addItem = async (state: LocalLibraryState) => {
      if (state.status === 'NONE')
        return E.left<LibraryError, LocalLibraryCommand>({ _tag: 'LibraryNotFound', libraryId });
      const liveItemIds = new Set<string>();
      for (const item of state.items.filter((i) => i.name === name)) {
        const itemState = await this.library.loadItemState(item.id);
        if (E.isRight(itemState) && itemState.right.status !== 'NONE') liveItemIds.add(item.id);
      }
      return E.right<LibraryError, LocalLibraryCommand>({
        type: 'AddItem',
        libraryItemId,
        name,
        liveItemIds,
        now,
      });
    };
    const create: LibraryItemCommand = {
      type: 'CreateLibraryItem',
      libraryItemId,
      libraryId,
      organizationId: context.organizationId,
      name,
      description,
      itemType,
      clientToken,
      now,
    };

    // The library's entry and the new item in one multi-stream append (the library's owner check is
    // the change's own: another organization's library is not found, as loading it would answer).
    const added = await this.library.prepareLibraryChange(libraryId, context, addItem);
    if (E.isLeft(added)) return added;
    const item = await this.library.prepareItemCreation(libraryItemId, context, create, clientToken === null);
    if (E.isRight(item)) {
      const written = await appendTogether(this.library.store, [added.right, item.right] as const);
      if (written !== CONFLICT) return E.isLeft(written) ? written : E.right({ libraryItemId });
    } else if (!(item.left._tag === 'AlreadyCreated' && clientToken !== null)) return item;

    // A retried create, or someone wrote the library meanwhile: one command after the other.
    const library = await this.library.loadLibrary(libraryId, context.organizationId);
    if (E.isLeft(library)) return library;
    const addedAgain = await this.library.changeLibrary(libraryId, context, addItem);
    if (E.isLeft(addedAgain)) return addedAgain;
    const created = await this.library.changeItem(libraryItemId, context, () => E.right(create));
    if (E.isLeft(created) && !(created.left._tag === 'AlreadyCreated' && clientToken !== null))
      return created;
    return E.right({ libraryItemId });
  }
}
