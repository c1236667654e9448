import { Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import { idForClientToken } from '@upload-sessions/service-core/event-sourcing/ids';
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
      clientToken === null
        ? randomUUID()
        : idForClientToken('library-item', context.organizationId, clientToken);
    const now = this.library.clock().toISOString();

    const library = await this.library.loadLibrary(libraryId, context.organizationId);
    if (E.isLeft(library)) return library;

    const added = await this.library.changeLibrary(libraryId, context, async (state) => {
      if (state.status === 'NONE') return E.left({ _tag: 'LibraryNotFound', libraryId });
      const liveItemIds = new Set<string>();
      for (const item of state.items.filter((i) => i.name === name)) {
        const itemState = await this.library.loadItemState(item.id);
        if (E.isRight(itemState) && itemState.right.status !== 'NONE') liveItemIds.add(item.id);
      }
      return E.right({ type: 'AddItem', libraryItemId, name, liveItemIds, now });
    });
    if (E.isLeft(added)) return added;

    const created = await this.library.changeItem(libraryItemId, context, () =>
      E.right({
        type: 'CreateLibraryItem',
        libraryItemId,
        libraryId,
        organizationId: context.organizationId,
        name,
        description,
        itemType,
        clientToken,
        now,
      }),
    );
    if (E.isLeft(created) && !(created.left._tag === 'AlreadyCreated' && clientToken !== null))
      return created;
    return E.right({ libraryItemId });
  }
}
