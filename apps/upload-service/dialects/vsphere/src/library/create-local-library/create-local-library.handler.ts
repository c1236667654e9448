import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { idForClientToken, newId } from '@upload-sessions/service-core/event-sourcing/ids';
import { LibraryStreams } from '../library-streams';
import { CreateLocalLibraryCommand } from './create-local-library.command';

@CommandHandler(CreateLocalLibraryCommand)
export class CreateLocalLibraryHandler implements ICommandHandler<CreateLocalLibraryCommand> {
  constructor(@Inject(LibraryStreams) private readonly library: LibraryStreams) {}

  async execute({ context, name, description, clientToken }: CreateLocalLibraryCommand) {
    const libraryId =
      clientToken === null ? newId() : idForClientToken('local-library', context.organizationId, clientToken);
    // A random id names no stream yet: decided without reading (the append checks it).
    const created = await this.library.createLibrary(
      libraryId,
      context,
      {
        type: 'CreateLocalLibrary',
        libraryId,
        organizationId: context.organizationId,
        name,
        description,
        clientToken,
        now: this.library.clock().toISOString(),
      },
      clientToken === null,
    );
    // A retried create (same client token) finds its library.
    if (E.isLeft(created) && !(created.left._tag === 'AlreadyCreated' && clientToken !== null))
      return created;
    return E.right({ libraryId });
  }
}
