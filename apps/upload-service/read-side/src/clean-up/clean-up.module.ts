import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type Type,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { EventStore } from '@upload-sessions/event-store';
import type { CleanUpContribution } from '@upload-sessions/service-core/dialect/dialect';
import { EVENT_STORE } from '@upload-sessions/service-core/application/tokens';
import { CONTENT_STORE, type ContentStore } from '@upload-sessions/service-core/content/content-store';
import { TransferRegistry } from '@upload-sessions/service-core/content/transfer-registry';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { EXTRA_METRICS } from '../projections/metrics';
import { ReadModelDatabase } from '../projections/read-model-database';
import { Checkpoints } from '../projections/runner/checkpoints';
import { SessionRunner } from '@upload-sessions/service-core/sessions/shared/session-runner';
import { SessionsModule } from '@upload-sessions/service-core/sessions/sessions.module';
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
@Module({})
export class CleanUpModule {
  /** `contributions`: the dialects' events that release content; `readSide`: the module providing the read-model database. */
  static forRoot(
    contributions: readonly CleanUpContribution[],
    readSide: Type | DynamicModule,
  ): DynamicModule {
    return {
      module: CleanUpModule,
      imports: [SessionsModule, readSide],
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
              contributions,
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
    };
  }
}
