import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { SessionContent } from '../shared/session-content';
import { sessionAfter } from '../shared/session-outcome';
import { SessionRunner } from '../shared/session-runner';
import { CancelUploadSessionCommand } from './cancel-upload-session.command';

@CommandHandler(CancelUploadSessionCommand)
export class CancelUploadSessionHandler implements ICommandHandler<CancelUploadSessionCommand> {
  constructor(
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(SessionContent) private readonly content: SessionContent,
  ) {}

  async execute({ context, sessionId }: CancelUploadSessionCommand) {
    const now = this.sessions.nowIso();
    const result = sessionAfter(
      await this.sessions.execute(sessionId, context, 'CancelUploadSession', () => ({
        type: 'CancelUploadSession',
        reason: 'client',
        now,
      })),
    );
    if (E.isRight(result)) await this.content.release(sessionId, 'the update session was canceled');
    return result;
  }
}
