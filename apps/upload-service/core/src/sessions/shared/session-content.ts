import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import * as E from 'fp-ts/Either';
import type { UploadSession } from '@upload-sessions/domain';
import type { ApplicationError } from '../../application/application-error';
import { CONTENT_STORE, type ContentStore } from '../../content/content-store';
import { TransferRegistry } from '../../content/transfer-registry';
import type { CommandContext } from '../../event-sourcing/command-context';
import { UPLOAD_TARGETS } from '../../dialect/dialect';
import type { UploadTargetAdapter } from '../../dialect/upload-target-adapter';
import { JsonLogger } from '../../logging/json-logger';

/**
 * What happens to a session's bytes once it ends: completed sessions' files become the next content
 * version of their target (through the dialect's upload-target adapter); canceled, failed and expired sessions' transfers are aborted and their
 * bytes deleted. This is the fast path: the clean-up processor and sweep (clean-up/) redo either for
 * sessions whose handler was interrupted (a crash between the event and the file-system work).
 */
@Injectable()
export class SessionContent {
  constructor(
    @Inject(CONTENT_STORE) private readonly content: ContentStore,
    @Inject(TransferRegistry) private readonly transfers: TransferRegistry,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  private adapters: readonly UploadTargetAdapter[] | undefined;

  /** The dialects' upload targets, as the composition root provides them. */
  private targets(): readonly UploadTargetAdapter[] {
    this.adapters ??= this.moduleRef.get<readonly UploadTargetAdapter[]>(UPLOAD_TARGETS, { strict: false });
    return this.adapters;
  }

  /** After cancel, fail or expire: stop the session's transfers and delete its bytes. */
  async release(sessionId: string, reason: string): Promise<void> {
    const aborted = this.transfers.abortSession(sessionId, reason);
    try {
      await this.content.discardSession(sessionId);
      this.logger.entry('info', 'session content deleted', { sessionId, reason, abortedTransfers: aborted });
    } catch (error) {
      // The clean-up sweep retries: the session's staging folder outlives only this failure.
      this.logger.entry('error', 'deleting session content failed', {
        sessionId,
        error: (error as Error).message,
      });
    }
  }

  /**
   * Puts in place the bytes of each file whose recorded content was set aside but not yet placed (a
   * crash or a failure between recording it and placing it). Idempotent; false when one failed.
   */
  async placeRecorded(session: UploadSession): Promise<boolean> {
    let ok = true;
    for (const file of session.files) {
      const sha256 = file.received?.etag.replace(/"/g, '');
      if (sha256 === undefined || !/^[0-9a-f]{64}$/.test(sha256)) continue;
      const placed = await this.content.place(session.sessionId, file.name, sha256);
      if (E.isLeft(placed)) ok = false;
    }
    return ok;
  }

  /** After complete: the session's files become the item's next content version. */
  async commit(
    session: UploadSession,
    context: CommandContext,
  ): Promise<E.Either<ApplicationError, number | undefined>> {
    const { sessionId, target } = session;
    this.transfers.abortSession(sessionId, 'the update session was completed');
    if (session.completedFiles === null) return E.right(undefined);
    if (!(await this.placeRecorded(session)))
      return E.left({ _tag: 'StorageFailed', message: 'placing received content failed' });
    // Parts a BlendVision complete left out are not content (S3 multipart): their bytes go.
    const completed = new Set(session.completedFiles.map((file) => file.name));
    for (const file of session.files) {
      if (file.received !== null && !completed.has(file.name))
        await this.content.discardFile(sessionId, file.name);
    }
    const adapter = this.targets().find((candidate) => candidate.kind === target.kind);
    if (adapter === undefined)
      return E.left({ _tag: 'Unsupported', message: `no upload target for ${target.kind}` });
    const committed = await adapter.commitContent(session, context);
    if (E.isLeft(committed)) return committed;
    if (committed.right === undefined) return E.right(undefined);
    const { targetId, version } = committed.right;
    const moved = await this.content.commit(sessionId, targetId, version);
    if (E.isLeft(moved)) {
      this.logger.entry('error', 'moving completed content failed', { sessionId, message: moved.left });
      return moved;
    }
    return E.right(version);
  }
}
