import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@upload-sessions/event-store';
import { EVENT_STORE } from '@upload-sessions/service-core/application/tokens';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { WriteTracker } from '@upload-sessions/service-core/read-your-writes/write-tracker';
import { LoginSessions } from './auth/login-sessions';
import { UploadUrlSigner } from './auth/upload-url-signer';
import { UserDirectory } from './auth/user-directory';
import { VsphereAuthGuard } from './auth/vsphere-auth.guard';
import { VsphereCallerResolver } from './auth/vsphere-caller-resolver';
import { VsphereSessionController } from './auth/vsphere-session.controller';
import { Libraries } from './libraries';
import { LibraryModule } from './library/library.module';
import { LibraryController } from './library.controller';
import { OpenApiController } from './openapi/openapi.controller';
import { restControllers, restProviders } from './rest/vsphere-rest';
import { SessionFiles } from './session-files';
import { UpdateSessionFileController } from './update-session-file.controller';
import { UpdateSessionController } from './update-session.controller';
import { UpdateSessions } from './update-sessions';
import { VsphereUploadRoute } from './upload/vsphere-upload-route';
import {
  SIGNED_URLS_CONFIG,
  type SignedUrlsConfig,
} from '@upload-sessions/service-core/http/signed-urls-config';
import { VSPHERE_CONFIG, type VsphereConfig } from './config/vsphere-config';

/**
 * The vSphere Content Library dialect: routes, request/response mapping and its one error mapper, its
 * users, login sessions and upload URIs, and its libraries and items; with the legacy `/rest` family
 * (`rest/`) as a sub-dialect over the same.
 */
@Module({})
export class VsphereModule {
  /**
   * `users`: the configured users (or the default one), read before the application starts;
   * `readSide`: the read side's module its queries read through.
   */
  static forRoot({
    users,
    readSide,
  }: {
    readonly users: UserDirectory;
    readonly readSide: Type | DynamicModule;
  }): DynamicModule {
    const library = LibraryModule.forRoot(readSide);
    return {
      module: VsphereModule,
      imports: [CqrsModule, library],
      controllers: [
        VsphereSessionController,
        UpdateSessionController,
        UpdateSessionFileController,
        LibraryController,
        OpenApiController,
        ...restControllers,
      ],
      providers: [
        { provide: UserDirectory, useValue: users },
        {
          provide: LoginSessions,
          inject: [EVENT_STORE, VSPHERE_CONFIG, JsonLogger, WriteTracker],
          useFactory: (store: EventStore, config: VsphereConfig, logger: JsonLogger, writes: WriteTracker) =>
            new LoginSessions(store, {
              idleTimeoutMs: config.loginIdleTimeoutSeconds * 1000,
              untracked: (work) => writes.untracked(work),
              onRecordFailure: (error) =>
                logger.entry('debug', 'recording a login sighting failed', { error: error.message }),
            }),
        },
        {
          provide: UploadUrlSigner,
          inject: [SIGNED_URLS_CONFIG, VSPHERE_CONFIG],
          useFactory: (urls: SignedUrlsConfig, config: VsphereConfig) =>
            new UploadUrlSigner(urls.secret, config.uploadUrlTtlSeconds * 1000),
        },
        VsphereAuthGuard,
        VsphereCallerResolver,
        SessionFiles,
        UpdateSessions,
        Libraries,
        VsphereUploadRoute,
        ...restProviders,
      ],
      exports: [
        LoginSessions,
        UploadUrlSigner,
        UserDirectory,
        VsphereCallerResolver,
        VsphereUploadRoute,
        library,
      ],
    };
  }
}
