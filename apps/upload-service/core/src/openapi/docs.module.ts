import { Module, type DynamicModule } from '@nestjs/common';
import { DocsController } from './docs.controller';
import { OPENAPI_DOCUMENTS, type OpenApiDocument } from './openapi-document';

/** `/docs`, `/openapi/<name>.json` and `/`, over the documents the composition root lists. */
@Module({})
export class DocsModule {
  static forRoot(documents: readonly OpenApiDocument[]): DynamicModule {
    return {
      module: DocsModule,
      controllers: [DocsController],
      providers: [{ provide: OPENAPI_DOCUMENTS, useValue: documents }],
    };
  }
}
