import { Global, Module, type DynamicModule } from '@nestjs/common';
import { configProviders, type ConfigSlice } from '../config/config-slice';
import type { ContentConfig } from '../content/content-config';
import type { CommandsConfig } from '../event-sourcing/commands-config';
import { CONTENT_STORE } from '../content/content-store';
import { FsContentStore } from '../content/fs-content-store';
import { TransferRegistry } from '../content/transfer-registry';
import { JsonLogger } from '../logging/json-logger';
import { instrumentContentStore } from '../metrics/instrument-content-store';
import { ServiceMetrics } from '../metrics/service-metrics';
import { StreamStateCache } from '@upload-sessions/event-sourcing';
import { EventStoreModule } from '../event-store/event-store.module';
import { CLOCK, STREAM_STATE_CACHE, type Clock } from './tokens';

export interface InfrastructureOptions {
  /** The loaded configuration: each slice's value under its key (see loadConfig). */
  readonly config: { readonly commands: CommandsConfig; readonly content: ContentConfig };
  /** The slices `config` was loaded from: each value is provided under its slice's token. */
  readonly configSlices: readonly ConfigSlice[];
  readonly logger: JsonLogger;
  readonly clock: Clock;
}

/**
 * The root's infrastructure, the one global module: configuration (each slice under its own token), the
 * event store handle (EventStoreModule, re-exported), metrics, clock, stream state cache, logger, content store and transfer registry, for every module (the root's infrastructure). */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot({ config, configSlices, logger, clock }: InfrastructureOptions): DynamicModule {
    const metrics = new ServiceMetrics();
    const slices = configProviders(configSlices, config);
    return {
      module: InfrastructureModule,
      imports: [EventStoreModule],
      providers: [
        { provide: ServiceMetrics, useValue: metrics },
        ...slices,
        { provide: CLOCK, useValue: clock },
        { provide: STREAM_STATE_CACHE, useValue: new StreamStateCache(config.commands.streamCacheSize) },
        { provide: JsonLogger, useValue: logger },
        {
          provide: CONTENT_STORE,
          useValue: instrumentContentStore(
            new FsContentStore(config.content.contentDir, (sessionId, code) =>
              logger.entry('debug', 'completed content already moved by another instance', {
                sessionId,
                code,
              }),
            ),
            metrics,
          ),
        },
        { provide: TransferRegistry, useValue: new TransferRegistry() },
      ],
      exports: [
        ServiceMetrics,
        ...configSlices.map((slice) => slice.token),
        CLOCK,
        STREAM_STATE_CACHE,
        JsonLogger,
        CONTENT_STORE,
        TransferRegistry,
        EventStoreModule,
      ],
    };
  }
}
