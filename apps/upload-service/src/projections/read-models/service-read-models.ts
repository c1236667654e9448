import type { ReadModel } from '../read-model';
import { bvFilesReadModel } from './bv-files.read-model';
import { libraryItemsReadModel } from './library-items.read-model';
import { localLibrariesReadModel } from './local-libraries.read-model';
import { uploadSessionsReadModel } from './upload-sessions.read-model';

/** Every read model this service keeps, in the order they apply an event. */
export const serviceReadModels: readonly ReadModel[] = [
  uploadSessionsReadModel,
  libraryItemsReadModel,
  localLibrariesReadModel,
  bvFilesReadModel,
];
