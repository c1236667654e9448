import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import type { EventStore } from '@upload-sessions/event-store';
import { APP_CONFIG, EVENT_STORE } from '../application/tokens';
import type { AppConfig } from '../config/app-config';
import { WriteTracker } from '../read-your-writes/write-tracker';
import { openEventStore } from './open-event-store';

export class EventStoreUnavailableAtStart extends Error {}

/** Closes the store last: after the HTTP server has finished its requests and the sweeps have stopped. */
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** The event-store port for the application: SQLite at <DATA_DIR>/events.sqlite, or KurrentDB when configured. */
@Global()
@Module({
  providers: [
    // A factory, not a value: each application (tests start many in one process) has its own.
    { provide: WriteTracker, useFactory: () => new WriteTracker() },
    {
      provide: EVENT_STORE,
      inject: [APP_CONFIG, WriteTracker],
      useFactory: async (config: AppConfig, writes: WriteTracker): Promise<EventStore> => {
        const store = await openEventStore(config.eventStore);
        if (E.isLeft(store)) throw new EventStoreUnavailableAtStart(store.left);
        // Appends are tracked for read-your-writes (positions in responses, per-caller waits).
        return writes.track(store.right);
      },
    },
    EventStoreLifecycle,
  ],
  exports: [EVENT_STORE, WriteTracker],
})
export class EventStoreModule {}
