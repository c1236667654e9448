import { Command } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { WarningBehavior } from '@upload-sessions/domain';
import type { ApplicationError } from '@upload-sessions/service-core/application/application-error';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';

export interface StartedSession {
  readonly sessionId: string;
  /** False when a retried create (same client token) found the session it had made. */
  readonly created: boolean;
}

/** Opens an update session on a library item: at most one ACTIVE session per item. */
export class StartUploadSessionCommand extends Command<Either<ApplicationError, StartedSession>> {
  constructor(
    readonly context: CommandContext,
    readonly libraryItemId: string,
    readonly clientToken: string | null,
    readonly warningBehavior: readonly WarningBehavior[],
  ) {
    super();
  }
}
