import { blendVisionOpenApi } from '../dialects/blendvision/openapi/blendvision-openapi';
import { vsphereOpenApi } from '../dialects/vsphere/openapi/vsphere-openapi';
import { serviceOpenApi } from './service-openapi';

/** Every OpenAPI document the service serves at `/openapi/<name>.json`, in the order the docs page lists them. */
export const OPENAPI_DOCUMENTS: readonly {
  readonly name: string;
  readonly title: string;
  readonly document: Readonly<Record<string, unknown>>;
}[] = [
  { name: 'vsphere', title: 'vSphere Content Library (/api)', document: vsphereOpenApi },
  { name: 'blendvision', title: 'BlendVision One CMS (/bv)', document: blendVisionOpenApi },
  { name: 'service', title: 'Audit, health, metrics', document: serviceOpenApi },
];
