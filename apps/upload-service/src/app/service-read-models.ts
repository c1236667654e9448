import { blendvisionReadModels } from '@upload-sessions/dialect-blendvision/blendvision.dialect';
import { vsphereReadModels } from '@upload-sessions/dialect-vsphere/vsphere.dialect';
import { uploadSessionsReadModel } from '@upload-sessions/read-side/projections/read-models/upload-sessions.read-model';
import type { ReadModel } from '@upload-sessions/service-core/dialect/read-model';

/** Every read model this service keeps, in the order they apply an event: the sessions', then each dialect's. */
export const serviceReadModels: readonly ReadModel[] = [
  uploadSessionsReadModel,
  ...vsphereReadModels,
  ...blendvisionReadModels,
];
