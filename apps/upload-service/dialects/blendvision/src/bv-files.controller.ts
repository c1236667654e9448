import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import { CLOCK, type Clock } from '@upload-sessions/service-core/application/tokens';
import { BvAuthGuard } from './auth/bv-auth.guard';
import { Caller, type BvCaller } from './auth/bv-caller';
import {
  BatchDeleteFilesRequest,
  CancelUploadFileBody,
  CompleteUploadFileBody,
  DownloadFileBody,
  filterOfQuery,
  ListFilesQuery as ListFilesQueryString,
  UpdateFileBody,
  UploadFileRequest,
  type FileMetadataInput,
} from './codecs/bv-codecs';
import { bvInvalidArgument, type BvError } from './errors/bv-error';
import { rpcHttpError } from './errors/bv-error-renderer';
import { rpcStatus } from './errors/rpc-status';
import type { FileMetadataData } from '@upload-sessions/library-file';
import { decodeOrThrow, orThrow } from './bv-responses';
import { DownloadUrlSigner } from './downloads/download-url-signer';
import { FileDownloads } from './downloads/file-downloads';
import { toFileModel } from './mapping/file-model';
import { PartUrlSigner } from './uploads/part-url-signer';
import { BatchDeleteFilesCommand } from './use-cases/batch-delete-files/batch-delete-files.command';
import { CancelFileUploadCommand } from './use-cases/cancel-upload/cancel-file-upload.command';
import { CompleteFileUploadCommand } from './use-cases/complete-upload/complete-file-upload.command';
import { DeleteFileCommand } from './use-cases/delete-file/delete-file.command';
import { GetFileQuery, ListFilesQuery } from './use-cases/queries/file-queries';
import { UpdateFileCommand } from './use-cases/update-file/update-file.command';
import { UploadFileCommand } from './use-cases/upload-file/upload-file.command';
import {
  SIGNED_URLS_CONFIG,
  type SignedUrlsConfig,
} from '@upload-sessions/service-core/http/signed-urls-config';
import { BLENDVISION_CONFIG, type BlendvisionConfig } from './config/blendvision-config';

const unimplemented = (what: string): never =>
  orThrow(
    E.left<BvError>({ _tag: 'BvUnimplemented', message: `${what} is not implemented by this service` }),
  );

const notFound = (): never => {
  throw rpcHttpError(rpcStatus('NOT_FOUND', 'no such resource or method', 'NOT_FOUND'));
};

const metadataOf = (input: FileMetadataInput | undefined): FileMetadataData | null =>
  input === undefined
    ? null
    : {
        shortDescription: input.short_description ?? '',
        longDescription: input.long_description ?? '',
        labels: input.labels ?? [],
      };

/** `{id}:{verb}`: grpc-gateway's custom methods, one path segment. */
const splitVerb = (segment: string): { id: string; verb: string } | undefined => {
  const colon = segment.lastIndexOf(':');
  return colon < 1 ? undefined : { id: segment.slice(0, colon), verb: segment.slice(colon + 1) };
};

/**
 * BlendVision One CMS library files (`/bv/cms/v1/library/files…`): each operation is one command or
 * query on the bus; requests are decoded with io-ts, answers shaped as the vendor contract's
 * `cms.v1.*` messages, errors as google.rpc.Status.
 */
