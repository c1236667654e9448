import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoginSessions } from '../auth/login-sessions';
import { UploadUrlSigner } from '../auth/upload-url-signer';
import { UserDirectory } from '../auth/user-directory';
import type { AppConfig } from '../config/app-config';
import { CONTENT_STORE } from '../content/content-store';
import { FsContentStore } from '../content/fs-content-store';
import { TransferRegistry } from '../content/transfer-registry';
import { JsonLogger } from '../logging/json-logger';
import { StreamStateCache } from '@upload-sessions/event-sourcing';
import { APP_CONFIG, CLOCK, STREAM_STATE_CACHE, type Clock } from './tokens';

export interface InfrastructureOptions {
  readonly config: AppConfig;
  readonly logger: JsonLogger;
  readonly users: UserDirectory;
  readonly clock: Clock;
}

/** Configuration, clock, stream state cache, logger, content store, transfer registry and credentials, for every module. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot({ config, logger, users, clock }: InfrastructureOptions): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: STREAM_STATE_CACHE, useValue: new StreamStateCache(config.streamCacheSize) },
        { provide: JsonLogger, useValue: logger },
        { provide: UserDirectory, useValue: users },
        { provide: CONTENT_STORE, useValue: new FsContentStore(config.contentDir) },
        { provide: TransferRegistry, useValue: new TransferRegistry() },
        { provide: LoginSessions, useValue: new LoginSessions(config.loginIdleTimeoutSeconds * 1000) },
        {
          provide: UploadUrlSigner,
          useValue: new UploadUrlSigner(config.uploadUrlSecret, config.uploadUrlTtlSeconds * 1000),
        },
      ],
      exports: [
        APP_CONFIG,
        CLOCK,
        STREAM_STATE_CACHE,
        JsonLogger,
        UserDirectory,
        CONTENT_STORE,
        TransferRegistry,
        LoginSessions,
        UploadUrlSigner,
      ],
    };
  }
}
