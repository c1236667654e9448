import { Command } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';

export class CreateLocalLibraryCommand extends Command<
  Either<ApplicationError, { readonly libraryId: string }>
> {
  constructor(
    readonly context: CommandContext,
    readonly name: string,
    readonly description: string,
    readonly clientToken: string | null,
  ) {
    super();
  }
}
