import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SessionContent } from '../shared/session-content';
import { sessionAfter } from '../shared/session-outcome';
import { SessionRunner } from '../shared/session-runner';
import { completeUpload } from '../shared/upload-process';
import { CompleteUploadSessionCommand } from './complete-upload-session.command';

@CommandHandler(CompleteUploadSessionCommand)
export class CompleteUploadSessionHandler implements ICommandHandler<CompleteUploadSessionCommand> {
  constructor(
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(SessionContent) private readonly content: SessionContent,
  ) {}

  async execute({ context, sessionId, parts }: CompleteUploadSessionCommand) {
    const now = this.sessions.nowIso();
    return completeUpload({
      completeSession: async () =>
        sessionAfter(
          await this.sessions.execute(sessionId, context, 'CompleteUploadSession', () => ({
            type: 'CompleteUploadSession',
            parts,
            now,
          })),
        ),
      // Through the target's adapter (SessionContent): the files become its next content version.
      commitContent: (session) => this.content.commit(session, context),
    });
  }
}
