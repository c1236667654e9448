import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { CONTENT_STORE } from '../content/content-store';
import { FsContentStore } from '../content/fs-content-store';
import { TransferRegistry } from '../content/transfer-registry';
import { JsonLogger } from '../logging/json-logger';
import { StreamStateCache } from '../event-sourcing/stream-state-cache';
import { APP_CONFIG, CLOCK, STREAM_STATE_CACHE, type Clock } from './tokens';

export interface InfrastructureOptions {
  readonly config: AppConfig;
  readonly logger: JsonLogger;
  readonly clock: Clock;
}

/** Configuration, clock, stream state cache, logger, content store and transfer registry, for every module (the root's infrastructure). */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot({ config, logger, clock }: InfrastructureOptions): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: STREAM_STATE_CACHE, useValue: new StreamStateCache(config.streamCacheSize) },
        { provide: JsonLogger, useValue: logger },
        { provide: CONTENT_STORE, useValue: new FsContentStore(config.contentDir) },
        { provide: TransferRegistry, useValue: new TransferRegistry() },
      ],
      exports: [APP_CONFIG, CLOCK, STREAM_STATE_CACHE, JsonLogger, CONTENT_STORE, TransferRegistry],
    };
  }
}
