import {
  Global,
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '../app/tokens';
import { CONTENT_STORE, type ContentStore } from '../content/content-store';
import { TransferRegistry } from '../content/transfer-registry';
import { JsonLogger } from '../logging/json-logger';
import { EXTRA_METRICS } from '../projections/metrics';
import { ReadModelDatabase } from '../projections/read-model-database';
import { Checkpoints } from '../projections/runner/checkpoints';
import { SessionRunner } from '../sessions/shared/session-runner';
import { SessionsModule } from '../sessions/sessions.module';
import { cleanUpMetricsText, CleanUpStats } from './clean-up-stats';
import { ContentCleanUpProcessor } from './content-clean-up-processor';
import { TemporaryContentSweep } from './temporary-content-sweep';

/** Starts the processor with the application; stops it before the read-model database closes. */
@Injectable()
class CleanUpLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(ContentCleanUpProcessor) private readonly processor: ContentCleanUpProcessor) {}

  onApplicationBootstrap(): void {
    this.processor.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.processor.stop();
  }
}

/**
 * Durable clean-up of content: the event-driven processor (ended sessions, deleted files) and the
 * periodic sweep of temporary content; their counters join `/metrics`.
 */
@Global()
@Module({
  imports: [SessionsModule],
  providers: [
    CleanUpStats,
    {
      provide: ContentCleanUpProcessor,
      inject: [
        EVENT_STORE,
        ReadModelDatabase,
        CONTENT_STORE,
        TransferRegistry,
        SessionRunner,
        CleanUpStats,
        JsonLogger,
      ],
      useFactory: (
        store: EventStore,
        database: ReadModelDatabase,
        content: ContentStore,
        transfers: TransferRegistry,
        sessions: SessionRunner,
        stats: CleanUpStats,
        logger: JsonLogger,
      ) =>
        new ContentCleanUpProcessor({
          store,
          // Its own row in the read-model database's checkpoints table.
          checkpoints: new Checkpoints(database.writer),
          database,
          content,
          transfers,
          loadSession: (id) => sessions.loadAny(id),
          stats,
          log: (level, message, fields) => logger.entry(level, message, fields),
        }),
    },
    TemporaryContentSweep,
    CleanUpLifecycle,
    {
      provide: EXTRA_METRICS,
      inject: [CleanUpStats],
      useFactory: (stats: CleanUpStats) => () => cleanUpMetricsText(stats),
    },
  ],
  exports: [ContentCleanUpProcessor, TemporaryContentSweep, CleanUpStats, EXTRA_METRICS],
})
export class CleanUpModule {}
