import { Command } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { UploadSession, WarningBehavior } from '@upload-sessions/domain';
import type { ApplicationError } from '../../application/application-error';
import type { CommandContext } from '../../event-sourcing/command-context';

/** Replaces the session's warning behavior (the only updatable property). */
export class UpdateUploadSessionCommand extends Command<Either<ApplicationError, UploadSession>> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
    readonly warningBehavior: readonly WarningBehavior[],
  ) {
    super();
  }
}
