import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SessionFiles } from '../session-files';
import { RestAuthGuard } from './rest-auth.guard';
import { RestExceptionFilter } from './rest-error';
import { RestLibraryController } from './rest-library.controller';
import { RestSessionController } from './rest-session.controller';
import { RestUpdateSessionFileController } from './rest-update-session-file.controller';
import { RestUpdateSessionController } from './rest-update-session.controller';

/**
 * The legacy vSphere REST family (`/rest/com/vmware/…`, what govmomi's content-library client
 * speaks): a sub-dialect of vSphere sharing its logins, codecs, mappings and use cases.
 */
@Module({
  imports: [CqrsModule],
  controllers: [
    RestSessionController,
    RestLibraryController,
    RestUpdateSessionController,
    RestUpdateSessionFileController,
  ],
  providers: [RestAuthGuard, RestExceptionFilter, SessionFiles],
})
export class VsphereRestModule {}
