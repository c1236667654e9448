import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import { bvFileNotFound } from '../../errors/bv-error';
import { BvFileStreams, type FileWithUpload } from '../../files/bv-file-streams';
import { summaryOfSession } from '../../files/upload-summary';
import type { BvResult } from '../bv-result';
import { UpdateFileCommand } from './update-file.command';

@CommandHandler(UpdateFileCommand)
export class UpdateFileHandler implements ICommandHandler<UpdateFileCommand> {
  constructor(
    @Inject(BvFileStreams) private readonly files: BvFileStreams,
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
  ) {}

  async execute({ context, fileId, name, metadata }: UpdateFileCommand): Promise<BvResult<FileWithUpload>> {
    const now = this.sessions.nowIso();
    const changed = await this.files.change(fileId, context, (state) =>
      state.status === 'ACTIVE'
        ? E.right({ type: 'UpdateBvFile', fileId, name, metadata, now })
        : E.left(bvFileNotFound(fileId)),
    );
    if (E.isLeft(changed)) return changed;
    const file = changed.right.after;
    if (file.status !== 'ACTIVE') return E.left(bvFileNotFound(fileId));
    const session = await this.sessions.loadAny(file.uploadId);
    if (E.isLeft(session)) return session;
    return E.right({ file, upload: summaryOfSession(session.right) });
  }
}
