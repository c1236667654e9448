import { blendVisionOpenApi } from '@upload-sessions/dialect-blendvision/openapi/blendvision-openapi';
import { vsphereOpenApi } from '@upload-sessions/dialect-vsphere/openapi/vsphere-openapi';
import type { OpenApiDocument } from '@upload-sessions/service-core/openapi/openapi-document';
import { serviceOpenApi } from './service-openapi';

/** Every OpenAPI document the service serves at `/openapi/<name>.json`, in the order the docs page lists them. */
export const OPENAPI_DOCUMENTS: readonly OpenApiDocument[] = [
  { name: 'vsphere', title: 'vSphere Content Library (/api)', document: vsphereOpenApi },
  { name: 'blendvision', title: 'BlendVision One CMS (/bv)', document: blendVisionOpenApi },
  { name: 'service', title: 'Audit, health, metrics', document: serviceOpenApi },
];
