import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { VsphereAuthGuard } from './auth/vsphere-auth.guard';
import { VsphereSessionController } from './auth/vsphere-session.controller';
import { LibraryController } from './library.controller';
import { OpenApiController } from './openapi/openapi.controller';
import { VsphereRestModule } from './rest/vsphere-rest.module';
import { SessionFiles } from './session-files';
import { UpdateSessionFileController } from './update-session-file.controller';
import { UpdateSessionController } from './update-session.controller';

/**
 * The vSphere Content Library dialect: `/api` routes, request/response mapping and its one error
 * mapper, with the legacy `/rest` family as a sub-dialect.
 */
@Module({
  imports: [CqrsModule, VsphereRestModule],
  controllers: [
    VsphereSessionController,
    UpdateSessionController,
    UpdateSessionFileController,
    LibraryController,
    OpenApiController,
  ],
  providers: [VsphereAuthGuard, SessionFiles],
})
export class VsphereModule {}
