import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG } from '../../application/tokens';
import type { AppConfig } from '../../config/app-config';
import { sessionAfter } from '../shared/session-outcome';
import { SessionRunner } from '../shared/session-runner';
import { KeepAliveUploadSessionCommand } from './keep-alive-upload-session.command';

@CommandHandler(KeepAliveUploadSessionCommand)
export class KeepAliveUploadSessionHandler implements ICommandHandler<KeepAliveUploadSessionCommand> {
  constructor(
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ context, sessionId, clientProgress }: KeepAliveUploadSessionCommand) {
    const now = this.sessions.clock();
    const expiresAt = new Date(now.getTime() + this.config.sessionTimeoutSeconds * 1000).toISOString();
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
