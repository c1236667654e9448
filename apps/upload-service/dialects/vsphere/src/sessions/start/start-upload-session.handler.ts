import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { instant, type UploadSessionCommand, type UploadSessionState } from '@upload-sessions/domain';
import { appendTogether, CONFLICT } from '@upload-sessions/event-sourcing';
import {
  invalidRequest,
  type ApplicationError,
} from '@upload-sessions/service-core/application/application-error';
import {
  systemContext,
  type CommandContext,
} from '@upload-sessions/service-core/event-sourcing/command-context';
import { idForClientToken, newId } from '@upload-sessions/service-core/event-sourcing/ids';
import type { LibraryError, LibraryItemCommand, LibraryItemState } from '@upload-sessions/content-library';
import { LibraryStreams } from '../../library/library-streams';
import { SessionContent } from '@upload-sessions/service-core/sessions/shared/session-content';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import { startUpload } from '@upload-sessions/service-core/sessions/shared/upload-process';
import { StartUploadSessionCommand, type StartedSession } from './start-upload-session.command';
import { SESSIONS_CONFIG, type SessionsConfig } from '@upload-sessions/service-core/sessions/sessions-config';

const hasEnded = (state: UploadSessionState): boolean => state.status !== 'NONE' && state.status !== 'ACTIVE';

@CommandHandler(StartUploadSessionCommand)
export class StartUploadSessionHandler implements ICommandHandler<StartUploadSessionCommand> {
  constructor(
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(LibraryStreams) private readonly library: LibraryStreams,
    @Inject(SessionContent) private readonly content: SessionContent,
    @Inject(SESSIONS_CONFIG) private readonly config: SessionsConfig,
  ) {}

  async execute(command: StartUploadSessionCommand): Promise<E.Either<ApplicationError, StartedSession>> {
    const { context, libraryItemId, clientToken } = command;
    const sessionId =
      clientToken === null
        ? newId()
        : idForClientToken('update-session', context.organizationId, clientToken);

    if (clientToken !== null) {
      // The item is read at the same time (into the cache), so the claim below decides without a read.
      const [existing] = await Promise.all([
        this.sessions.loadAny(sessionId),
        this.library.loadItemState(libraryItemId),
      ]);
      if (E.isLeft(existing)) return existing;
      const retried = this.retriedCreate(existing.right, libraryItemId, sessionId);
      if (retried !== undefined) return retried;
    }

    const together = await this.startTogether(command, sessionId);
    if (together !== CONFLICT) return together;

    // The item's stream records which session holds it; the claim is appended at the revision read,
    // so of two concurrent creates only one claims the item. That one read also checks the item exists
    // in the caller's organization (changeItem answers not found for another's) and gives its content
    // version: the item's stream grows with every session, so it is read once per create, not twice.
    return startUpload<string, StartedSession>({
      claimTarget: () => this.claimItem(libraryItemId, sessionId, context),
      startSession: async (contentVersion) => {
        const now = this.sessions.clock();
        const started = await this.sessions.start(
          sessionId,
          context,
          {
            type: 'StartUploadSession',
            sessionId,
            organizationId: context.organizationId,
            target: { kind: 'library-item', libraryItemId, contentVersion },
            files: [],
            expiresAt: new Date(now.getTime() + this.config.timeoutSeconds * 1000).toISOString(),
            clientToken,
            now: now.toISOString(),
          },
          clientToken === null,
        );
        if (E.isLeft(started)) {
          if (started.left._tag === 'SessionAlreadyExists' && clientToken !== null)
            return E.right({ sessionId, created: false });
          return started;
        }
        if (command.warningBehavior.length > 0) {
          const updated = await this.sessions.execute(sessionId, context, 'UpdateWarningBehavior', () => ({
            type: 'UpdateWarningBehavior',
            warningBehavior: command.warningBehavior,
            now: now.toISOString(),
          }));
          if (E.isLeft(updated)) return updated;
        }
        return E.right({ sessionId, created: true });
      },
    });
  }

  /**
   * The claim and the start decided first and written in one multi-stream append: one round trip, and
   * a claim never lands without its session where the store makes it all or nothing. CONFLICT: the item
   * (or the session's id) was written in between and nothing of this was; the caller goes the
   * one-after-the-other way, which reads the item again and decides anew.
   */
  private async startTogether(
    command: StartUploadSessionCommand,
    sessionId: string,
  ): Promise<E.Either<ApplicationError, StartedSession> | typeof CONFLICT> {
    const { context, libraryItemId } = command;
    let contentVersion = '';
    const claim = await this.library.prepareItemChange(libraryItemId, context, (state) =>
      this.claimCommand(state, libraryItemId, sessionId, (version) => {
        contentVersion = version;
      }),
    );
    if (E.isLeft(claim)) return claim;
    const now = this.sessions.clock();
    const start = await this.sessions.prepareStart(
      sessionId,
      context,
      this.startCommand(command, sessionId, contentVersion, now),
      // A client token's session was just found not to exist: decided on that, the append checks it.
      true,
    );
    if (E.isLeft(start)) return start;
    const written = await appendTogether(this.sessions.store, [claim.right, start.right] as const);
    if (written === CONFLICT || E.isLeft(written)) return written;
    // Rare: kept as the second command it always was.
    if (command.warningBehavior.length > 0) {
      const updated = await this.updateWarningBehavior(command, sessionId, now);
      if (E.isLeft(updated)) return updated;
    }
    return E.right({ sessionId, created: true });
  }

