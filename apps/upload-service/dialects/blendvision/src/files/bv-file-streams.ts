import { Inject, Injectable } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import type { EventStore, GlobalPosition, RecordedEvent } from '@upload-sessions/event-store';
import {
  APP_CONFIG,
  CLOCK,
  EVENT_STORE,
  STREAM_STATE_CACHE,
  type Clock,
} from '@upload-sessions/service-core/application/tokens';
import type { AppConfig } from '@upload-sessions/service-core/config/app-config';
import { isResourceId } from '@upload-sessions/service-core/content/safe-names';
import type { CommandContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import type { InfrastructureError } from '@upload-sessions/service-core/event-sourcing/infrastructure-error';
import {
  loadStream,
  runDecider,
  type Decided,
} from '@upload-sessions/service-core/event-sourcing/run-decider';
import type { StreamStateCache } from '@upload-sessions/service-core/event-sourcing/stream-state-cache';
import { UPLOAD_SESSION_STREAM_PREFIX } from '@upload-sessions/service-core/event-sourcing/stream-names';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
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

/** Loads and changes BlendVision files through the one decide-and-append loop. */
@Injectable()
export class BvFileStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(STREAM_STATE_CACHE) private readonly cache: StreamStateCache,
  ) {}

  /** The organization's file; a deleted file or another organization's does not exist for the caller. */
  async load(fileId: string, organizationId: string): Promise<Result<BvFile>> {
    if (!isResourceId(fileId)) return E.left(bvFileNotFound(fileId));
    const loaded = await loadStream(this.store, bvFileStream(fileId), bvFileDecider, bvFileCodec, this.cache);
    if (E.isLeft(loaded)) return loaded;
    const state = loaded.right.state;
    return state.status === 'ACTIVE' && state.organizationId === organizationId
      ? E.right(state)
      : E.left(bvFileNotFound(fileId));
  }

  /** The file whoever asks (a signed link names it): a deleted file does not exist. */
  async loadAny(fileId: string): Promise<Result<BvFile>> {
    if (!isResourceId(fileId)) return E.left(bvFileNotFound(fileId));
    const loaded = await loadStream(this.store, bvFileStream(fileId), bvFileDecider, bvFileCodec, this.cache);
    if (E.isLeft(loaded)) return loaded;
    const state = loaded.right.state;
    return state.status === 'ACTIVE' ? E.right(state) : E.left(bvFileNotFound(fileId));
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
    // Ids this service did not mint name no file (and never reach a stream name).
    if (!isResourceId(fileId)) return Promise.resolve(E.left(bvFileNotFound(fileId)));
    return runDecider({
      store: this.store,
      streamName: bvFileStream(fileId),
      decider: bvFileDecider,
      codec: bvFileCodec,
      command: (state) =>
        state.status === 'NONE' || state.organizationId === context.organizationId
          ? build(state)
          : E.left(bvFileNotFound(fileId)),
      context,
      retries: this.config.commandRetries,
      now: this.clock,
      cache: this.cache,
    });
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
