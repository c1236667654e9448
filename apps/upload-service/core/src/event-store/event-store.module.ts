import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '../application/tokens';
import { instrumentEventStore } from '../metrics/instrument-event-store';
import { ServiceMetrics } from '../metrics/service-metrics';
import { WriteTracker } from '../read-your-writes/write-tracker';
import { JsonLogger } from '../logging/json-logger';
import { awaitEventStore, EventStoreStartState } from './await-event-store';
import { openEventStore } from './open-event-store';
import { EVENT_STORE_CONFIG, type EventStoreConfig } from './event-store-config';

export class EventStoreUnavailableAtStart extends Error {}

/** Closes the store last: after the HTTP server has finished its requests and the sweeps have stopped. */
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * The event-store port for the application: SQLite at <DATA_DIR>/events.sqlite, or KurrentDB when
 * configured. Part of the root's infrastructure: InfrastructureModule imports and re-exports it.
 */
@Module({
  providers: [
    // A factory, not a value: each application (tests start many in one process) has its own.
    { provide: WriteTracker, useFactory: () => new WriteTracker() },
    { provide: EventStoreStartState, useFactory: () => new EventStoreStartState() },
    {
      provide: EVENT_STORE,
      inject: [EVENT_STORE_CONFIG, WriteTracker, ServiceMetrics, JsonLogger, EventStoreStartState],
      useFactory: async (
        config: EventStoreConfig,
        writes: WriteTracker,
        metrics: ServiceMetrics,
        logger: JsonLogger,
        start: EventStoreStartState,
      ): Promise<EventStore> => {
        const store = await openEventStore(config.connection);
        if (E.isLeft(store)) throw new EventStoreUnavailableAtStart(store.left);
        try {
          const state = await awaitEventStore(
            store.right,
            config.connection,
            config.kurrentDbStartup,
            logger,
          );
          start.degraded = state === 'degraded';
        } catch (error) {
          await store.right.close();
          throw error;
        }
        // Appends are measured (latency, batch size, lost races), and tracked for read-your-writes
        // (positions in responses, per-caller waits).
        return writes.track(instrumentEventStore(store.right, metrics));
      },
    },
    EventStoreLifecycle,
  ],
  exports: [EVENT_STORE, WriteTracker, EventStoreStartState],
})
export class EventStoreModule {}
