import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import {
  fileNotFound,
  findFile,
  notAllowedInCurrentState,
  type ChecksumAlgorithm,
} from '@upload-sessions/domain';
import type { ApplicationError } from '../../application/application-error';
import { JsonLogger } from '../../logging/json-logger';
import { CONTENT_STORE, type ContentError, type ContentStore } from '../../content/content-store';
import { isSafeFileName } from '../../content/safe-names';
import { TransferRegistry, type Transfer } from '../../content/transfer-registry';
import { SessionRunner } from '../shared/session-runner';
import { ReceiveFileContentCommand, type ReceivedFile } from './receive-file-content.command';
import { CONTENT_CONFIG, type ContentConfig } from '../../content/content-config';

/** Checksum recorded when the client declared none. */
const DEFAULT_ALGORITHM: ChecksumAlgorithm = 'SHA256';

@CommandHandler(ReceiveFileContentCommand)
export class ReceiveFileContentHandler implements ICommandHandler<ReceiveFileContentCommand> {
  constructor(
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(TransferRegistry) private readonly transfers: TransferRegistry,
    @Inject(CONTENT_STORE) private readonly content: ContentStore,
    @Inject(CONTENT_CONFIG) private readonly config: ContentConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async execute({
    context,
    sessionId,
    fileName,
    source,
    maxBytes,
  }: ReceiveFileContentCommand): Promise<E.Either<ApplicationError, ReceivedFile>> {
    if (!isSafeFileName(fileName)) return E.left(fileNotFound('RecordContent', fileName));
    // Registered before the session is read: a cancel that lands after the read finds this transfer.
    const transfer = this.transfers.begin(sessionId, fileName);
    if (transfer === undefined) return E.left({ _tag: 'TransferInProgress', sessionId, fileName });
    try {
      // A remembered active session declaring the file is enough to start taking bytes: the record
      // below is appended at its revision, so a session changed elsewhere is read and decided again
      // then (and bytes it no longer takes are discarded), as if it had changed during the transfer.
      const session = await this.sessions.load(
        sessionId,
        context.organizationId,
        'RecordContent',
        (state) => state.status === 'ACTIVE' && findFile(state, fileName) !== undefined,
      );
      if (E.isLeft(session)) return session;
      if (session.right.status !== 'ACTIVE')
        return E.left(notAllowedInCurrentState('RecordContent', session.right.status));
      const declared = findFile(session.right, fileName);
      if (declared === undefined) return E.left(fileNotFound('RecordContent', fileName));

      const algorithm = declared.declaredChecksum?.algorithm ?? DEFAULT_ALGORITHM;
      const received = await this.content.receive({
        sessionId,
        fileName,
        source,
        signal: transfer.signal,
        // A body longer than declared can only fail the file: stop reading it at the first extra byte.
        maxBytes: Math.min(
          this.config.maxUploadBytes,
          declared.declaredSize ?? Number.MAX_SAFE_INTEGER,
          maxBytes,
        ),
        algorithms: [...new Set<ChecksumAlgorithm>([algorithm, 'SHA256'])],
        onProgress: (bytes) => {
          transfer.bytes = bytes;
        },
      });
      if (E.isLeft(received)) {
        await this.recordInterruption(sessionId, context, fileName, transfer, received.left);
        return received;
      }

      const digest = received.right.digests[algorithm] ?? '';
      const etag = `"${received.right.digests.SHA256 ?? digest}"`;
      const now = this.sessions.nowIso();
      const recorded = await this.sessions.execute(sessionId, context, 'RecordContent', () => ({
        type: 'RecordContent',
        name: fileName,
        size: received.right.size,
        checksum: { algorithm, value: digest },
        etag,
        now,
      }));
      const sha256 = received.right.digests.SHA256 ?? '';
      if (E.isLeft(recorded)) {
        // Not recorded (the session ended, the file went, the store is unavailable): the new bytes
        // belong to nothing, and the file keeps the bytes its last recorded content names.
        await this.content.discardReceived(sessionId, fileName, sha256);
        return recorded;
      }
      // Recorded: the bytes take the file's name. Should this fail (or the process die first), the
      // clean-up sweep and the completion place them from the recorded etag.
      const placed = await this.content.place(sessionId, fileName, sha256);
      if (E.isLeft(placed))
        this.logger.entry('warn', 'placing received content failed; the sweep retries', {
          sessionId,
          fileName,
          error: placed.left,
        });
      const after = recorded.right.after;
      const file = after.status === 'NONE' ? undefined : findFile(after, fileName);
      return file === undefined ? E.left(fileNotFound('RecordContent', fileName)) : E.right({ file, etag });
    } finally {
      transfer.end();
    }
  }

  /**
   * A transfer that ended without content after some bytes had arrived is recorded on its file, so
   * its status says what happened. Not when the service stopped it (cancel, fail, expiry, removal or
   * shutdown abort the transfer's signal): a session's ending records its own stopped transfers.
   */
  private async recordInterruption(
    sessionId: string,
    context: ReceiveFileContentCommand['context'],
    fileName: string,
    transfer: Transfer,
    error: ContentError,
  ): Promise<void> {
    if (transfer.bytes === 0 || transfer.signal.aborted) return;
    const reason =
      error._tag === 'ContentTooLarge'
        ? 'too-large'
        : error._tag === 'StorageFailed'
          ? 'storage-failed'
          : 'broken-off';
    const bytesReceived = transfer.bytes;
    const now = this.sessions.nowIso();
    // Best effort: the session may have ended meanwhile, or the store be unavailable; the PUT's own
    // error is what the client gets either way.
    const recorded = await this.sessions.execute(sessionId, context, 'RecordTransferInterrupted', () => ({
      type: 'RecordTransferInterrupted',
      name: fileName,
      bytesReceived,
      reason,
      now,
    }));
    if (E.isLeft(recorded))
      this.logger.entry('info', 'interrupted transfer not recorded', {
        sessionId,
        fileName,
        reason: recorded.left._tag,
      });
  }
}
