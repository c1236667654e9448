import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import {
  fileNotFound,
  findFile,
  notAllowedInCurrentState,
  type UploadSession,
} from '@upload-sessions/domain';
import { APP_CONFIG } from '@upload-sessions/service-core/application/tokens';
import { UploadUrlSigner } from './auth/upload-url-signer';
import type { Principal } from '@upload-sessions/service-core/auth/principal';
import type { AppConfig } from '@upload-sessions/service-core/config/app-config';
import { AddFileCommand } from '@upload-sessions/service-core/sessions/add-file/add-file.command';
import {
  GetUploadSessionQuery,
  type UploadSessionView,
} from '@upload-sessions/read-side/session-queries/get-upload-session.query';
import { RemoveFileCommand } from '@upload-sessions/service-core/sessions/remove-file/remove-file.command';
import { Caller, type Authenticated } from './auth/authenticated';
import { VsphereAuthGuard } from './auth/vsphere-auth.guard';
import { decode } from './codecs/decode';
import { FileAddSpec, ResourceId, SafeFileName } from './codecs/vsphere-codecs';
import { invalidArgument, vapiError } from './errors/vapi-error';
import { vapiHttpError } from './errors/vapi-error-renderer';
import { toFileInfo, toValidationResult } from './mapping/session-model';
import { uploadUri } from './upload/upload-uri';
import { orThrow, validOrThrow } from './vsphere-responses';

const sessionIdParam = (value: string): string =>
  validOrThrow(decode(ResourceId, value, 'update_session_id'));
const fileNameParam = (value: string): string => validOrThrow(decode(SafeFileName, value, 'file_name'));

/** `/api/content/library/item/update-session/{id}/file`: the files of an update session. */
@Controller('api/content/library/item/update-session/:update_session_id/file')
@UseGuards(VsphereAuthGuard)
export class UpdateSessionFileController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(UploadUrlSigner) private readonly signer: UploadUrlSigner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Adds a PUSH file (PULL is not supported yet) and answers its info with the upload URI; `?action=validate` validates. */
  @Post()
  async add(
    @Caller() caller: Authenticated,
    @Req() request: FastifyRequest,
    @Param('update_session_id') id: string,
    @Query('action') action: unknown,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const sessionId = sessionIdParam(id);
    if (action === 'validate') {
      void reply.status(200);
      return this.validate(caller, sessionId);
    }
    if (action !== undefined)
      throw vapiHttpError(invalidArgument('The only action here is validate.', ['action']));
    const spec = validOrThrow(decode(FileAddSpec, body, 'request body'));
    // A declared size no upload could reach is refused now, not after the client sent MAX_UPLOAD_BYTES.
    if (spec.size !== undefined && spec.size > this.config.maxUploadBytes) {
      throw vapiHttpError(
        invalidArgument(`size must be at most ${this.config.maxUploadBytes} bytes.`, ['size']),
      );
    }
    if (spec.source_type !== 'PUSH') {
      throw vapiHttpError(
        vapiError(
          'UNSUPPORTED',
          'com.vmware.vapi.std.errors.unsupported',
          `source_type ${spec.source_type} is not supported; use PUSH.`,
          [spec.source_type],
        ),
      );
    }
    const checksum =
      spec.checksum_info !== undefined
        ? { algorithm: spec.checksum_info.algorithm ?? 'SHA1', value: spec.checksum_info.checksum }
        : null;
    const session = orThrow(
      await this.commands.execute(
        new AddFileCommand(caller.context, sessionId, spec.name, spec.size ?? null, checksum),
      ),
    );
    void reply.status(201);
    return this.fileInfo(session, { session, inFlight: {} }, spec.name, caller.principal, request);
  }

  @Get()
  async list(
    @Caller() caller: Authenticated,
    @Req() request: FastifyRequest,
    @Param('update_session_id') id: string,
  ) {
    const view = await this.view(caller, sessionIdParam(id));
    return view.session.files.map((file) =>
      toFileInfo(file, view, this.uri(view.session, file.name, caller.principal, request)),
    );
  }

  @Get(':file_name')
  async get(
    @Caller() caller: Authenticated,
    @Req() request: FastifyRequest,
    @Param('update_session_id') id: string,
    @Param('file_name') name: string,
  ) {
    const sessionId = sessionIdParam(id);
    const fileName = fileNameParam(name);
    const view = await this.view(caller, sessionId);
    return this.fileInfo(view.session, view, fileName, caller.principal, request);
  }

  @Delete(':file_name')
  @HttpCode(204)
  async remove(
    @Caller() caller: Authenticated,
    @Param('update_session_id') id: string,
    @Param('file_name') name: string,
  ) {
    const sessionId = sessionIdParam(id);
    orThrow(
      await this.commands.execute(new RemoveFileCommand(caller.context, sessionId, fileNameParam(name))),
    );
  }

  /** 200 with the result; 400 NOT_ALLOWED_IN_CURRENT_STATE unless ACTIVE, as the spec says. */
  private async validate(caller: Authenticated, sessionId: string) {
    const view = await this.view(caller, sessionId);
    if (view.session.status !== 'ACTIVE')
      orThrow(E.left(notAllowedInCurrentState('CompleteUploadSession', view.session.status)));
    return toValidationResult(view);
  }

  private async view(caller: Authenticated, sessionId: string): Promise<UploadSessionView> {
    return orThrow(
      await this.queries.execute(new GetUploadSessionQuery(caller.principal.organizationId, sessionId)),
    );
  }

  private fileInfo(
    session: UploadSession,
    view: UploadSessionView,
    name: string,
    principal: Principal,
    request: FastifyRequest,
  ) {
    const file = findFile(session, name);
    if (file === undefined) return orThrow(E.left(fileNotFound('AddFile', name)));
    return toFileInfo(file, view, this.uri(session, name, principal, request));
  }

  /** Upload URIs are handed out only while the session can still receive bytes. */
  private uri(
    session: UploadSession,
    name: string,
    principal: Principal,
    request: FastifyRequest,
  ): string | undefined {
    return session.status === 'ACTIVE'
      ? uploadUri(this.signer, this.config.publicBaseUrl, request, principal, session.sessionId, name)
      : undefined;
  }
}
