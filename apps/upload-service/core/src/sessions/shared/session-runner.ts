import { Inject, Injectable } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import {
  sessionNotFound,
  uploadSessionDecider,
  type UploadSession,
  type UploadSessionCommand,
  type UploadSessionCommandType,
  type UploadSessionError,
  type UploadSessionEvent,
  type UploadSessionState,
} from '@upload-sessions/domain';
import type { EventStore } from '@upload-sessions/event-store';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG, CLOCK, EVENT_STORE, STREAM_STATE_CACHE, type Clock } from '../../application/tokens';
import type { CommandContext } from '../../event-sourcing/command-context';
import type { InfrastructureError } from '../../event-sourcing/infrastructure-error';
import { loadStream, runDecider, type Decided } from '../../event-sourcing/run-decider';
import type { StreamStateCache } from '../../event-sourcing/stream-state-cache';
import { uploadSessionStream } from '../../event-sourcing/stream-names';
import { uploadSessionCodec } from './upload-session-codec';

export type SessionResult = E.Either<
  UploadSessionError | InfrastructureError,
  Decided<UploadSessionEvent, UploadSessionState>
>;

/** A session of another organization is indistinguishable from one that does not exist. */
const visibleTo = (state: UploadSessionState, organizationId: string): state is UploadSession =>
  state.status !== 'NONE' && state.status !== 'DELETED' && state.organizationId === organizationId;

/**
 * Runs upload-session commands through the one decide-and-append loop, scoped to the caller's
 * organization, and loads sessions for queries.
 */
@Injectable()
export class SessionRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(STREAM_STATE_CACHE) private readonly cache: StreamStateCache,
  ) {}

  nowIso(): string {
    return this.clock().toISOString();
  }

  /** Decides `build(session)` on the caller's session; unknown or foreign sessions are SessionNotFound. */
  execute<C extends UploadSessionCommand>(
    sessionId: string,
    context: CommandContext,
    commandType: C['type'],
    build: (session: UploadSession) => C,
  ): Promise<SessionResult> {
    return runDecider({
      store: this.store,
      streamName: uploadSessionStream(sessionId),
      decider: uploadSessionDecider,
      codec: uploadSessionCodec,
      command: (state) =>
        visibleTo(state, context.organizationId)
          ? E.right(build(state))
          : E.left(sessionNotFound(commandType, sessionId)),
      context,
      retries: this.config.commandRetries,
      now: this.clock,
      cache: this.cache,
    });
  }

  /** Starts a session: the stream must not exist yet (`freshId`: its id was just drawn at random). */
  start(
    sessionId: string,
    context: CommandContext,
    command: UploadSessionCommand,
    freshId = false,
  ): Promise<SessionResult> {
    return runDecider({
      store: this.store,
      streamName: uploadSessionStream(sessionId),
      decider: uploadSessionDecider,
      codec: uploadSessionCodec,
      command: () => E.right(command),
      context,
      retries: this.config.commandRetries,
      now: this.clock,
      cache: this.cache,
      newStream: freshId,
    });
  }

  /**
   * The state of a session whatever its organization (for the service's own sweeps). `settled`: a
   * remembered state for which it holds is answered without reading the stream (see loadStream).
   */
  async loadAny(
    sessionId: string,
    settled?: (state: UploadSessionState) => boolean,
  ): Promise<E.Either<InfrastructureError, UploadSessionState>> {
    const loaded = await loadStream(
      this.store,
      uploadSessionStream(sessionId),
      uploadSessionDecider,
      uploadSessionCodec,
      this.cache,
      settled,
    );
    return E.map((l: { state: UploadSessionState }) => l.state)(loaded);
  }

  /** The caller's session, or SessionNotFound (also for deleted and foreign sessions). */
  async load(
    sessionId: string,
    organizationId: string,
    /** The command the caller is about to send, named in the SessionNotFound error. */
    forCommand: UploadSessionCommandType = 'RecordContent',
  ): Promise<E.Either<UploadSessionError | InfrastructureError, UploadSession>> {
    const loaded = await this.loadAny(sessionId);
    if (E.isLeft(loaded)) return loaded;
    return visibleTo(loaded.right, organizationId)
      ? E.right(loaded.right)
      : E.left(sessionNotFound(forCommand, sessionId));
  }
}
