import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import * as E from 'fp-ts/Either';
import { CONTENT_STORE, type ContentStore } from '@upload-sessions/service-core/content/content-store';
import { systemContext } from '@upload-sessions/service-core/event-sourcing/command-context';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { PeriodicJob } from '@upload-sessions/service-core/scheduling/periodic-job';
import { SessionContent } from '@upload-sessions/service-core/sessions/shared/session-content';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import { CleanUpStats } from './clean-up-stats';
import { CLEAN_UP_CONFIG, type CleanUpConfig } from './clean-up-config';

export interface SweepReport {
  /** Staging folders deleted: their sessions ended without completing, were deleted, or never existed. */
  readonly removedSessions: readonly string[];
  /** Staging folders of completed sessions moved into place (the completion was interrupted). */
  readonly committedSessions: readonly string[];
  /** Partial files of transfers that stopped long ago (the service died mid-upload) in ACTIVE sessions. */
  readonly removedPartialFiles: number;
}

/**
 * Every expiry-sweep interval: staged content that belongs to no ACTIVE session is committed (its
 * session completed) or deleted; partial files a crash left in ACTIVE sessions are deleted once no
 * transfer has written to them for a session timeout. Reports what it removed (a log line and the
 * `upload_sessions_cleanup_swept_total` counter).
 */
@Injectable()
export class TemporaryContentSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    @Inject(CONTENT_STORE) private readonly content: ContentStore,
    @Inject(SessionRunner) private readonly sessions: SessionRunner,
    @Inject(SessionContent) private readonly sessionContent: SessionContent,
    @Inject(CLEAN_UP_CONFIG) private readonly config: CleanUpConfig,
    @Inject(CleanUpStats) private readonly stats: CleanUpStats,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {
    this.job = new PeriodicJob(
      () => this.sweep(),
      config.sweepIntervalSeconds * 1000,
      (error) =>
        logger.entry('warn', 'temporary content sweep failed; retrying next interval', {
          error: String(error),
        }),
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  async sweep(): Promise<SweepReport> {
    const removedSessions: string[] = [];
    const committedSessions: string[] = [];
    let removedPartialFiles = 0;
    // Partial files last written before this are no transfer's any more (real time: file times are).
    const staleBefore = new Date(Date.now() - this.config.staleAfterSeconds * 1000);
    for (const sessionId of await this.content.stagedSessions()) {
      const state = await this.sessions.loadAny(sessionId);
      // The store cannot say: leave the folder for the next sweep.
      if (E.isLeft(state)) continue;
      const session = state.right;
      if (session.status === 'ACTIVE') {
        // Recorded bytes a crash left set aside go in place first: they are content, not leftovers.
        await this.sessionContent.placeRecorded(session);
        removedPartialFiles += await this.content.discardStalePartialFiles(sessionId, staleBefore);
        continue;
      }
      if (
        session.status === 'DONE' ||
        (session.status === 'DELETED' && session.statusBeforeDelete === 'DONE')
      ) {
        const committed = await this.sessionContent.commit(
          session,
          systemContext('content-sweep', session.organizationId),
        );
        if (E.isRight(committed)) committedSessions.push(sessionId);
        continue;
      }
      await this.content.discardSession(sessionId);
      removedSessions.push(sessionId);
    }
    this.stats.sweeps += 1;
    this.stats.sweptSessions += removedSessions.length;
    this.stats.sweptCommits += committedSessions.length;
    this.stats.sweptPartialFiles += removedPartialFiles;
    const report = { removedSessions, committedSessions, removedPartialFiles };
    if (removedSessions.length + committedSessions.length + removedPartialFiles > 0) {
      this.logger.entry('info', 'temporary content swept', { ...report });
    }
    return report;
  }
}
