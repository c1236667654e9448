import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { sessionAfter } from '../shared/session-outcome';
import { SessionRunner } from '../shared/session-runner';
import { AddFileCommand } from './add-file.command';

@CommandHandler(AddFileCommand)
export class AddFileHandler implements ICommandHandler<AddFileCommand> {
  constructor(@Inject(SessionRunner) private readonly sessions: SessionRunner) {}

  async execute({ context, sessionId, name, size, checksum }: AddFileCommand) {
    const now = this.sessions.nowIso();
    return sessionAfter(
      await this.sessions.execute(sessionId, context, 'AddFile', () => ({
        type: 'AddFile',
        name,
        size,
        checksum,
        now,
      })),
    );
  }
}
