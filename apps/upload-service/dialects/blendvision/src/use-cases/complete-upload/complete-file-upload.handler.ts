import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { CompleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/complete/complete-upload-session.command';
import { BvFileStreams, type FileWithUpload } from '../../files/bv-file-streams';
import { summaryOfSession } from '../../files/upload-summary';
import { partName } from '../../uploads/part-plan';
import type { BvResult } from '../bv-result';
import { CompleteFileUploadCommand } from './complete-file-upload.command';

/** S3 clients send the ETag header as they got it (quoted); a bare value means the same tag. */
export const quotedEtag = (etag: string): string => (/^".*"$/.test(etag) ? etag : `"${etag}"`);

@CommandHandler(CompleteFileUploadCommand)
export class CompleteFileUploadHandler implements ICommandHandler<CompleteFileUploadCommand> {
  constructor(
    @Inject(BvFileStreams) private readonly files: BvFileStreams,
    @Inject(CommandBus) private readonly commands: CommandBus,
  ) {}

  async execute({
    context,
    fileId,
    uploadId,
    parts,
  }: CompleteFileUploadCommand): Promise<BvResult<FileWithUpload>> {
    const file = await this.files.load(fileId, context.organizationId);
    if (E.isLeft(file)) return file;
    if (file.right.uploadId !== uploadId) return E.left({ _tag: 'UploadNotFound', fileId, uploadId });
    // The domain checks every part and etag; the shared use case then makes the bytes the file's.
    const completed = await this.commands.execute(
      new CompleteUploadSessionCommand(
        context,
        uploadId,
        parts.map((part) => ({ name: partName(part.partNumber), etag: quotedEtag(part.etag) })),
      ),
    );
    if (E.isLeft(completed)) return completed;
    return E.right({ file: file.right, upload: summaryOfSession(completed.right) });
  }
}
