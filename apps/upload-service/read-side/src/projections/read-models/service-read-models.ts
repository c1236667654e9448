import type { ReadModel } from '../read-model';
import { bvFilesReadModel } from '@upload-sessions/dialect-blendvision/read-models/bv-files.read-model';
import { libraryItemsReadModel } from '@upload-sessions/dialect-vsphere/read-models/library-items.read-model';
import { localLibrariesReadModel } from '@upload-sessions/dialect-vsphere/read-models/local-libraries.read-model';
import { uploadSessionsReadModel } from './upload-sessions.read-model';

/** Every read model this service keeps, in the order they apply an event. */
export const serviceReadModels: readonly ReadModel[] = [
  uploadSessionsReadModel,
  libraryItemsReadModel,
  localLibrariesReadModel,
  bvFilesReadModel,
];
