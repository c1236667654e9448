import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { CONTENT_STORE, type ContentStore } from '../../content/content-store';
import { isSafeFileName } from '../../content/safe-names';
import { TransferRegistry } from '../../content/transfer-registry';
import { sessionAfter } from '../shared/session-outcome';
import { SessionRunner } from '../shared/session-runner';
import { RemoveFileCommand } from './remove-file.command';

@CommandHandler(RemoveFileCommand)
export class RemoveFileHandler implements ICommandHandler<RemoveFileCommand> {
  constructor(
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(TransferRegistry) private readonly transfers: TransferRegistry,
    @Inject(CONTENT_STORE) private readonly content: ContentStore,
  ) {}

  async execute({ context, sessionId, name }: RemoveFileCommand) {
    const now = this.sessions.nowIso();
    const result = sessionAfter(
      await this.sessions.execute(sessionId, context, 'RemoveFile', () => ({
        type: 'RemoveFile',
        name,
        now,
      })),
    );
    if (E.isRight(result)) {
      this.transfers.abortFile(sessionId, name, 'the file was removed from the update session');
      // Names that were never safe on disk never had bytes there.
      if (isSafeFileName(name)) await this.content.discardFile(sessionId, name);
    }
    return result;
  }
}
