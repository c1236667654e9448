import { mkdirSync } from 'node:fs';
import {
  Inject,
  Injectable,
  Module,
  Optional,
  type DynamicModule,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '@upload-sessions/service-core/application/tokens';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { EventStoreStartState } from '@upload-sessions/service-core/event-store/await-event-store';
import type { ReadModel } from '@upload-sessions/service-core/dialect/read-model';
import { READINESS_PROBE, type ReadinessProbe } from '@upload-sessions/service-core/health/readiness-probe';
import {
  EXPIRED_SESSIONS_SOURCE,
  type ExpiredSessionsSource,
} from '@upload-sessions/service-core/sessions/expire/expired-sessions-source';
import { POSITION_SOURCE } from '../read-your-writes/position-source';
import { projectionReport } from './projection-status';
import { ReadModelQueries } from './queries/read-model-queries';
import { ReadModelDatabase } from './read-model-database';
import { readModelsPath } from './read-models-path';
import { ProjectionRunner } from './runner/projection-runner';
import { READ_MODELS_CONFIG, type ReadModelsConfig } from './read-models-config';

/** How long start-up waits for the read models to catch up before the service answers anyway. */
const STARTUP_CATCH_UP_MS = 30_000;
/** How long the expiry sweep waits for the read models to reach the head of the log before it asks them. */
const SWEEP_CATCH_UP_MS = 2000;

export class ReadModelsUnavailableAtStart extends Error {}

/**
 * Starts the projection when the application has started and waits (bounded) for it to catch up, so
 * a restarted instance answers with what was written before. Stops it before the HTTP server closes
 * its last requests, and closes the database after them.
 */
@Injectable()
class ProjectionsLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(ReadModelDatabase) private readonly database: ReadModelDatabase,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Optional() @Inject(EventStoreStartState) private readonly start: EventStoreStartState | undefined,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.runner.start();
    // The store did not answer at start (already logged): nothing to catch up with yet; the runner
    // retries and readiness says 503 until the store answers.
    if (this.start?.degraded === true) return;
    let timer: NodeJS.Timeout | undefined;
    const caughtUp = await Promise.race([
      this.runner.caughtUp().then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), STARTUP_CATCH_UP_MS))),
    ]);
    clearTimeout(timer);
    const status = this.runner.status();
    this.logger.entry(
      caughtUp ? 'info' : 'warn',
      caughtUp ? 'read models caught up' : 'read models still catching up; answering meanwhile',
      {
        readModels: Object.fromEntries(status.readModels.map((m) => [m.name, m.position])),
      },
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  onApplicationShutdown(): void {
    this.database.close();
  }
}

/**
 * Read models in <DATA_DIR>/read-models.sqlite, kept by the projection runner from the event store;
 * the queries the dialects' query handlers use; the ports others read through: POSITION_SOURCE
 * (read-your-writes), READINESS_PROBE (health) and EXPIRED_SESSIONS_SOURCE (the expiry sweep).
 */
@Module({})
export class ProjectionsModule {
  /** `readModels`: every read model the service keeps (the sessions' and the dialects'), in the order they apply an event. */
  static forRoot(readModels: readonly ReadModel[]): DynamicModule {
    return {
      module: ProjectionsModule,
      providers: [
        {
          provide: ReadModelDatabase,
          inject: [READ_MODELS_CONFIG],
          useFactory: (config: ReadModelsConfig): ReadModelDatabase => {
            mkdirSync(config.dataDir, { recursive: true });
            const opened = ReadModelDatabase.open({ path: readModelsPath(config.dataDir) });
            if (E.isLeft(opened)) throw new ReadModelsUnavailableAtStart(opened.left.message);
            return opened.right;
          },
        },
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, ReadModelDatabase, JsonLogger],
          useFactory: (
            store: EventStore,
            database: ReadModelDatabase,
            logger: JsonLogger,
          ): ProjectionRunner => {
            const created = ProjectionRunner.create({
              store,
              database,
              readModels,
              // No minimum gap between live batches (the clean-up reactor has one): with 10 ms, another
              // caller's read right after a write saw the read models before it (issue 16, P1).
              log: (level, message, fields) => logger.entry(level, message, fields),
            });
            if (E.isLeft(created)) throw new ReadModelsUnavailableAtStart(created.left);
            return created.right;
          },
        },
        {
          provide: ReadModelQueries,
          // After the runner: it creates the tables the queries are prepared against.
          inject: [ReadModelDatabase, ProjectionRunner],
          useFactory: (database: ReadModelDatabase) => new ReadModelQueries(database.reader),
        },
        // Read-your-writes waits for the runner's position.
        { provide: POSITION_SOURCE, useExisting: ProjectionRunner },
        {
          provide: READINESS_PROBE,
          inject: [ProjectionRunner, EVENT_STORE],
          useFactory: (runner: ProjectionRunner, store: EventStore): ReadinessProbe => ({
            name: 'projections',
            report: () => projectionReport(runner, store),
          }),
        },
        {
          // Core's expiry sweeper asks the upload_sessions read model, once it has taken in every event
          // written before the sweep (bounded: past the wait it answers with what it has; the session's
          // stream decides each expiry anyway).
          provide: EXPIRED_SESSIONS_SOURCE,
          inject: [ProjectionRunner, ReadModelQueries, EVENT_STORE],
          useFactory: (
            runner: ProjectionRunner,
            queries: ReadModelQueries,
            store: EventStore,
          ): ExpiredSessionsSource => ({
            expiredActiveSessions: async (now, limit) => {
              const head = await store.headPosition();
              if (E.isLeft(head)) throw new Error(head.left.message);
              if (head.right !== undefined) await runner.waitFor(head.right, SWEEP_CATCH_UP_MS);
              return queries.expiredActiveSessions(now, limit);
            },
          }),
        },
        ProjectionsLifecycle,
      ],
      exports: [
        ProjectionRunner,
        ReadModelQueries,
        ReadModelDatabase,
        POSITION_SOURCE,
        READINESS_PROBE,
        EXPIRED_SESSIONS_SOURCE,
      ],
    };
  }
}
