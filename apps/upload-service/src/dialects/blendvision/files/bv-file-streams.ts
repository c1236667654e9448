import { Inject, Injectable } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import {
  bindAggregate,
  defineAggregate,
  type Decided,
  type StreamStateCache,
} from '@upload-sessions/event-sourcing';
import type { EventStore, GlobalPosition, RecordedEvent } from '@upload-sessions/event-store';
import { APP_CONFIG, CLOCK, EVENT_STORE, STREAM_STATE_CACHE, type Clock } from '../../../app/tokens';
import type { AppConfig } from '../../../config/app-config';
import { isResourceId } from '../../../content/safe-names';
import { aggregateEnvironment, type CommandContext } from '../../../event-sourcing/command-context';
import type { InfrastructureError } from '../../../event-sourcing/infrastructure-error';
import { UPLOAD_SESSION_STREAM_PREFIX } from '../../../event-sourcing/stream-names';
import { SessionRunner } from '../../../sessions/shared/session-runner';
import { bvFileNotFound, type BvError } from '../errors/bv-error';
import {
  bvFileDecider,
  foldBvFile,
  type BvFile,
  type BvFileCommand,
  type BvFileState,
} from './bv-file-decider';
import { BV_FILE_EVENT_TYPES, bvFileCodec, type BvFileEvent } from './bv-file-events';
import { NO_UPLOAD, summaryOfSession, type UploadSummary } from './upload-summary';

/** One stream per BlendVision file; the prefix selects them in the global log. */
export const BV_FILE_STREAM_PREFIX = 'bv-file-';
export const bvFileStream = (fileId: string): string => `${BV_FILE_STREAM_PREFIX}${fileId}`;

type Result<A> = E.Either<BvError | InfrastructureError, A>;

/**
 * BlendVision files: the organization's live files are visible, a change may also create one; ids this
 * service did not mint name no file (and never reach a stream name).
 */
export const bvFileAggregate = defineAggregate({
  streamPrefix: BV_FILE_STREAM_PREFIX,
  decider: bvFileDecider,
  codec: bvFileCodec,
  isId: isResourceId,
  visible: (state: BvFileState, organizationId: string): state is BvFile =>
    state.status === 'ACTIVE' && state.organizationId === organizationId,
  changeable: (state: BvFileState, organizationId: string): state is BvFileState =>
    state.status === 'NONE' || state.organizationId === organizationId,
  notFound: (fileId: string): BvError => bvFileNotFound(fileId),
});

export interface FileWithUpload {
  readonly file: BvFile;
  readonly upload: UploadSummary;
}

/** The session events that change a file's status; the list scan reads them with the files' events. */
const SESSION_OUTCOME_TYPES = [
  'UploadSessionStarted',
  'UploadSessionCompleted',
  'UploadSessionCanceled',
  'UploadSessionFailed',
] as const;

/** Loads and changes BlendVision files. */
@Injectable()
export class BvFileStreams {
  private readonly files;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(STREAM_STATE_CACHE) cache: StreamStateCache,
  ) {
    this.files = bindAggregate(
      bvFileAggregate,
      aggregateEnvironment(store, config.commandRetries, clock, cache),
    );
  }

  /** The organization's file; a deleted file or another organization's does not exist for the caller. */
  load(fileId: string, organizationId: string): Promise<Result<BvFile>> {
    return this.files.load(fileId, organizationId);
  }

  /** The file with the state of its upload session. */
  async loadWithUpload(fileId: string, organizationId: string): Promise<Result<FileWithUpload>> {
    const file = await this.load(fileId, organizationId);
    if (E.isLeft(file)) return file;
    const session = await this.sessions.loadAny(file.right.uploadId);
    if (E.isLeft(session)) return session;
    return E.right({ file: file.right, upload: summaryOfSession(session.right) });
  }

  change(
    fileId: string,
    context: CommandContext,
    build: (state: BvFileState) => E.Either<BvError, BvFileCommand>,
  ): Promise<Result<Decided<BvFileEvent, BvFileState>>> {
    return this.files.change(fileId, context, build);
  }

  /**
   * Every live file of the organization with its upload, newest first (the reverse of the log's
   * order, so files created in the same millisecond keep their order), from one scan of the global log (files' events and their sessions' outcomes). A projected read model can replace it
   * behind the same call.
   */
  async listAll(organizationId: string): Promise<E.Either<InfrastructureError, readonly FileWithUpload[]>> {
    const files = new Map<string, BvFileEvent[]>();
    const uploads = new Map<string, UploadSummary>();
    let after: GlobalPosition | undefined;
    for (;;) {
      const page = await this.store.readAll({
        ...(after !== undefined ? { after } : {}),
        maxCount: 1000,
        filter: {
          streamPrefixes: [BV_FILE_STREAM_PREFIX, UPLOAD_SESSION_STREAM_PREFIX],
          eventTypes: [...BV_FILE_EVENT_TYPES, ...SESSION_OUTCOME_TYPES],
        },
      });
      if (E.isLeft(page)) return E.left({ _tag: 'StoreUnavailable', message: page.left.message });
      for (const recorded of page.right.events) this.apply(recorded, files, uploads);
      if (page.right.isEnd || page.right.events.length === 0) break;
      after = page.right.events[page.right.events.length - 1]?.position;
    }
    const result: FileWithUpload[] = [];
    for (const [streamName, events] of files) {
      const state = foldBvFile(events);
      if (state.status !== 'ACTIVE' || state.organizationId !== organizationId) continue;
      if (!streamName.endsWith(state.id)) continue;
      result.push({ file: state, upload: uploads.get(state.uploadId) ?? NO_UPLOAD });
    }
    return E.right(result.reverse());
  }

  private apply(
    recorded: RecordedEvent,
    files: Map<string, BvFileEvent[]>,
    uploads: Map<string, UploadSummary>,
  ): void {
    if (recorded.streamName.startsWith(BV_FILE_STREAM_PREFIX)) {
      const event = bvFileCodec.decode(recorded);
      if (E.isLeft(event)) return;
      const events = files.get(recorded.streamName);
      if (events === undefined) files.set(recorded.streamName, [event.right]);
      else events.push(event.right);
      return;
    }
    const sessionId = recorded.streamName.slice(UPLOAD_SESSION_STREAM_PREFIX.length);
    const target = recorded.data['target'] as { kind?: unknown } | undefined;
    switch (recorded.type) {
      case 'UploadSessionStarted':
        // vSphere sessions are of no interest here.
        if (target?.kind === 'file') uploads.set(sessionId, { state: 'ACTIVE', endedAt: null });
        return;
      case 'UploadSessionCompleted':
        return this.end(uploads, sessionId, 'DONE', recorded.data['completedAt']);
      case 'UploadSessionCanceled':
        return this.end(uploads, sessionId, 'CANCELED', recorded.data['canceledAt']);
      case 'UploadSessionFailed':
        return this.end(uploads, sessionId, 'ERROR', recorded.data['failedAt']);
    }
  }

  private end(
    uploads: Map<string, UploadSummary>,
    sessionId: string,
    state: UploadSummary['state'],
    at: unknown,
  ): void {
    if (!uploads.has(sessionId)) return;
    uploads.set(sessionId, { state, endedAt: typeof at === 'string' ? at : null });
  }
}
