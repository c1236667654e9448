import { Command } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { UploadSession } from '@upload-sessions/domain';
import type { ApplicationError } from '../../application/application-error';
import type { CommandContext } from '../../event-sourcing/command-context';

/** The client reports an error it cannot recover from: the session becomes ERROR and its bytes are deleted. */
export class FailUploadSessionCommand extends Command<Either<ApplicationError, UploadSession>> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
    readonly message: string,
  ) {
    super();
  }
}
