import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import type { DeclaredFile, UploadSessionCommand } from '@upload-sessions/domain';
import { appendTogether, CONFLICT } from '@upload-sessions/event-sourcing';
import type { BvFileCommand, BvFileState } from '@upload-sessions/library-file';
import { newId } from '@upload-sessions/service-core/event-sourcing/ids';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import { StartSessionCommand } from '@upload-sessions/service-core/sessions/start/start-session.command';
import { bvInvalidArgument } from '../../errors/bv-error';
import { BvFileStreams } from '../../files/bv-file-streams';
import { partName, planParts } from '../../uploads/part-plan';
import type { BvResult } from '../bv-result';
import { UploadFileCommand, type StartedUpload } from './upload-file.command';
import { CONTENT_CONFIG, type ContentConfig } from '@upload-sessions/service-core/content/content-config';
import { BLENDVISION_CONFIG, type BlendvisionConfig } from '../../config/blendvision-config';

@CommandHandler(UploadFileCommand)
export class UploadFileHandler implements ICommandHandler<UploadFileCommand> {
  constructor(
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(BvFileStreams) private readonly files: BvFileStreams,
    @Inject(CONTENT_CONFIG) private readonly content: ContentConfig,
    @Inject(BLENDVISION_CONFIG) private readonly config: BlendvisionConfig,
    @Inject(CommandBus) private readonly commands: CommandBus,
  ) {}

  async execute({ context, file }: UploadFileCommand): Promise<BvResult<StartedUpload>> {
    if (file.size > this.content.maxUploadBytes) {
      return E.left(
        bvInvalidArgument('file.size', `file.size must be at most ${this.content.maxUploadBytes} bytes`),
      );
    }
    const plan = planParts(file.size, this.config.partSizeBytes);
    // Parts as S3 takes them: any length the client chooses (checked at the PUT against the part
    // limit and at complete-upload against the file), so a slot declares no size.
    const parts: DeclaredFile[] = Array.from({ length: plan.count }, (_, i) => ({
      name: partName(i + 1),
      size: null,
      checksum: null,
    }));
    const fileId = newId();
    const uploadId = newId();
    const now = this.sessions.clock();
    const expiresAt = new Date(now.getTime() + this.config.uploadTtlSeconds * 1000).toISOString();

    const start: UploadSessionCommand = {
      type: 'StartUploadSession',
      sessionId: uploadId,
      organizationId: context.organizationId,
      target: { kind: 'file', fileId },
      files: parts,
      expiresAt,
      clientToken: null,
      now: now.toISOString(),
    };
    const create: BvFileCommand = {
      type: 'CreateBvFile',
      fileId,
      organizationId: context.organizationId,
      uploadId,
      fileType: file.type,
      source: file.source,
      name: file.name,
      size: file.size,
      partSize: plan.partSize,
      attrs: file.attrs ?? {},
      metadata: {
        shortDescription: file.metadata?.short_description ?? '',
        longDescription: file.metadata?.long_description ?? '',
        labels: file.metadata?.labels ?? [],
      },
      now: now.toISOString(),
    };

    // Both ids are new: the session and the file are decided without reading and written in one
    // multi-stream append (one round trip; all or nothing where the store supports it).
    const session = await this.sessions.prepareStart(uploadId, context, start, true);
    if (E.isLeft(session)) return session;
    const fileCreated = await this.files.prepareCreate(fileId, context, create);
    if (E.isLeft(fileCreated)) return fileCreated;
    const together = await appendTogether(this.sessions.store, [session.right, fileCreated.right] as const);
    if (together !== CONFLICT) {
      if (E.isLeft(together)) return together;
      return this.answer(together.right[1].after, fileId, uploadId, plan.count, expiresAt);
    }

    // A fresh id already taken (never in practice): one command after the other, as the runner retries.
    // The session first: if the file cannot be written after it, the orphaned session just expires.
    const started = await this.commands.execute(new StartSessionCommand(context, start, true));
    if (E.isLeft(started)) return started;
    const created = await this.files.change(fileId, context, () => E.right(create));
    if (E.isLeft(created)) return created;
    return this.answer(created.right.after, fileId, uploadId, plan.count, expiresAt);
  }

  private answer(
    after: BvFileState,
    fileId: string,
    uploadId: string,
    partCount: number,
    expiresAt: string,
  ): BvResult<StartedUpload> {
    if (after.status === 'NONE') return E.left({ _tag: 'BvFileNotFound', fileId });
    return E.right({ file: after, uploadId, partCount, expiresAt });
  }
}
