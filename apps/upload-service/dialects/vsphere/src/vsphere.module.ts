import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { APP_CONFIG } from '@upload-sessions/service-core/application/tokens';
import type { AppConfig } from '@upload-sessions/service-core/config/app-config';
import { LoginSessions } from './auth/login-sessions';
import { UploadUrlSigner } from './auth/upload-url-signer';
import { UserDirectory } from './auth/user-directory';
import { VsphereAuthGuard } from './auth/vsphere-auth.guard';
import { VsphereCallerResolver } from './auth/vsphere-caller-resolver';
import { VsphereSessionController } from './auth/vsphere-session.controller';
import { LibraryModule } from './library/library.module';
import { LibraryController } from './library.controller';
import { OpenApiController } from './openapi/openapi.controller';
import { UpdateSessionFileController } from './update-session-file.controller';
import { UpdateSessionController } from './update-session.controller';

/**
 * The vSphere Content Library dialect: routes, request/response mapping and its one error mapper, its
 * users, login sessions and upload URIs, and its libraries and items.
 */
@Module({})
export class VsphereModule {
  /** `users`: the configured users (or the default one), read before the application starts. */
  static forRoot({ users }: { readonly users: UserDirectory }): DynamicModule {
    return {
      module: VsphereModule,
      imports: [CqrsModule, LibraryModule],
      controllers: [
        VsphereSessionController,
        UpdateSessionController,
        UpdateSessionFileController,
        LibraryController,
        OpenApiController,
      ],
      providers: [
        { provide: UserDirectory, useValue: users },
        {
          provide: LoginSessions,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => new LoginSessions(config.loginIdleTimeoutSeconds * 1000),
        },
        {
          provide: UploadUrlSigner,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) =>
            new UploadUrlSigner(config.uploadUrlSecret, config.uploadUrlTtlSeconds * 1000),
        },
        VsphereAuthGuard,
        VsphereCallerResolver,
      ],
      exports: [LoginSessions, UploadUrlSigner, UserDirectory, VsphereCallerResolver, LibraryModule],
    };
  }
}
