import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { SessionContent } from '../shared/session-content';
import { sessionAfter } from '../shared/session-outcome';
import { SessionRunner } from '../shared/session-runner';
import { DeleteUploadSessionCommand } from './delete-upload-session.command';

@CommandHandler(DeleteUploadSessionCommand)
export class DeleteUploadSessionHandler implements ICommandHandler<DeleteUploadSessionCommand> {
  constructor(
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(SessionContent) private readonly content: SessionContent,
  ) {}

  async execute({ context, sessionId }: DeleteUploadSessionCommand) {
    const now = this.sessions.nowIso();
    const result = sessionAfter(
      await this.sessions.execute(sessionId, context, 'DeleteUploadSession', () => ({
        type: 'DeleteUploadSession',
        now,
      })),
    );
    // A completed session's staged files belong to its item (the clean-up sweep commits any left over).
    if (E.isRight(result) && result.right.statusBeforeDelete !== 'DONE') {
      await this.content.release(sessionId, 'the update session was deleted');
    }
    return result;
  }
}
