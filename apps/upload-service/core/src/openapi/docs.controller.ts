import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Controller, Get, Header, Inject, Param, Redirect, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DialectHttpError } from '../http/dialect-http-error';
import { serviceErrorBody } from '../http/service-error';
import { DOCS_ASSETS, docsPage } from './docs-page';
import { OPENAPI_DOCUMENTS, type OpenApiDocument } from './openapi-document';

const notFound = (what: string) => new DialectHttpError(404, serviceErrorBody(404, `No ${what}.`));

/** swagger-ui-dist's folder, found through Node's resolution (it may be hoisted to the workspace root). */
const assetsDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));

/**
 * The API documentation: `/docs` (Swagger UI over every document, its assets served from the
 * swagger-ui-dist package, no CDN), `/openapi/<name>.json`, and `/` sending people to `/docs`.
 * No authentication, like /health.
 */
@Controller()
export class DocsController {
  constructor(@Inject(OPENAPI_DOCUMENTS) private readonly documents: readonly OpenApiDocument[]) {}

  @Get()
  @Redirect('/docs', 302)
  root(): void {}

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return docsPage(this.documents);
  }

  @Get('docs/assets/:file')
  async asset(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    const type = Object.hasOwn(DOCS_ASSETS, file) ? DOCS_ASSETS[file] : undefined;
    if (type === undefined) throw notFound(`docs asset ${file}`);
    const bytes = await readFile(path.join(assetsDir, file));
    await reply.header('content-type', type).header('cache-control', 'public, max-age=3600').send(bytes);
  }

  @Get('openapi/:file')
  document(@Param('file') file: string): Readonly<Record<string, unknown>> {
    const found = this.documents.find(({ name }) => file === `${name}.json`);
    if (found === undefined) throw notFound(`OpenAPI document ${file}`);
    return found.document;
  }
}
