import { Inject, Injectable } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import {
  bindAggregate,
  defineAggregate,
  type Decided,
  type PreparedChange,
  type StreamStateCache,
} from '@upload-sessions/event-sourcing';
import type { EventStore } from '@upload-sessions/event-store';
import {
  CLOCK,
  EVENT_STORE,
  STREAM_STATE_CACHE,
  type Clock,
} from '@upload-sessions/service-core/application/tokens';
import { isResourceId } from '@upload-sessions/service-core/content/safe-names';
import {
  aggregateEnvironment,
  type CommandContext,
} from '@upload-sessions/service-core/event-sourcing/command-context';
import type { InfrastructureError } from '@upload-sessions/service-core/event-sourcing/infrastructure-error';
import type { ReadModels } from '@upload-sessions/read-side/projections/read-models';
import type { BvFileQueries } from '../use-cases/queries/bv-file-queries';
import { BV_FILE_READ_MODELS } from '../use-cases/queries/bv-file-read-models-token';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import { bvFileNotFound, type BvError } from '../errors/bv-error';
import {
  bvFileDecider,
  type BvFile,
  type BvFileCommand,
  type BvFileState,
  type BvFileEvent,
} from '@upload-sessions/library-file';
import { bvFileCodec } from './bv-file-codec';
import { summaryOfSession, type UploadSummary } from './upload-summary';
import {
  COMMANDS_CONFIG,
  type CommandsConfig,
} from '@upload-sessions/service-core/event-sourcing/commands-config';

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

/** Loads and changes BlendVision files. */
@Injectable()
export class BvFileStreams {
  private readonly files;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(COMMANDS_CONFIG) config: CommandsConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(STREAM_STATE_CACHE) cache: StreamStateCache,
    @Inject(BV_FILE_READ_MODELS) private readonly readModels: ReadModels<BvFileQueries>,
  ) {
    this.files = bindAggregate(bvFileAggregate, aggregateEnvironment(store, config.retries, clock, cache));
  }

  /** The organization's file; a deleted file or another organization's does not exist for the caller. */
  load(fileId: string, organizationId: string): Promise<Result<BvFile>> {
    return this.files.load(fileId, organizationId);
  }

  /**
   * The organization's file, answered from the instance's remembered state when it knows the file live
   * (`remembered`: no read was made). Only for checks whose command fails anyway on a file deleted
   * meanwhile (deleting a file ends its upload first); a caller refused after a remembered answer reads
   * again before naming the refusal.
   */
  async loadRemembered(
    fileId: string,
    organizationId: string,
  ): Promise<Result<{ readonly file: BvFile; readonly remembered: boolean }>> {
    let remembered = false;
    const file = await this.files.load(fileId, organizationId, undefined, (state) => {
      remembered = state.status === 'ACTIVE';
      return remembered;
    });
    return E.isLeft(file) ? file : E.right({ file: file.right, remembered });
  }

  /** The file whoever asks (a signed link names it): a deleted file does not exist. */
  async loadAny(fileId: string): Promise<Result<BvFile>> {
    if (!isResourceId(fileId)) return E.left(bvFileNotFound(fileId));
    const state = await this.files.loadState(fileId);
    if (E.isLeft(state)) return state;
    return state.right.status === 'ACTIVE' ? E.right(state.right) : E.left(bvFileNotFound(fileId));
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

  /** As `change`, decided but not appended (see appendTogether). */
  prepareChange(
    fileId: string,
    context: CommandContext,
    build: (state: BvFileState) => E.Either<BvError, BvFileCommand>,
  ): Promise<Result<PreparedChange<BvFileEvent, BvFileState>>> {
    return this.files.prepareChange(fileId, context, build);
  }

  /** Creates a file whose id was just drawn at random: decided without reading, not appended (see appendTogether). */
  prepareCreate(
    fileId: string,
    context: CommandContext,
    command: BvFileCommand,
  ): Promise<Result<PreparedChange<BvFileEvent, BvFileState>>> {
    return this.files.prepareHandle(fileId, context, command, { newStream: true });
  }

  /**
   * Every live file of the organization with its upload, newest first (the reverse of the log's order),
   * from the bv_files and upload_sessions read models once they have the caller's own writes.
   */
  async listAll(organizationId: string): Promise<E.Either<InfrastructureError, readonly FileWithUpload[]>> {
    return E.right((await this.readModels.forCaller()).bvFiles(organizationId));
  }
}
