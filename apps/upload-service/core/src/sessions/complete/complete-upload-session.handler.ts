import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { SessionContent } from '../shared/session-content';
import { sessionAfter } from '../shared/session-outcome';
import { SessionRunner } from '../shared/session-runner';
import { CompleteUploadSessionCommand } from './complete-upload-session.command';

@CommandHandler(CompleteUploadSessionCommand)
export class CompleteUploadSessionHandler implements ICommandHandler<CompleteUploadSessionCommand> {
  constructor(
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(SessionContent) private readonly content: SessionContent,
  ) {}

  async execute({ context, sessionId, parts }: CompleteUploadSessionCommand) {
    const now = this.sessions.nowIso();
    const result = sessionAfter(
      await this.sessions.execute(sessionId, context, 'CompleteUploadSession', () => ({
        type: 'CompleteUploadSession',
        parts,
        now,
      })),
    );
    if (E.isLeft(result)) return result;
    // The session is DONE whatever happens next; a failed commit is redone by the clean-up sweep.
    await this.content.commit(result.right, context);
    return result;
  }
}
