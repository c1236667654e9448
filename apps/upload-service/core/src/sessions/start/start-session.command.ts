import { Command } from '@nestjs/cqrs';
import type { StartUploadSession } from '@upload-sessions/domain';
import type { CommandContext } from '../../event-sourcing/command-context';
import type { SessionResult } from '../shared/session-runner';

/**
 * Starts a session on a target the dialect has already claimed or created (each dialect decides its
 * target, expiry and files; this appends the session's first event). `freshId`: the id was just drawn
 * at random, so the stream must not exist yet.
 */
export class StartSessionCommand extends Command<SessionResult> {
  constructor(
    readonly context: CommandContext,
    readonly start: StartUploadSession,
    readonly freshId: boolean,
  ) {
    super();
  }
}
