import { Command } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';

export class CreateLibraryItemCommand extends Command<
  Either<ApplicationError, { readonly libraryItemId: string }>
> {
  constructor(
    readonly context: CommandContext,
    readonly libraryId: string,
    readonly name: string,
    readonly description: string,
    readonly itemType: string,
    readonly clientToken: string | null,
  ) {
    super();
  }
}
