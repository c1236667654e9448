import { Controller, Get } from '@nestjs/common';
import { vsphereOpenApi } from './vsphere-openapi';

/** `GET /api/openapi.json`: the vSphere document at its first address (also `/openapi/vsphere.json`). */
@Controller('api/openapi.json')
export class OpenApiController {
  @Get()
  document(): Readonly<Record<string, unknown>> {
    return vsphereOpenApi;
  }
}
