import type { DynamicModule, Type } from '@nestjs/common';
import type { Dialect } from '@upload-sessions/service-core/dialect/dialect';
import type { UserDirectory } from './auth/user-directory';
import { VsphereCallerResolver } from './auth/vsphere-caller-resolver';
import { vapiErrorRenderer } from './errors/vapi-error-renderer';
import { LibraryItemUploadTarget } from './library/library-item-upload-target';
import { libraryItemsReadModel } from './read-models/library-items.read-model';
import { localLibrariesReadModel } from './read-models/local-libraries.read-model';
import { restErrorRenderer } from './rest/rest-error';
import { UPLOAD_PATH_PREFIX } from './upload/upload-uri';
import { VsphereUploadRoute } from './upload/vsphere-upload-route';
import { VsphereModule } from './vsphere.module';

/** The read models vSphere keeps (also what a rebuild replays). */
export const vsphereReadModels = [libraryItemsReadModel, localLibrariesReadModel];

/** What the vSphere dialect contributes to the service (see the dialect contract in core). */
export const vsphereDialect = ({
  users,
  readSide,
}: {
  readonly users: UserDirectory;
  readonly readSide: Type | DynamicModule;
}): Dialect => ({
  name: 'vsphere',
  module: VsphereModule.forRoot({ users, readSide }),
  rawRoutes: [VsphereUploadRoute],
  errorRenderer: vapiErrorRenderer,
  otherErrorRenderers: [restErrorRenderer],
  callerResolver: VsphereCallerResolver,
  presignedUploadPrefixes: [UPLOAD_PATH_PREFIX],
  uploadTargets: [LibraryItemUploadTarget],
  readModels: vsphereReadModels,
});