@Controller('bv/cms/v1/library')
@UseGuards(BvAuthGuard)
export class BvFilesController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(PartUrlSigner) private readonly signer: PartUrlSigner,
    @Inject(DownloadUrlSigner) private readonly downloadSigner: DownloadUrlSigner,
    @Inject(FileDownloads) private readonly downloads: FileDownloads,
    @Inject(SIGNED_URLS_CONFIG) private readonly urls: SignedUrlsConfig,
    @Inject(BLENDVISION_CONFIG) private readonly config: BlendvisionConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private baseUrl(request: FastifyRequest): string {
    return this.urls.publicBaseUrl ?? `${request.protocol}://${request.host}`;
  }

  /** `files:upload` (the `::` is a literal colon in the router). */
  @Post('files::upload')
  @HttpCode(200)
  async upload(@Caller() caller: BvCaller, @Req() request: FastifyRequest, @Body() body: unknown) {
    const { file } = decodeOrThrow(UploadFileRequest, body ?? {}, 'request body');
    const started = orThrow(await this.commands.execute(new UploadFileCommand(caller.context, file)));
    const base = this.baseUrl(request);
    const expiresAtMs = Date.parse(started.expiresAt);
    return {
      file: toFileModel(started.file, { state: 'ACTIVE', endedAt: null }),
      upload_data: {
        id: started.uploadId,
        parts: Array.from({ length: started.partCount }, (_, i) => ({
          part_number: i + 1,
          presigned_url: `${base}${this.signer.sign(started.uploadId, i + 1, expiresAtMs)}`,
        })),
      },
    };
  }

  @Get('files')
  async list(@Caller() caller: BvCaller, @Query() query: unknown) {
    const q = decodeOrThrow(ListFilesQueryString, query ?? {}, 'query');
    const page = orThrow(
      await this.queries.execute(
        new ListFilesQuery(
          caller.organizationId,
          q.type,
          filterOfQuery(q),
          q.current_page === undefined || q.current_page === 0 ? 1 : q.current_page,
          q.items_per_page === undefined || q.items_per_page === 0 ? 10 : q.items_per_page,
        ),
      ),
    );
    return {
      files: page.files.map(({ file, upload }) => toFileModel(file, upload)),
      pagination: {
        current_page: page.currentPage,
        items_per_page: page.itemsPerPage,
        total_items: page.totalItems,
      },
      // No duration is known for any video here: all of them count as without one.
      total_duration_seconds: '0',
      videos_without_duration_count: page.videosWithoutDuration,
    };
  }

  @Delete('files')
  async batchDelete(@Caller() caller: BvCaller, @Body() body: unknown) {
    const request = decodeOrThrow(BatchDeleteFilesRequest, body ?? {}, 'request body');
    const hasIds = request.ids !== undefined && request.ids.length > 0;
    if (hasIds === (request.select_all !== undefined)) {
      orThrow(E.left(bvInvalidArgument('ids', 'provide exactly one of ids or select_all')));
    }
    const outcome = orThrow(
      await this.commands.execute(
        new BatchDeleteFilesCommand(
          caller.context,
          request.select_all === undefined
            ? { kind: 'ids', ids: request.ids ?? [] }
            : {
                kind: 'select-all',
                fileType: request.select_all.type,
                filter: request.select_all.filter ?? {},
                excludedIds: request.select_all.excluded_ids ?? [],
              },
        ),
      ),
    );
    return {
      error_infos: outcome.errorInfos.map(({ id, name }) => ({ id, name })),
      deleted_count: outcome.deletedCount,
      remaining_count: outcome.remainingCount,
    };
  }

  @Get('files/:id')
  async get(@Caller() caller: BvCaller, @Param('id') id: string) {
    const { file, upload } = orThrow(await this.queries.execute(new GetFileQuery(caller.organizationId, id)));
    return { file: toFileModel(file, upload) };
  }

  @Put('files/:id')
  async update(@Caller() caller: BvCaller, @Param('id') id: string, @Body() body: unknown) {
    const spec = decodeOrThrow(UpdateFileBody, body ?? {}, 'request body');
    const { file, upload } = orThrow(
      await this.commands.execute(
        new UpdateFileCommand(caller.context, id, spec.name, metadataOf(spec.metadata)),
      ),
    );
    return { file: toFileModel(file, upload) };
  }

  @Delete('files/:id')
  async delete(@Caller() caller: BvCaller, @Param('id') id: string) {
    orThrow(await this.commands.execute(new DeleteFileCommand(caller.context, id)));
    return {};
  }

  /**
   * `files/{id}:complete-upload`, `files/{id}:cancel-upload` and `files/{id}:download` (a signed link to
   * the file's bytes, served by DownloadRoute; 404 code 5 until the upload has succeeded).
   */
  @Post('files/:idAndVerb')
  @HttpCode(200)
  async act(
    @Caller() caller: BvCaller,
    @Req() request: FastifyRequest,
    @Param('idAndVerb') segment: string,
    @Body() body: unknown,
  ) {
    const target = splitVerb(segment) ?? notFound();
    switch (target.verb) {
      case 'complete-upload': {
        const { complete_data } = decodeOrThrow(CompleteUploadFileBody, body ?? {}, 'request body');
        const parts = complete_data.parts.map((part) => ({ partNumber: part.part_number, etag: part.etag }));
        const { file, upload } = orThrow(
          await this.commands.execute(
            new CompleteFileUploadCommand(caller.context, target.id, complete_data.id, parts),
          ),
        );
        return { file: toFileModel(file, upload) };
      }
      case 'cancel-upload': {
        const { upload_id } = decodeOrThrow(CancelUploadFileBody, body ?? {}, 'request body');
        orThrow(
          await this.commands.execute(new CancelFileUploadCommand(caller.context, target.id, upload_id)),
        );
        return {};
      }
      case 'download': {
        const { content_disposition } = decodeOrThrow(DownloadFileBody, body ?? {}, 'request body');
        const download = orThrow(await this.downloads.find(target.id, caller.organizationId));
        const expiresAtMs = this.clock().getTime() + this.config.downloadUrlTtlSeconds * 1000;
        const disposition = content_disposition === 'CONTENT_DISPOSITION_INLINE' ? 'inline' : 'attachment';
        return {
          id: download.file.id,
          download_uri: `${this.baseUrl(request)}${this.downloadSigner.sign(download.file.id, disposition, expiresAtMs)}`,
          download_filename: download.file.name,
          // Whole seconds, as the link's own expiry.
          expiration_time: new Date(Math.floor(expiresAtMs / 1000) * 1000).toISOString(),
        };
      }
      default:
        return notFound();
    }
  }

  @Put('files/:id/permissions')
  async updatePermissions(@Caller() caller: BvCaller, @Param('id') id: string) {
    await this.visibleFile(caller, id);
    return unimplemented('file permissions');
  }

  /** `files/{id}/permissions:role`. */
  @Get('files/:id/:verb')
  async permissionRole(@Caller() caller: BvCaller, @Param('id') id: string, @Param('verb') verb: string) {
    if (verb !== 'permissions:role') return notFound();
    await this.visibleFile(caller, id);
    return unimplemented('file permissions');
  }

  /** Operations this service does not implement still answer 404 for a file the caller cannot see. */
  private async visibleFile(caller: BvCaller, id: string): Promise<void> {
    orThrow(await this.queries.execute(new GetFileQuery(caller.organizationId, id)));
  }
}
