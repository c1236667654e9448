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
import {
  bindAggregate,
  defineAggregate,
  type Decided,
  type PreparedChange,
  type StreamStateCache,
} from '@upload-sessions/event-sourcing';
import type { EventStore } from '@upload-sessions/event-store';
import { CLOCK, EVENT_STORE, STREAM_STATE_CACHE, type Clock } from '../../application/tokens';
import { aggregateEnvironment, type CommandContext } from '../../event-sourcing/command-context';
import type { InfrastructureError } from '../../event-sourcing/infrastructure-error';
import { UPLOAD_SESSION_STREAM_PREFIX } from '../../event-sourcing/stream-names';
import { uploadSessionCodec } from './upload-session-codec';
import { COMMANDS_CONFIG, type CommandsConfig } from '../../event-sourcing/commands-config';

export type SessionResult = E.Either<
  UploadSessionError | InfrastructureError,
  Decided<UploadSessionEvent, UploadSessionState>
>;

/** The upload session as an aggregate: a session of another organization is indistinguishable from one that does not exist. */
export const uploadSessionAggregate = defineAggregate({
  streamPrefix: UPLOAD_SESSION_STREAM_PREFIX,
  decider: uploadSessionDecider,
  codec: uploadSessionCodec,
  visible: (state: UploadSessionState, organizationId: string): state is UploadSession =>
    state.status !== 'NONE' && state.status !== 'DELETED' && state.organizationId === organizationId,
  notFound: (sessionId: string, command = 'RecordContent'): UploadSessionError =>
    sessionNotFound(command as UploadSessionCommandType, sessionId),
});

/** Runs upload-session commands scoped to the caller's organization, and loads sessions for queries. */
@Injectable()
export class SessionRunner {
  private readonly sessions;

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(COMMANDS_CONFIG) config: CommandsConfig,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(STREAM_STATE_CACHE) cache: StreamStateCache,
  ) {
    this.sessions = bindAggregate(
      uploadSessionAggregate,
      aggregateEnvironment(store, config.retries, clock, cache),
    );
  }

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
    return this.sessions.change(sessionId, context, (session) => E.right(build(session)), {
      command: commandType,
    });
  }

  /** Starts a session: the stream must not exist yet (`freshId`: its id was just drawn at random). */
  start(
    sessionId: string,
    context: CommandContext,
    command: UploadSessionCommand,
    freshId = false,
  ): Promise<SessionResult> {
    return this.sessions.handle(sessionId, context, command, { newStream: freshId });
  }

  /** As `execute`, decided but not appended (see appendTogether). */
  prepareExecute<C extends UploadSessionCommand>(
    sessionId: string,
    context: CommandContext,
    commandType: C['type'],
    build: (session: UploadSession) => C,
  ): Promise<
    E.Either<UploadSessionError | InfrastructureError, PreparedChange<UploadSessionEvent, UploadSessionState>>
  > {
    return this.sessions.prepareChange(sessionId, context, (session) => E.right(build(session)), {
      command: commandType,
    });
  }

  /**
   * A start decided but not appended, to go out with another aggregate's change in one write (see
   * appendTogether); a new id (`freshId`) is decided on without reading.
   */
  prepareStart(
    sessionId: string,
    context: CommandContext,
    command: UploadSessionCommand,
    freshId = false,
  ): Promise<
    E.Either<UploadSessionError | InfrastructureError, PreparedChange<UploadSessionEvent, UploadSessionState>>
  > {
    return this.sessions.prepareHandle(sessionId, context, command, { newStream: freshId });
  }

  /**
   * The state of a session whatever its organization (for the service's own sweeps). `settled`: a
   * remembered state for which it holds is answered without reading the stream (see loadCached).
   */
  loadAny(
    sessionId: string,
    settled?: (state: UploadSessionState) => boolean,
  ): Promise<E.Either<InfrastructureError, UploadSessionState>> {
    return this.sessions.loadState(sessionId, settled);
  }

  /** The caller's session, or SessionNotFound (also for deleted and foreign sessions). */
  load(
    sessionId: string,
    organizationId: string,
    /** The command the caller is about to send, named in the SessionNotFound error. */
    forCommand: UploadSessionCommandType = 'RecordContent',
    /** A remembered state for which it holds is answered without reading (see loadCached). */
    settled?: (state: UploadSessionState) => boolean,
  ): Promise<E.Either<UploadSessionError | InfrastructureError, UploadSession>> {
    return this.sessions.load(sessionId, organizationId, forCommand, settled);
  }
}
