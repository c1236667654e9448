import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { sessionAfter } from '../shared/session-outcome';
import { SessionRunner } from '../shared/session-runner';
import { UpdateUploadSessionCommand } from './update-upload-session.command';

@CommandHandler(UpdateUploadSessionCommand)
export class UpdateUploadSessionHandler implements ICommandHandler<UpdateUploadSessionCommand> {
  constructor(@Inject(SessionRunner) private readonly sessions: SessionRunner) {}

  async execute({ context, sessionId, warningBehavior }: UpdateUploadSessionCommand) {
    const now = this.sessions.nowIso();
    return sessionAfter(
      await this.sessions.execute(sessionId, context, 'UpdateWarningBehavior', () => ({
        type: 'UpdateWarningBehavior',
        warningBehavior,
        now,
      })),
    );
  }
}
