import { Command } from '@nestjs/cqrs';
import type { Either } from 'fp-ts/Either';
import type { CompletedPart, UploadSession } from '@upload-sessions/domain';
import type { ApplicationError } from '../../application/application-error';
import type { CommandContext } from '../../event-sourcing/command-context';

/** All files arrived intact: the session becomes DONE and its files the item's next content version. */
export class CompleteUploadSessionCommand extends Command<Either<ApplicationError, UploadSession>> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
    /** The (part, etag) list a BlendVision client completes with; null when the dialect sends none. */
    readonly parts: readonly CompletedPart[] | null = null,
  ) {
    super();
  }
}
