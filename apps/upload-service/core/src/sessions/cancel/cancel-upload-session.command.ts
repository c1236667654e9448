import { Command } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { UploadSession } from '@upload-sessions/domain';
import type { ApplicationError } from '../../application/application-error';
import type { CommandContext } from '../../event-sourcing/command-context';

/** The client gives up: the session becomes CANCELED, its transfers stop and its bytes are deleted. */
export class CancelUploadSessionCommand extends Command<Either<ApplicationError, UploadSession>> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
  ) {
    super();
  }
}
