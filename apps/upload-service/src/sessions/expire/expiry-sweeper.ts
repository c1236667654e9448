import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { instant } from '@upload-sessions/domain';
import type { EventStore } from '@upload-sessions/event-store';
import { APP_CONFIG, CLOCK, EVENT_STORE, type Clock } from '../../app/tokens';
import type { AppConfig } from '../../config/app-config';
import { systemContext } from '../../event-sourcing/command-context';
import { JsonLogger } from '../../logging/json-logger';
import { ReadModelQueries } from '../../projections/queries/read-model-queries';
import { ProjectionRunner } from '../../projections/runner/projection-runner';
import { PeriodicJob } from '../../scheduling/periodic-job';
import { ExpireUploadSessionCommand } from './expire-upload-session.command';

/** How long a sweep waits for the read models to reach the head of the log before it queries them. */
const CATCH_UP_WAIT_MS = 2000;

/**
 * Every interval: expires ACTIVE sessions past their expiration time (content is deleted by the
 * clean-up processor; see clean-up/). Which sessions are ACTIVE and until when, it asks the
 * `upload_sessions` read model, once that has reached the head of the log (waiting a bounded time). The
 * read model only nominates: each session's own stream decides, so a keep-alive the read model has not
 * seen yet makes the command a refusal, not a wrong expiry. Every instance runs it: the aggregate's
 * revision check lets one of two instances expiring the same session win; the other's command is
 * refused and changes nothing.
 */
@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(ReadModelQueries) private readonly queries: ReadModelQueries,
    @Inject(ProjectionRunner) private readonly projection: ProjectionRunner,
  ) {
    this.job = new PeriodicJob(
      () => this.sweep(),
      config.expirySweepIntervalSeconds * 1000,
      (error) => logger.entry('error', 'expiry sweep failed', { error: String(error) }),
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  /** Stops the timer and waits for a sweep in progress: its commands finish before the store closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** One sweep; returns the ids of the sessions it expired. */
  async sweep(): Promise<readonly string[]> {
    await this.catchUp();
    const now = this.clock().getTime();
    const expired: string[] = [];
    for (const { sessionId, organizationId, expiresAt } of this.queries.activeSessionExpiries()) {
      if (instant(expiresAt) > now) continue;
      const result = await this.commands.execute(
        new ExpireUploadSessionCommand(systemContext('session-expiry', organizationId), sessionId),
      );
      if (E.isRight(result)) {
        expired.push(sessionId);
        this.logger.entry('info', 'update session expired', { sessionId, organizationId });
      }
    }
    return expired;
  }

  /** Waits (bounded) until the read models have taken in every event written before the sweep. */
  private async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (E.isLeft(head)) throw new Error(head.left.message);
    if (head.right !== undefined) await this.projection.waitFor(head.right, CATCH_UP_WAIT_MS);
  }
}
