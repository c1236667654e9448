import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import {
  fileNotFound,
  findFile,
  notAllowedInCurrentState,
  type UploadSession,
} from '@upload-sessions/domain';
import type { Principal } from '@upload-sessions/service-core/auth/principal';
import { UploadUrlSigner } from './auth/upload-url-signer';
import { AddFileCommand } from '@upload-sessions/service-core/sessions/add-file/add-file.command';
import {
  GetUploadSessionQuery,
  type UploadSessionView,
} from '@upload-sessions/read-side/session-queries/get-upload-session.query';
import { RemoveFileCommand } from '@upload-sessions/service-core/sessions/remove-file/remove-file.command';
import type { Authenticated } from './auth/authenticated';
import type { FileAddSpec } from './codecs/vsphere-codecs';
import { invalidArgument, vapiError } from './errors/vapi-error';
import { vapiHttpError } from './errors/vapi-error-renderer';
import { toFileInfo, toValidationResult } from './mapping/session-model';
import { uploadUri } from './upload/upload-uri';
import { orThrow } from './vsphere-responses';
import { CONTENT_CONFIG, type ContentConfig } from '@upload-sessions/service-core/content/content-config';
import {
  SIGNED_URLS_CONFIG,
  type SignedUrlsConfig,
} from '@upload-sessions/service-core/http/signed-urls-config';

/**
 * The files of an update session, as both vSphere path families (`/api` and the legacy `/rest`) serve
 * them: one command or query each, answered as `ContentLibraryItemUpdatesessionFileInfo` models.
 * Errors are thrown as vAPI errors; each family's filter gives them its shape.
 */
@Injectable()
export class SessionFiles {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(UploadUrlSigner) private readonly signer: UploadUrlSigner,
    @Inject(CONTENT_CONFIG) private readonly content: ContentConfig,
    @Inject(SIGNED_URLS_CONFIG) private readonly urls: SignedUrlsConfig,
  ) {}

  /** Adds a PUSH file (PULL is not supported yet) and answers its info with the upload URI. */
  async add(caller: Authenticated, request: FastifyRequest, sessionId: string, spec: FileAddSpec) {
    // A declared size no upload could reach is refused now, not after the client sent MAX_UPLOAD_BYTES.
    if (spec.size !== undefined && spec.size > this.content.maxUploadBytes) {
      throw vapiHttpError(
        invalidArgument(`size must be at most ${this.content.maxUploadBytes} bytes.`, ['size']),
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
    return this.fileInfo({ session, inFlight: {} }, spec.name, caller.principal, request);
  }

  async list(caller: Authenticated, request: FastifyRequest, sessionId: string) {
    const view = await this.view(caller, sessionId);
    return view.session.files.map((file) =>
      toFileInfo(file, view, this.uri(view.session, file.name, caller.principal, request)),
    );
  }

  async get(caller: Authenticated, request: FastifyRequest, sessionId: string, fileName: string) {
    const view = await this.view(caller, sessionId);
    return this.fileInfo(view, fileName, caller.principal, request);
  }

  async remove(caller: Authenticated, sessionId: string, fileName: string): Promise<void> {
    orThrow(await this.commands.execute(new RemoveFileCommand(caller.context, sessionId, fileName)));
  }

  /** The validation result; NOT_ALLOWED_IN_CURRENT_STATE unless ACTIVE, as the spec says. */
  async validate(caller: Authenticated, sessionId: string) {
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

  private fileInfo(view: UploadSessionView, name: string, principal: Principal, request: FastifyRequest) {
    const file = findFile(view.session, name);
    if (file === undefined) return orThrow(E.left(fileNotFound('AddFile', name)));
    return toFileInfo(file, view, this.uri(view.session, name, principal, request));
  }

  /** Upload URIs are handed out only while the session can still receive bytes. */
  private uri(
    session: UploadSession,
    name: string,
    principal: Principal,
    request: FastifyRequest,
  ): string | undefined {
    return session.status === 'ACTIVE'
      ? uploadUri(this.signer, this.urls.publicBaseUrl, request, principal, session.sessionId, name)
      : undefined;
  }
}
