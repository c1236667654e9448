import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SessionRunner, type SessionResult } from '../shared/session-runner';
import { StartSessionCommand } from './start-session.command';

@CommandHandler(StartSessionCommand)
export class StartSessionHandler implements ICommandHandler<StartSessionCommand> {
  constructor(@Inject(SessionRunner) private readonly sessions: SessionRunner) {}

  execute({ context, start, freshId }: StartSessionCommand): Promise<SessionResult> {
    return this.sessions.start(start.sessionId, context, start, freshId);
  }
}
