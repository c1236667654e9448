import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { CancelUploadSessionCommand } from '@upload-sessions/service-core/sessions/cancel/cancel-upload-session.command';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import { BvFileStreams } from '../../files/bv-file-streams';
import type { BvResult } from '../bv-result';
import { CancelFileUploadCommand } from './cancel-file-upload.command';

@CommandHandler(CancelFileUploadCommand)
export class CancelFileUploadHandler implements ICommandHandler<CancelFileUploadCommand> {
  constructor(
    @Inject(BvFileStreams) private readonly files: BvFileStreams,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
  ) {}

  async execute({ context, fileId, uploadId }: CancelFileUploadCommand): Promise<BvResult<void>> {
    // The file's upload id never changes: a remembered live file answers the check without a read.
    // The session is read at the same time (when not remembered), so the cancel decides without a read.
    const [file] = await Promise.all([
      this.files.loadRemembered(fileId, context.organizationId),
      this.sessions.loadAny(uploadId, () => true),
    ]);
    if (E.isLeft(file)) return file;
    if (file.right.file.uploadId !== uploadId) return E.left({ _tag: 'UploadNotFound', fileId, uploadId });
    const canceled = await this.commands.execute(new CancelUploadSessionCommand(context, uploadId));
    // A cancel that did not go through, after a remembered answer: the file may be gone (deleting it
    // ends its upload first), which is then the answer.
    if (E.isLeft(canceled) && file.right.remembered) {
      const current = await this.files.load(fileId, context.organizationId);
      if (E.isLeft(current)) return current;
    }
    // The domain refuses a second cancel (vSphere answers it 400); BlendVision's retry succeeds.
    if (E.isLeft(canceled) && canceled.left._tag !== 'AlreadyCanceled') return canceled;
    return E.right(undefined);
  }
}
