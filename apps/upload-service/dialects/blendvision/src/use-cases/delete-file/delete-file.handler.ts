import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { CONTENT_STORE, type ContentStore } from '@upload-sessions/service-core/content/content-store';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import { bvFileNotFound } from '../../errors/bv-error';
import type { BvFile } from '../../files/bv-file-decider';
import { BvFileStreams } from '../../files/bv-file-streams';
import type { BvResult } from '../bv-result';
import { DeleteFileCommand } from './delete-file.command';

/** Refusals of the cancel that mean there is nothing left to cancel. */
const UPLOAD_OVER = new Set(['AlreadyCanceled', 'NotAllowedInCurrentState', 'SessionNotFound']);

@CommandHandler(DeleteFileCommand)
export class DeleteFileHandler implements ICommandHandler<DeleteFileCommand> {
  constructor(
    @Inject(BvFileStreams) private readonly files: BvFileStreams,
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(CONTENT_STORE) private readonly content: ContentStore,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async execute({ context, fileId }: DeleteFileCommand): Promise<BvResult<BvFile>> {
    const file = await this.files.load(fileId, context.organizationId);
    if (E.isLeft(file)) return file;
    const canceled = await this.commands.execute(
      new CancelUploadSessionCommand(context, file.right.uploadId),
    );
    if (E.isLeft(canceled) && !UPLOAD_OVER.has(canceled.left._tag)) return canceled;

    const now = this.sessions.nowIso();
    const deleted = await this.files.change(fileId, context, (state) =>
      state.status === 'ACTIVE'
        ? E.right({ type: 'DeleteBvFile', fileId, now })
        : E.left(bvFileNotFound(fileId)),
    );
    if (E.isLeft(deleted)) return deleted;
    try {
      await this.content.discardItem(fileId);
    } catch (error) {
      this.logger.entry('error', 'deleting file content failed', { fileId, error: (error as Error).message });
    }
    return file;
  }
}
