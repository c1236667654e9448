import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { SessionContent } from '../shared/session-content';
import { sessionAfter } from '../shared/session-outcome';
import { SessionRunner } from '../shared/session-runner';
import { ExpireUploadSessionCommand } from './expire-upload-session.command';

@CommandHandler(ExpireUploadSessionCommand)
export class ExpireUploadSessionHandler implements ICommandHandler<ExpireUploadSessionCommand> {
  constructor(
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(SessionContent) private readonly content: SessionContent,
  ) {}

  async execute({ context, sessionId }: ExpireUploadSessionCommand) {
    const now = this.sessions.nowIso();
    const result = sessionAfter(
      await this.sessions.execute(sessionId, context, 'ExpireUploadSession', () => ({
        type: 'ExpireUploadSession',
        now,
      })),
    );
    if (E.isRight(result)) await this.content.release(sessionId, 'the update session expired');
    return result;
  }
}
