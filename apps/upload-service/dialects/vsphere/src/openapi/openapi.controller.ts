import { Controller, Get } from '@nestjs/common';
import { openApiDocument } from './openapi-document';

@Controller('api/openapi.json')
export class OpenApiController {
  @Get()
  document(): typeof openApiDocument {
    return openApiDocument;
  }
}
