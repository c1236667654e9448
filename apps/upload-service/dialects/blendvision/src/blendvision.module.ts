import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type Type,
} from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@upload-sessions/service-core/application/tokens';
import { JsonLogger } from '@upload-sessions/service-core/logging/json-logger';
import { SessionsModule } from '@upload-sessions/service-core/sessions/sessions.module';
import { ApiTokenDirectory, DEVELOPMENT_TOKEN } from './auth/api-token-directory';
import { BvAuthGuard } from './auth/bv-auth.guard';
import { BvCallerResolver } from './auth/bv-caller-resolver';
import { BvFilesController } from './bv-files.controller';
import { DownloadRoute } from './downloads/download-route';
import { DownloadUrlSigner } from './downloads/download-url-signer';
import { FileDownloads } from './downloads/file-downloads';
import { BvFileStreams } from './files/bv-file-streams';
import { BvFileUploadTarget } from './files/bv-file-upload-target';
import { PartUploadRoute } from './uploads/part-upload-route';
import { PartUrlSigner } from './uploads/part-url-signer';
import { BatchDeleteFilesHandler } from './use-cases/batch-delete-files/batch-delete-files.handler';
import { CancelFileUploadHandler } from './use-cases/cancel-upload/cancel-file-upload.handler';
import { CompleteFileUploadHandler } from './use-cases/complete-upload/complete-file-upload.handler';
import { DeleteFileHandler } from './use-cases/delete-file/delete-file.handler';
import { bvFileReadModelsProvider } from './use-cases/queries/bv-file-read-models';
import { GetFileHandler, ListFilesHandler } from './use-cases/queries/file-query-handlers';
import { UpdateFileHandler } from './use-cases/update-file/update-file.handler';
import { UploadFileHandler } from './use-cases/upload-file/upload-file.handler';
import {
  SIGNED_URLS_CONFIG,
  type SignedUrlsConfig,
} from '@upload-sessions/service-core/http/signed-urls-config';
import { BLENDVISION_CONFIG, type BlendvisionConfig } from './config/blendvision-config';

/** Says at start when anyone holding the README's development token can call the API. */
@Injectable()
class DevelopmentTokenWarning implements OnApplicationBootstrap {
  constructor(
    @Inject(ApiTokenDirectory) private readonly tokens: ApiTokenDirectory,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.tokens.usesDevelopmentToken) return;
    this.logger.entry(
      'warn',
      `no BV_API_TOKENS configured: the BlendVision development token (see README) may act for organization ${DEVELOPMENT_TOKEN.organizationIds.join(', ')}; set BV_API_TOKENS to replace it`,
    );
  }
}

/**
 * The BlendVision One CMS library-files dialect: routes, request codecs, response mapping, one error
 * mapper to google.rpc.Status, API-token authentication, presigned part URLs, signed download links
 * and its file entity. The uploads themselves are the shared upload sessions.
 */
@Module({})
export class BlendvisionModule {
  /** `readSide`: the read side's module its file queries read through. */
  static forRoot(readSide: Type | DynamicModule): DynamicModule {
    return {
      module: BlendvisionModule,
      imports: [CqrsModule, SessionsModule, readSide],
      controllers: [BvFilesController],
      providers: [
        {
          provide: ApiTokenDirectory,
          inject: [BLENDVISION_CONFIG],
          useFactory: (config: BlendvisionConfig) => ApiTokenDirectory.create(config.apiTokens),
        },
        {
          provide: PartUrlSigner,
          inject: [SIGNED_URLS_CONFIG, CLOCK],
          useFactory: (urls: SignedUrlsConfig, clock: Clock) =>
            new PartUrlSigner(urls.secret, () => clock().getTime()),
        },
        {
          provide: DownloadUrlSigner,
          inject: [SIGNED_URLS_CONFIG, CLOCK],
          useFactory: (urls: SignedUrlsConfig, clock: Clock) =>
            new DownloadUrlSigner(urls.secret, () => clock().getTime()),
        },
        BvAuthGuard,
        BvCallerResolver,
        BvFileStreams,
        BvFileUploadTarget,
        bvFileReadModelsProvider,
        PartUploadRoute,
        FileDownloads,
        DownloadRoute,
        DevelopmentTokenWarning,
        UploadFileHandler,
        CompleteFileUploadHandler,
        CancelFileUploadHandler,
        UpdateFileHandler,
        DeleteFileHandler,
        BatchDeleteFilesHandler,
        GetFileHandler,
        ListFilesHandler,
      ],
      exports: [BvCallerResolver, BvFileUploadTarget, ApiTokenDirectory, PartUploadRoute, DownloadRoute],
    };
  }
}
