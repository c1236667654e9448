import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { SessionContent } from '../shared/session-content';
import { sessionAfter } from '../shared/session-outcome';
import { SessionRunner } from '../shared/session-runner';
import { FailUploadSessionCommand } from './fail-upload-session.command';

@CommandHandler(FailUploadSessionCommand)
export class FailUploadSessionHandler implements ICommandHandler<FailUploadSessionCommand> {
  constructor(
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(SessionContent) private readonly content: SessionContent,
  ) {}

  async execute({ context, sessionId, message }: FailUploadSessionCommand) {
    const now = this.sessions.nowIso();
    const result = sessionAfter(
      await this.sessions.execute(sessionId, context, 'FailUploadSession', () => ({
        type: 'FailUploadSession',
        message,
        now,
      })),
    );
    if (E.isRight(result)) await this.content.release(sessionId, 'the update session failed');
    return result;
  }
}
