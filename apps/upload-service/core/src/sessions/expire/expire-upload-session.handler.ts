import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { TransferRegistry } from '../../content/transfer-registry';
import { SessionContent } from '../shared/session-content';
import { transfersInFlight } from '../shared/transfers-in-flight';
import { sessionAfter } from '../shared/session-outcome';
import { SessionRunner } from '../shared/session-runner';
import { ExpireUploadSessionCommand } from './expire-upload-session.command';

@CommandHandler(ExpireUploadSessionCommand)
export class ExpireUploadSessionHandler implements ICommandHandler<ExpireUploadSessionCommand> {
  constructor(
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(SessionContent) private readonly content: SessionContent,
    @Inject(TransferRegistry) private readonly transfers: TransferRegistry,
  ) {}

  async execute({ context, sessionId }: ExpireUploadSessionCommand) {
    const now = this.sessions.nowIso();
    const result = sessionAfter(
      await this.sessions.execute(sessionId, context, 'ExpireUploadSession', (session) => ({
        type: 'ExpireUploadSession',
        transfersInFlight: transfersInFlight(this.transfers, session),
        now,
      })),
    );
    if (E.isRight(result)) await this.content.release(sessionId, 'the update session expired');
    return result;
  }
}
