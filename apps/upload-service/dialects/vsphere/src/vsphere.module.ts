import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { VsphereAuthGuard } from './auth/vsphere-auth.guard';
import { VsphereSessionController } from './auth/vsphere-session.controller';
import { LibraryController } from './library.controller';
import { OpenApiController } from './openapi/openapi.controller';
import { UpdateSessionFileController } from './update-session-file.controller';
import { UpdateSessionController } from './update-session.controller';

/** The vSphere Content Library dialect: routes, request/response mapping and its one error mapper. */
@Module({
  imports: [CqrsModule],
  controllers: [
    VsphereSessionController,
    UpdateSessionController,
    UpdateSessionFileController,
    LibraryController,
    OpenApiController,
  ],
  providers: [VsphereAuthGuard],
})
export class VsphereModule {}
