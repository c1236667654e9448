import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { findFile, type UploadSessionState } from '@upload-sessions/domain';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import type { BvError } from '../../errors/bv-error';
import { CompleteUploadSessionCommand } from '@upload-sessions/service-core/sessions/complete/complete-upload-session.command';
import { BvFileStreams, type FileWithUpload } from '../../files/bv-file-streams';
import { summaryOfSession } from '../../files/upload-summary';
import { partName } from '../../uploads/part-plan';
import type { BvResult } from '../bv-result';
import { CompleteFileUploadCommand, type ClaimedPart } from './complete-file-upload.command';
import { BLENDVISION_CONFIG, type BlendvisionConfig } from '../../config/blendvision-config';

/** S3 clients send the ETag header as they got it (quoted); a bare value means the same tag. */
export const quotedEtag = (etag: string): string => (/^".*"$/.test(etag) ? etag : `"${etag}"`);

@CommandHandler(CompleteFileUploadCommand)
export class CompleteFileUploadHandler implements ICommandHandler<CompleteFileUploadCommand> {
  constructor(
    @Inject(BvFileStreams) private readonly files: BvFileStreams,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(BLENDVISION_CONFIG) private readonly config: BlendvisionConfig,
  ) {}

  async execute({
    context,
    fileId,
    uploadId,
    parts,
  }: CompleteFileUploadCommand): Promise<BvResult<FileWithUpload>> {
    // Both at once, each answered from the remembered state when there is one: the file's upload id
    // and size never change, and the sizes checked below are those of parts pinned by their etags.
    const [loaded, session] = await Promise.all([
      this.files.loadRemembered(fileId, context.organizationId),
      this.sessions.loadAny(uploadId, () => true),
    ]);
    if (E.isLeft(loaded)) return loaded;
    const file = loaded.right.file;
    if (file.uploadId !== uploadId) return E.left({ _tag: 'UploadNotFound', fileId, uploadId });
    const order = partOrder(parts);
    if (order !== undefined) return E.left(order);
    if (E.isLeft(session)) return session;
    const sizes = sizeProblem(session.right, parts, file.size, this.config.minPartSizeBytes);
    if (sizes !== undefined) return E.left(sizes);
    // The domain checks every part and etag (an etag pins the bytes, and so the sizes checked above);
    // the shared use case then makes exactly the listed parts the file's bytes.
    const completed = await this.commands.execute(
      new CompleteUploadSessionCommand(
        context,
        uploadId,
        parts.map((part) => ({ name: partName(part.partNumber), etag: quotedEtag(part.etag) })),
      ),
    );
    if (E.isLeft(completed)) {
      // Refused after a remembered answer: the file may be gone (deleting it ends its upload first).
      if (loaded.right.remembered) {
        const current = await this.files.load(fileId, context.organizationId);
        if (E.isLeft(current)) return current;
      }
      return completed;
    }
    return E.right({ file, upload: summaryOfSession(completed.right) });
  }
}

/** S3's InvalidPartOrder: part numbers ascend (a repeated one is the domain's to refuse). */
const partOrder = (parts: readonly ClaimedPart[]): BvError | undefined => {
  for (let i = 1; i < parts.length; i++) {
    const previous = parts[i - 1];
    const part = parts[i];
    if (previous !== undefined && part !== undefined && part.partNumber < previous.partNumber) {
      return { _tag: 'PartOrder', partNumber: part.partNumber, after: previous.partNumber };
    }
  }
  return undefined;
};

/**
 * S3's EntityTooSmall for every listed part but the last, then the listed total against the file's
 * declared size. Only when every listed part has arrived with the listed etag: otherwise the domain
 * names the more basic problem (an unknown part, one missing, a stale etag).
 */
const sizeProblem = (
  session: UploadSessionState,
  parts: readonly ClaimedPart[],
  fileSize: number,
  minimum: number,
): BvError | undefined => {
  if (session.status === 'NONE') return undefined;
  const sizes: number[] = [];
  for (const part of parts) {
    const received = findFile(session, partName(part.partNumber))?.received;
    if (received === null || received === undefined || received.etag !== quotedEtag(part.etag))
      return undefined;
    sizes.push(received.size);
  }
  for (let i = 0; i < sizes.length - 1; i++) {
    const size = sizes[i] ?? 0;
    const part = parts[i];
    if (part !== undefined && size < minimum)
      return { _tag: 'PartTooSmall', partNumber: part.partNumber, size, minimum };
  }
  const listedBytes = sizes.reduce((sum, size) => sum + size, 0);
  return listedBytes === fileSize || parts.length === 0
    ? undefined
    : { _tag: 'PartsSizeMismatch', listedBytes, fileSize };
};
