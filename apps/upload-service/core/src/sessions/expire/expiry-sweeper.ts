import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import * as E from 'fp-ts/Either';
import { instant } from '@upload-sessions/domain';
import type { EventStore, GlobalPosition } from '@upload-sessions/event-store';
import { APP_CONFIG, CLOCK, EVENT_STORE, type Clock } from '../../application/tokens';
import type { AppConfig } from '../../config/app-config';
import { systemContext } from '../../event-sourcing/command-context';
import { UPLOAD_SESSION_STREAM_PREFIX } from '../../event-sourcing/stream-names';
import { JsonLogger } from '../../logging/json-logger';
import { PeriodicJob } from '../../scheduling/periodic-job';
import { ExpireUploadSessionCommand } from './expire-upload-session.command';

const TRACKED = [
  'UploadSessionStarted',
  'UploadSessionKeptAlive',
  'UploadSessionCompleted',
  'UploadSessionCanceled',
  'UploadSessionFailed',
  'UploadSessionDeleted',
];

/**
 * Every interval: expires ACTIVE sessions past their expiration time (content is deleted by the
 * clean-up processor; see clean-up/). It follows the global log incrementally to know which sessions
 * are ACTIVE and until when. Every instance runs it: the aggregate's revision check lets one of two
 * instances expiring the same session win; the other's command is refused and changes nothing.
 */
@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: PeriodicJob;
  private after: GlobalPosition | undefined;
  private readonly active = new Map<string, { expiresAtMs: number; organizationId: string }>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    await this.catchUp();
    const now = this.clock().getTime();
    const expired: string[] = [];
    for (const [sessionId, { expiresAtMs, organizationId }] of [...this.active]) {
      if (expiresAtMs > now) continue;
      const result = await this.commands.execute(
        new ExpireUploadSessionCommand(systemContext('session-expiry', organizationId), sessionId),
      );
      if (E.isRight(result)) {
        expired.push(sessionId);
        this.logger.entry('info', 'update session expired', { sessionId, organizationId });
      } else if (
        result.left._tag !== 'NotExpired' &&
        result.left._tag !== 'Concurrency' &&
        result.left._tag !== 'StoreUnavailable'
      ) {
        this.active.delete(sessionId);
      }
    }
    return expired;
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({
        ...(this.after !== undefined ? { after: this.after } : {}),
        maxCount: 1000,
        filter: { streamPrefixes: [UPLOAD_SESSION_STREAM_PREFIX], eventTypes: TRACKED },
      });
      if (E.isLeft(page)) throw new Error(page.left.message);
      for (const event of page.right.events) {
        const sessionId = event.streamName.slice(UPLOAD_SESSION_STREAM_PREFIX.length);
        const expiresAt = event.data['expiresAt'];
        if (event.type === 'UploadSessionStarted' && typeof expiresAt === 'string') {
          this.active.set(sessionId, {
            expiresAtMs: instant(expiresAt),
            organizationId: String(event.data['organizationId']),
          });
        } else if (event.type === 'UploadSessionKeptAlive' && typeof expiresAt === 'string') {
          const entry = this.active.get(sessionId);
          if (entry !== undefined) entry.expiresAtMs = instant(expiresAt);
        } else {
          this.active.delete(sessionId);
        }
        this.after = event.position;
      }
      if (page.right.isEnd || page.right.events.length === 0) return;
    }
  }
}
