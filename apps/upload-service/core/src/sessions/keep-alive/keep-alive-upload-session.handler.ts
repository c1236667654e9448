import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { sessionAfter } from '../shared/session-outcome';
import { SessionRunner } from '../shared/session-runner';
import { KeepAliveUploadSessionCommand } from './keep-alive-upload-session.command';
import { SESSIONS_CONFIG, type SessionsConfig } from '../sessions-config';

@CommandHandler(KeepAliveUploadSessionCommand)
export class KeepAliveUploadSessionHandler implements ICommandHandler<KeepAliveUploadSessionCommand> {
  constructor(
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(SESSIONS_CONFIG) private readonly config: SessionsConfig,
  ) {}

  async execute({ context, sessionId, clientProgress }: KeepAliveUploadSessionCommand) {
    const now = this.sessions.clock();
    const expiresAt = new Date(now.getTime() + this.config.timeoutSeconds * 1000).toISOString();
    return sessionAfter(
      await this.sessions.execute(sessionId, context, 'KeepAliveUploadSession', () => ({
        type: 'KeepAliveUploadSession',
        expiresAt,
        clientProgress,
        now: now.toISOString(),
      })),
    );
  }
}
