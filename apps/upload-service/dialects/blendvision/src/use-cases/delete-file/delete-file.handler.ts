import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { CONTENT_STORE, type ContentStore } from '@upload-sessions/service-core/content/content-store';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import { SessionContent } from '@upload-sessions/service-core/sessions/shared/session-content';
import { transfersInFlight } from '@upload-sessions/service-core/sessions/shared/transfers-in-flight';
import { TransferRegistry } from '@upload-sessions/service-core/content/transfer-registry';
import { appendTogether, CONFLICT } from '@upload-sessions/event-sourcing';
import { bvFileNotFound } from '../../errors/bv-error';
import type { BvFile } from '@upload-sessions/library-file';
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
    @Inject(TransferRegistry) private readonly transfers: TransferRegistry,
    @Inject(SessionContent) private readonly sessionContent: SessionContent,
  ) {}

  async execute({ context, fileId }: DeleteFileCommand): Promise<BvResult<BvFile>> {
    // A remembered live file will do to start: the deletion is appended at the file's revision, so
    // a file changed elsewhere meanwhile makes it a conflict, and the way below reads it again.
    const remembered = await this.files.loadRemembered(fileId, context.organizationId);
    if (E.isLeft(remembered)) return remembered;
    const together = await this.deleteTogether(context, fileId, remembered.right.file.uploadId);
    if (together !== CONFLICT) {
      if (E.isLeft(together)) return together;
      await this.discardContent(fileId);
      return E.right(remembered.right.file);
    }

    const file = await this.files.load(fileId, context.organizationId);
    if (E.isLeft(file)) return file;
    // Someone wrote either stream meanwhile: one command after the other, each reading and retrying.
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
    await this.discardContent(fileId);
    return file;
  }

  /**
   * The upload's cancel (when it is still going) and the file's deletion in one multi-stream append:
   * one round trip, and no file is gone with its upload still open. CONFLICT: nothing was written.
   */
  private async deleteTogether(
    context: DeleteFileCommand['context'],
    fileId: string,
    uploadId: string,
  ): Promise<BvResult<void> | typeof CONFLICT> {
    const now = this.sessions.nowIso();
    const cancel = await this.sessions.prepareExecute(
      uploadId,
      context,
      'CancelUploadSession',
      (session) => ({
        type: 'CancelUploadSession',
        reason: 'client',
        transfersInFlight: transfersInFlight(this.transfers, session),
        now,
      }),
    );
    if (E.isLeft(cancel) && !UPLOAD_OVER.has(cancel.left._tag)) return cancel;
    const remove = await this.files.prepareChange(fileId, context, (state) =>
      state.status === 'ACTIVE'
        ? E.right({ type: 'DeleteBvFile', fileId, now })
        : E.left(bvFileNotFound(fileId)),
    );
    if (E.isLeft(remove)) return remove;
    const written = await appendTogether(
      this.sessions.store,
      E.isRight(cancel) ? [cancel.right, remove.right] : [remove.right],
    );
    if (written === CONFLICT || E.isLeft(written)) return written;
    if (E.isRight(cancel) && cancel.right.events.length > 0)
      await this.sessionContent.release(uploadId, 'the update session was canceled');
    return E.right(undefined);
  }

  private async discardContent(fileId: string): Promise<void> {
    try {
      await this.content.discardItem(fileId);
    } catch (error) {
      this.logger.entry('error', 'deleting file content failed', { fileId, error: (error as Error).message });
    }
  }
}
