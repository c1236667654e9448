import type { DynamicModule, Type } from '@nestjs/common';
import type { Dialect } from '@upload-sessions/service-core/dialect/dialect';
import { BvCallerResolver } from './auth/bv-caller-resolver';
import { BlendvisionModule } from './blendvision.module';
import { bvErrorRenderer } from './errors/bv-error-renderer';
import { bvFileCleanUp } from './files/bv-file-clean-up';
import { BvFileUploadTarget } from './files/bv-file-upload-target';
import { DownloadRoute } from './downloads/download-route';
import { bvFilesReadModel } from './read-models/bv-files.read-model';
import { PartUploadRoute } from './uploads/part-upload-route';
import { PART_PATH_PREFIX } from './uploads/part-url-signer';

/** The read models BlendVision keeps (also what a rebuild replays). */
export const blendvisionReadModels = [bvFilesReadModel];

/** Content its deleted files release, for the clean-up processor. */
export const blendvisionCleanUp = [bvFileCleanUp];

/**
 * What the BlendVision dialect contributes to the service (see the dialect contract in core);
 * `readSide`: the read side's module its queries read through.
 */
export const blendvisionDialect = ({ readSide }: { readonly readSide: Type | DynamicModule }): Dialect => ({
  name: 'blendvision',
  module: BlendvisionModule.forRoot(readSide),
  rawRoutes: [PartUploadRoute, DownloadRoute],
  errorRenderer: bvErrorRenderer,
  callerResolver: BvCallerResolver,
  presignedUploadPrefixes: [PART_PATH_PREFIX],
  uploadTargets: [BvFileUploadTarget],
  readModels: blendvisionReadModels,
  cleanUp: blendvisionCleanUp,
});
