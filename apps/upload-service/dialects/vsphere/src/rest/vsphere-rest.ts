import { RestAuthGuard } from './rest-auth.guard';
import { RestExceptionFilter } from './rest-error';
import { RestLibraryController } from './rest-library.controller';
import { RestSessionController } from './rest-session.controller';
import { RestUpdateSessionFileController } from './rest-update-session-file.controller';
import { RestUpdateSessionController } from './rest-update-session.controller';

/**
 * The legacy vSphere REST family (`/rest/com/vmware/…`, what govmomi's content-library client
 * speaks): a sub-dialect of vSphere sharing its logins, codecs, mappings and use cases. Its routes
 * and providers join VsphereModule's, and its error renderer the dialect's.
 */
export const restControllers = [
  RestSessionController,
  RestLibraryController,
  RestUpdateSessionController,
  RestUpdateSessionFileController,
];
export const restProviders = [RestAuthGuard, RestExceptionFilter];
