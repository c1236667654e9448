import { Command } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { UploadSession } from '@upload-sessions/domain';
import type { ApplicationError } from '../../application/application-error';
import type { CommandContext } from '../../event-sourcing/command-context';

/** Drops a file from the session: its transfer stops and its bytes are deleted. */
export class RemoveFileCommand extends Command<Either<ApplicationError, UploadSession>> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
    readonly name: string,
  ) {
    super();
  }
}
