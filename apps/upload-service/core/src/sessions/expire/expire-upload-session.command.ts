import { Command } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { UploadSession } from '@upload-sessions/domain';
import type { ApplicationError } from '../../application/application-error';
import type { CommandContext } from '../../event-sourcing/command-context';

/** Sent by the expiry sweep: an idle session past its expiration time is canceled (reason: expired). */
export class ExpireUploadSessionCommand extends Command<Either<ApplicationError, UploadSession>> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
  ) {
    super();
  }
}
