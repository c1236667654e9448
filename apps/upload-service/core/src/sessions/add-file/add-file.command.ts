import { Command } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { Checksum, UploadSession } from '@upload-sessions/domain';
import type { ApplicationError } from '../../application/application-error';
import type { CommandContext } from '../../event-sourcing/command-context';

/** Declares a file the client will push; its size and checksum, when given, are checked on arrival. */
export class AddFileCommand extends Command<Either<ApplicationError, UploadSession>> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
    readonly name: string,
    readonly size: number | null,
    readonly checksum: Checksum | null,
  ) {
    super();
  }
}