  private startCommand(
    command: StartUploadSessionCommand,
    sessionId: string,
    contentVersion: string,
    now: Date,
  ): UploadSessionCommand {
    return {
      type: 'StartUploadSession',
      sessionId,
      organizationId: command.context.organizationId,
      target: { kind: 'library-item', libraryItemId: command.libraryItemId, contentVersion },
      files: [],
      expiresAt: new Date(now.getTime() + this.config.timeoutSeconds * 1000).toISOString(),
      clientToken: command.clientToken,
      now: now.toISOString(),
    };
  }

  private updateWarningBehavior(command: StartUploadSessionCommand, sessionId: string, now: Date) {
    return this.sessions.execute(sessionId, command.context, 'UpdateWarningBehavior', () => ({
      type: 'UpdateWarningBehavior',
      warningBehavior: command.warningBehavior,
      now: now.toISOString(),
    }));
  }

  /** The claim of the item for the session (a stale holder is expired first); tells its content version. */
  private async claimCommand(
    state: LibraryItemState,
    libraryItemId: string,
    sessionId: string,
    version: (contentVersion: string) => void,
  ): Promise<E.Either<LibraryError, LibraryItemCommand>> {
    if (state.status === 'NONE') return E.left({ _tag: 'LibraryItemNotFound', libraryItemId });
    version(String(state.contentVersion));
    const claimIsFree =
      state.claimedBy === null || (await this.claimHasEnded(state.claimedBy, state.claimedAt));
    return E.right({ type: 'ClaimLibraryItem', sessionId, claimIsFree, now: this.sessions.nowIso() });
  }

  /** Claims the item for the session (a stale holder is expired first); answers its content version. */
  private async claimItem(
    libraryItemId: string,
    sessionId: string,
    context: CommandContext,
  ): Promise<E.Either<ApplicationError, string>> {
    let contentVersion = '';
    const claimed = await this.library.changeItem(libraryItemId, context, async (state) => {
      if (state.status === 'NONE') return E.left({ _tag: 'LibraryItemNotFound', libraryItemId });
      contentVersion = String(state.contentVersion);
      const claimIsFree =
        state.claimedBy === null || (await this.claimHasEnded(state.claimedBy, state.claimedAt));
      return E.right({ type: 'ClaimLibraryItem', sessionId, claimIsFree, now: this.sessions.nowIso() });
    });
    return E.isLeft(claimed) ? claimed : E.right(contentVersion);
  }

  /** A create retried with the same client token answers the session it made the first time. */
  private retriedCreate(
    state: UploadSessionState,
    libraryItemId: string,
    sessionId: string,
  ): E.Either<ApplicationError, StartedSession> | undefined {
    if (state.status === 'NONE') return undefined;
    if (state.target.kind === 'library-item' && state.target.libraryItemId === libraryItemId) {
      return E.right({ sessionId, created: false });
    }
    return E.left(
      invalidRequest('client_token was already used to create an update session for another library item'),
    );
  }

  /**
   * Whether the session holding the item no longer keeps it: ended, deleted, past its expiration time
   * (it is expired on the spot), or never written and claimed longer than a session timeout ago (a
   * create that died between claiming and starting). A claim whose session is not written yet is
   * otherwise held: that create is still under way.
   */
  private async claimHasEnded(holder: string, claimedAt: string | null): Promise<boolean> {
    // An ended session never becomes active again: a remembered end needs no read.
    const state = await this.sessions.loadAny(holder, hasEnded);
    if (E.isLeft(state)) return false;
    const session = state.right;
    if (session.status === 'NONE') {
      const age = this.sessions.clock().getTime() - instant(claimedAt ?? '');
      return age > this.config.timeoutSeconds * 1000;
    }
    if (session.status !== 'ACTIVE') return true;
    if (instant(session.expiresAt) > this.sessions.clock().getTime()) return false;
    const expired = await this.sessions.execute(
      holder,
      this.expiryContext(session.organizationId),
      'ExpireUploadSession',
      () => ({
        type: 'ExpireUploadSession',
        // An idle session past its expiry: no transfer of it is running.
        transfersInFlight: [],
        now: this.sessions.nowIso(),
      }),
    );
    if (E.isLeft(expired)) return false;
    await this.content.release(holder, 'the update session expired');
    return true;
  }

  private expiryContext(organizationId: string): CommandContext {
    return systemContext('session-expiry', organizationId);
  }
}
