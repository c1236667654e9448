import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { CLOCK, type Clock } from '../../application/tokens';
import { systemContext } from '../../event-sourcing/command-context';
import { JsonLogger } from '../../logging/json-logger';
import { PeriodicJob } from '../../scheduling/periodic-job';
import { ExpireUploadSessionCommand } from './expire-upload-session.command';
import { EXPIRED_SESSIONS_SOURCE, type ExpiredSessionsSource } from './expired-sessions-source';
import { SESSIONS_CONFIG, type SessionsConfig } from '../sessions-config';

/** At most this many sessions per sweep; the rest are nominated again at the next one. */
const SWEEP_LIMIT = 1000;

/**
 * Every interval: expires ACTIVE sessions past their expiration time (content is deleted by the
 * clean-up processor; see clean-up/). Which sessions those are, it asks the read side's
 * `upload_sessions` read model (through EXPIRED_SESSIONS_SOURCE, once that has reached the head of the
 * log, waiting a bounded time). The read model only nominates: each session's own stream decides, so a
 * keep-alive the read model has not seen yet makes the command a refusal, not a wrong expiry. Every
 * instance runs it: the aggregate's revision check lets one of two instances expiring the same session
 * win; the other's command is refused and changes nothing.
 */
@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    @Inject(EXPIRED_SESSIONS_SOURCE) private readonly source: ExpiredSessionsSource,
    @Inject(SESSIONS_CONFIG) private readonly config: SessionsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
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
    const nominees = await this.source.expiredActiveSessions(this.clock().getTime(), SWEEP_LIMIT);
    const expired: string[] = [];
    for (const { sessionId, organizationId } of nominees) {
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
}
